-- CreateEnum
CREATE TYPE "GuestRole" AS ENUM ('INTERPRETER', 'CAREGIVER', 'CLINICIAN', 'OTHER');

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'GUEST';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "VisitEventType" ADD VALUE 'GUEST_INVITED';
ALTER TYPE "VisitEventType" ADD VALUE 'GUEST_REMOVED';

-- AlterTable
ALTER TABLE "Appointment" ADD COLUMN     "patientMayInvite" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "VisitGuest" (
    "id" TEXT NOT NULL,
    "appointmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "GuestRole" NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "email" TEXT,
    "invitedById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "VisitGuest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "VisitGuest_userId_key" ON "VisitGuest"("userId");

-- CreateIndex
CREATE INDEX "VisitGuest_appointmentId_idx" ON "VisitGuest"("appointmentId");

-- AddForeignKey
ALTER TABLE "VisitGuest" ADD CONSTRAINT "VisitGuest_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitGuest" ADD CONSTRAINT "VisitGuest_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
