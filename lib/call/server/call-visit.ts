import "server-only";
import { AppError } from "@/lib/errors";
import { loadOpenVisit, type LoadedVisit } from "@/lib/visits/load-visit";
import type { SessionUser } from "@/lib/users/find-user";
import type { db } from "@/lib/db";

export type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/** A visit whose call is on: a participant (else 404), window open and admitted, not ended (else 409). */
export async function loadCallVisit(user: Pick<SessionUser, "id">, appointmentId: string, now: Date): Promise<LoadedVisit> {
  const visit = await loadOpenVisit(user, appointmentId, now);
  // The provider's call is on once anyone was let in (a guest may be admitted before the patient).
  const on =
    visit.role === "PROVIDER"
      ? visit.state.phase === "admitted" || Object.values(visit.state.guests).some((g) => g.admittedAt !== null)
      : visit.own.phase === "admitted";
  if (!on) throw new AppError("CONFLICT", "The call has not started: the provider has not admitted the patient yet.");
  return visit;
}

/**
 * Serialises one participant's writes of one kind for one visit until the transaction ends, so
 * "check the latest, then insert" cannot interleave with a concurrent request of the same participant.
 */
export async function lockParticipant(tx: Tx, appointmentId: string, actorId: string, kind: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${kind}:${appointmentId}:${actorId}`}, 0))`;
}
