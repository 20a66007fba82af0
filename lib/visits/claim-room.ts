import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { channels, events } from "@/lib/realtime/channels";
import { publish } from "@/lib/realtime/publish";
import { recordVisitEvent } from "@/lib/visits/record-event";
import { notifyProvider } from "@/lib/visits/notify";
import { decideClaim, isLive, type ClaimOutcome } from "@/lib/visits/room-holder";
import type { RoomClaim } from "@/lib/visits/visit-input";
import type { SessionUser } from "@/lib/users/find-user";

/**
 * A page asks to hold the participant's live room for this visit (at its start, with every heartbeat, and on
 * "Use it here"). The server is the arbiter across tabs and devices: one row per (visit, user), changed only
 * by compare-and-set on what the rule in room-holder.ts saw, so two pages asking at once cannot both win
 * (no interactive transaction: a heartbeat must stay cheap under load). A change of hands is announced on the
 * user's own channel, so the page that lost it stops its call at once (its next heartbeat would learn it
 * within seconds anyway); a takeover from a live page is on the visit's timeline as LEFT and JOINED, "moved".
 */
export async function claimRoom(user: Pick<SessionUser, "id">, appointmentId: string, claim: RoomClaim, now = new Date()) {
  const appointment = await db.appointment.findUnique({
    where: { id: appointmentId },
    select: {
      patientId: true,
      providerId: true,
      status: true,
      guests: { where: { userId: user.id, revokedAt: null }, select: { id: true } },
    },
  });
  const guest = (appointment?.guests.length ?? 0) > 0;
  if (!appointment || (appointment.patientId !== user.id && appointment.providerId !== user.id && !guest)) {
    throw new AppError("NOT_FOUND", "That visit does not exist.");
  }
  const outcome = await decideAndWrite(user.id, appointmentId, claim, now);
  if (outcome.kind === "moved" && appointment.status === "SCHEDULED") {
    const flag = guest ? { guest } : {};
    await recordVisitEvent({ appointmentId, type: "LEFT", actorId: user.id, at: now, data: { reason: "moved", ...flag } });
    await recordVisitEvent({
      appointmentId,
      type: "JOINED",
      actorId: user.id,
      at: new Date(now.getTime() + 1),
      data: { reason: "moved", ...flag },
    });
    await notifyProvider(appointment.providerId, appointmentId, "joined");
  }
  if (outcome.kind === "moved" || (outcome.kind === "taken" && outcome.from !== null)) {
    await publish(channels.user(user.id), events.roomHolder, { appointmentId, session: claim.session });
  }
  return { held: outcome.kind !== "refused" };
}

async function decideAndWrite(userId: string, appointmentId: string, claim: RoomClaim, now: Date): Promise<ClaimOutcome> {
  const where = { appointmentId, userId };
  // The first page of this person in this visit creates the row.
  const created = await db.roomHolder.createMany({
    data: { ...where, session: claim.session, heartbeatAt: now, since: now },
    skipDuplicates: true,
  });
  if (created.count === 1) return { kind: "taken", from: null };
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await db.roomHolder.findUnique({
      where: { appointmentId_userId: where },
      select: { session: true, heartbeatAt: true },
    });
    if (!current) throw new AppError("CONFLICT", "The visit room changed while you joined. Please try again.");
    const decided = decideClaim(current, claim, now);
    if (decided.kind === "refused") return decided;
    const data = decided.kind === "renewed" ? { heartbeatAt: now } : { session: claim.session, heartbeatAt: now, since: now };
    // Only if nobody changed it since it was read: otherwise decide again on what is there now.
    const written = await db.roomHolder.updateMany({
      where: { ...where, session: current.session, heartbeatAt: current.heartbeatAt },
      data,
    });
    if (written.count === 1) return decided;
  }
  throw new AppError("CONFLICT", "The visit room is busy changing hands. Please try again.");
}

/** Who holds this person's room now, for the page's first render: a free room (or this tab's own, reloaded) need not wait. */
export async function roomHolderFor(userId: string, appointmentId: string, now = new Date()): Promise<string | null> {
  const holder = await db.roomHolder.findUnique({
    where: { appointmentId_userId: { appointmentId, userId } },
    select: { session: true, heartbeatAt: true },
  });
  return holder && isLive(holder, now) ? holder.session : null;
}
