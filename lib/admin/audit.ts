import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/users/find-user";

export const AUDIT_ACTIONS = {
  "session.view": "Opened a session",
  "session.export": "Exported sessions as CSV",
} as const;
export type AuditAction = keyof typeof AUDIT_ACTIONS;

export type AuditRecord = { id: string; at: Date; actorId: string; actorEmail: string; action: string; targetId: string | null; filter: unknown };

/**
 * Appends one entry to the audit trail. There is deliberately no update or delete here (nor anywhere):
 * the database refuses both, so not even a bug in the app can rewrite who looked at what.
 */
export async function recordAudit(actor: Pick<SessionUser, "id" | "email">, action: AuditAction, details: { targetId?: string; filter?: Prisma.InputJsonObject } = {}) {
  await db.auditEntry.create({
    data: { actorId: actor.id, actorEmail: actor.email, action, targetId: details.targetId ?? null, filter: details.filter ?? {} },
  });
}

/** Newest first, keyset-paginated on the id. */
export async function listAudit(page: { before?: string | null; limit: number }): Promise<{ entries: AuditRecord[]; nextBefore: string | null }> {
  let before: bigint | undefined;
  if (page.before) {
    // Entry ids are PostgreSQL bigints: a larger number is no entry id (and would fail the query).
    if (!/^\d{1,19}$/.test(page.before) || BigInt(page.before) > 9_223_372_036_854_775_807n) throw new AppError("UNPROCESSABLE", "Invalid input (before: must be an entry id).", { fields: { before: "must be an entry id" } });
    before = BigInt(page.before);
  }
  const rows = await db.auditEntry.findMany({
    where: before === undefined ? {} : { id: { lt: before } },
    orderBy: { id: "desc" },
    take: page.limit + 1,
  });
  const entries = rows.slice(0, page.limit).map((r) => ({ ...r, id: r.id.toString() }));
  return { entries, nextBefore: rows.length > page.limit ? (entries.at(-1)?.id ?? null) : null };
}
