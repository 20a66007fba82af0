-- AlterTable: names beside the ids (existing entries keep an empty actor name and no target name; the
-- append-only trigger refuses row updates, so they are not back-filled).
ALTER TABLE "AuditEntry" ADD COLUMN     "actorName" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "targetName" TEXT;
