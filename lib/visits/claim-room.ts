import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { channels, events } from "@/lib/realtime/channels";
import { publish } from "@/lib/realtime/publish";
import { recordVisitEvent } from "@/lib/visits/record-event";
import { notifyProvider } from "@/lib/visits/notify";
import { decideClaim, type ClaimOutcome, type RoomClaim } from "@/lib/visits/room-holder";
import type { SessionUser } from "@/lib/users/find-user";

/**
 * A page asks to hold the participant's live room for this visit (at its start, with every heartbeat, and on
 * "Use it here"). The server is the arbiter across tabs and devices: one row per (visit, user), locked while
 * the rule in room-holder.ts decides. A change of hands is announced on the user's own channel, so the page
 * that lost it stops its call at once (its next heartbeat would learn it within seconds anyway); a takeover
 * from a live page is on the visit's timeline as LEFT and JOINED with the reason "moved".
 */
export async function claimRoom(user: Pick<SessionUser, "id">, appointmentId: string, claim: RoomClaim, now = new Date()) {
  const appointment = await db.appointment.findUnique({
    where: { id: appointmentId },
    select: { patientId: true, providerId: true, status: true },
  });
  if (!appointment || (appointment.patientId !== user.id && appointment.providerId !== user.id)) {
    throw new AppError("NOT_FOUND", "That visit does not exist.");
  }
  const key = { appointmentId_userId: { appointmentId, userId: user.id } };
  const outcome = await db.$transaction(async (tx): Promise<ClaimOutcome> => {
    // The first page of this person in this visit creates the row; anyone else waits here for its lock.
    const created = await tx.roomHolder.createMany({
      data: { appointmentId, userId: user.id, session: claim.session, heartbeatAt: now, since: now },
      skipDuplicates: true,
    });
    if (created.count === 1) return { kind: "taken", from: null };
    const [current] = await tx.$queryRaw<{ session: string; heartbeatAt: Date }[]>`
      SELECT session, "heartbeatAt" FROM "RoomHolder" WHERE "appointmentId" = ${appointmentId} AND "userId" = ${user.id} FOR UPDATE`;
    const decided = decideClaim(current ?? null, claim, now);
    if (decided.kind === "renewed") await tx.roomHolder.update({ where: key, data: { heartbeatAt: now } });
    if (decided.kind === "taken" || decided.kind === "moved") {
      await tx.roomHolder.update({ where: key, data: { session: claim.session, heartbeatAt: now, since: now } });
    }
    if (decided.kind === "moved" && appointment.status === "SCHEDULED") {
      await recordVisitEvent({ appointmentId, type: "LEFT", actorId: user.id, at: now, data: { reason: "moved" } }, tx);
      const after = new Date(now.getTime() + 1);
      await recordVisitEvent({ appointmentId, type: "JOINED", actorId: user.id, at: after, data: { reason: "moved" } }, tx);
    }
    return decided;
  });
  if (outcome.kind === "moved" || (outcome.kind === "taken" && outcome.from !== null)) {
    await publish(channels.user(user.id), events.roomHolder, { appointmentId, session: claim.session });
  }
  if (outcome.kind === "moved") await notifyProvider(appointment.providerId, appointmentId, "joined");
  return { held: outcome.kind !== "refused" };
}
