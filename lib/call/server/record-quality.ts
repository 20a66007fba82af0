import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordVisitEvent } from "@/lib/visits/record-event";
import { loadCallVisit, lockParticipant } from "@/lib/call/server/call-visit";
import type { QualitySampleInput } from "@/lib/call/server/call-report-input";
import type { SessionUser } from "@/lib/users/find-user";

/** Browsers sample every ~5 s; anything faster than this from one participant is refused. */
export const QUALITY_MIN_INTERVAL_MS = 3000;

/**
 * Stores one participant's quality sample as a QUALITY visit event, at most one per
 * QUALITY_MIN_INTERVAL_MS per participant (429 with Retry-After beyond that).
 */
export async function recordQuality(user: Pick<SessionUser, "id">, appointmentId: string, sample: QualitySampleInput, now = new Date()) {
  const visit = await loadCallVisit(user, appointmentId, now);
  // A pair with a guest in it is not the patient's call with the provider: kept out of the patient's figures.
  const guest = visit.role === "GUEST" || visit.guests.some((g) => g.userId === sample.peer) ? { guest: true } : {};
  const relayed = sample.localCandidateType === "relay" || sample.remoteCandidateType === "relay";
  return db.$transaction(async (tx) => {
    await lockParticipant(tx, appointmentId, user.id, "QUALITY");
    // One sample per pair every few seconds: a participant in a mesh samples each of its links.
    const latest = await tx.visitEvent.findFirst({
      where: {
        appointmentId,
        actorId: user.id,
        type: "QUALITY",
        ...(sample.peer ? { data: { path: ["peer"], equals: sample.peer } } : {}),
      },
      orderBy: { at: "desc" },
      select: { at: true },
    });
    const since = latest ? now.getTime() - latest.at.getTime() : Infinity;
    if (since < QUALITY_MIN_INTERVAL_MS) {
      const retryAfterSeconds = Math.max(1, Math.ceil((QUALITY_MIN_INTERVAL_MS - since) / 1000));
      throw new AppError("RATE_LIMITED", "Quality samples come too often: at most one every 3 seconds.", { retryAfterSeconds });
    }
    return recordVisitEvent({ appointmentId, type: "QUALITY", actorId: user.id, at: now, data: { ...sample, relayed, ...guest } }, tx);
  });
}
