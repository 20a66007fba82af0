import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordVisitEvent } from "@/lib/visits/record-event";
import { loadCallVisit, lockParticipant } from "@/lib/call/server/call-visit";
import type { ConnectionEventInput } from "@/lib/call/server/call-report-input";
import type { SessionUser } from "@/lib/users/find-user";

/** Reloads and network changes make a handful a minute at most; more is a client gone wrong. */
export const CONNECTION_EVENTS_PER_MINUTE = 30;

/**
 * Records CONNECTED / RECONNECTING / RECONNECTED for one participant's peer session. Each kind is
 * stored at most once per peer session (a repeat answers `recorded: false`), so retries and double
 * reports do not inflate the visit's history. CONNECTED and RECONNECTED carry the candidate types and
 * whether the media is relayed through TURN.
 */
export async function recordConnection(
  user: Pick<SessionUser, "id">,
  appointmentId: string,
  input: ConnectionEventInput,
  now = new Date(),
) {
  const visit = await loadCallVisit(user, appointmentId, now);
  // A pair with a guest in it is not the patient's call with the provider: kept out of the patient's figures.
  const guestPair = visit.role === "GUEST" || visit.guests.some((g) => g.userId === input.peer);
  const pair = { ...(input.peer ? { peer: input.peer } : {}), ...(guestPair ? { guest: true } : {}) };
  const types =
    input.event === "RECONNECTING"
      ? {}
      : {
          localCandidateType: input.localCandidateType ?? null,
          remoteCandidateType: input.remoteCandidateType ?? null,
          relayed: input.localCandidateType === "relay" || input.remoteCandidateType === "relay",
        };
  return db.$transaction(async (tx) => {
    await lockParticipant(tx, appointmentId, user.id, "CONNECTION");
    // Once per peer session and pair: in a mesh one session has a link to each remote.
    const already = await tx.visitEvent.count({
      where: {
        appointmentId,
        actorId: user.id,
        type: input.event,
        AND: [
          { data: { path: ["session"], equals: input.session } },
          ...(input.peer ? [{ data: { path: ["peer"], equals: input.peer } }] : []),
        ],
      },
    });
    if (already > 0) return { recorded: false as const };
    const recent = await tx.visitEvent.count({
      where: {
        appointmentId,
        actorId: user.id,
        type: { in: ["CONNECTED", "RECONNECTING", "RECONNECTED"] },
        at: { gt: new Date(now.getTime() - 60_000) },
      },
    });
    if (recent >= CONNECTION_EVENTS_PER_MINUTE) {
      throw new AppError("RATE_LIMITED", "Too many connection reports. Please wait a moment.", { retryAfterSeconds: 60 });
    }
    const event = await recordVisitEvent(
      { appointmentId, type: input.event, actorId: user.id, at: now, data: { session: input.session, ...types, ...pair } },
      tx,
    );
    return { recorded: true as const, at: event.at };
  });
}
