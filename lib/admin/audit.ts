import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatInZone } from "@/lib/format-time";
import type { SessionUser } from "@/lib/users/find-user";
import type { SessionFilterInput } from "@/lib/admin/session-filters";

export const AUDIT_ACTIONS = {
  "session.view": "Opened a session",
  "session.export": "Exported sessions as CSV",
  "user.create-provider": "Created a provider",
  "user.role": "Changed a role",
  "user.deactivate": "Deactivated an account",
  "user.reactivate": "Reactivated an account",
} as const;
export type AuditAction = keyof typeof AUDIT_ACTIONS;

export type AuditRecord = {
  id: string;
  at: Date;
  actorId: string;
  actorEmail: string;
  actorName: string;
  action: string;
  targetId: string | null;
  targetName: string | null;
  filter: unknown;
};

type Actor = Pick<SessionUser, "id" | "email" | "name">;
type Client = Pick<typeof db, "auditEntry">;

/**
 * Appends one entry to the audit trail. There is deliberately no update or delete here (nor anywhere):
 * the database refuses both, so not even a bug in the app can rewrite who looked at what. Pass the
 * transaction of the change it records, so that the change and its entry stand or fall together.
 */
export async function recordAudit(
  actor: Actor,
  action: AuditAction,
  details: { targetId?: string; targetName?: string; filter?: Prisma.InputJsonObject } = {},
  client: Client = db,
) {
  await client.auditEntry.create({
    data: {
      actorId: actor.id,
      actorEmail: actor.email,
      actorName: actor.name,
      action,
      targetId: details.targetId ?? null,
      targetName: details.targetName ?? null,
      filter: details.filter ?? {},
    },
  });
}

/** "Pat Doe with Dr. Okafor, Mon 3 Dec 2026, 10:00 (Europe/London)": a visit as the audit trail names it. */
export function visitLabel(visit: { patientName: string; providerName: string; startsAt: Date }, timeZone: string): string {
  return `${visit.patientName} with ${visit.providerName}, ${formatInZone(visit.startsAt, timeZone, { withZone: true })}`;
}

export async function recordSessionView(
  admin: Actor & { timeZone: string },
  visit: { id: string; patientName: string; providerName: string; startsAt: Date },
  via: "page" | "api",
) {
  await recordAudit(admin, "session.view", { targetId: visit.id, targetName: visitLabel(visit, admin.timeZone), filter: { via } });
}

/** The export's filter as the admin gave it, with the provider named rather than given by id. */
export async function recordSessionExport(
  admin: Actor & { timeZone: string },
  filter: Record<string, string>,
  input: Pick<SessionFilterInput, "providerId">,
) {
  const provider = input.providerId ? await db.user.findUnique({ where: { id: input.providerId }, select: { name: true } }) : null;
  const { providerId, ...rest } = filter;
  const described = { ...rest, ...(providerId ? { provider: provider?.name ?? "unknown provider" } : {}), timeZone: admin.timeZone };
  await recordAudit(admin, "session.export", {
    filter: described,
    ...(provider ? { targetId: input.providerId, targetName: provider.name } : {}),
  });
}

/** Newest first, keyset-paginated on the id. */
export async function listAudit(page: {
  before?: string | null;
  limit: number;
}): Promise<{ entries: AuditRecord[]; nextBefore: string | null }> {
  let before: bigint | undefined;
  if (page.before) {
    // Entry ids are PostgreSQL bigints: a larger number is no entry id (and would fail the query).
    if (!/^\d{1,19}$/.test(page.before) || BigInt(page.before) > 9_223_372_036_854_775_807n)
      throw new AppError("UNPROCESSABLE", "That is not a page of the audit trail. Start again from the newest entries.", {
        fields: { before: "must be an entry id" },
      });
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
