import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { channels, events } from "@/lib/realtime/channels";
import { publish } from "@/lib/realtime/publish";
import { loadVisit, type LoadedVisit } from "@/lib/visits/load-visit";
import { notifyVisit } from "@/lib/visits/notify";
import { recordVisitEvent } from "@/lib/visits/record-event";

/**
 * The visit's provider removes a guest: the invitation is revoked, every link of the guest switched off and its
 * user deactivated (an open link session is refused at its next request: GET visit, TURN, presence auth), with
 * GUEST_REMOVED on the timeline. The guest's tabs are told to stop their call at once; everyone re-reads.
 * Removing a guest already removed changes nothing.
 */
export async function removeGuest(user: { id: string }, appointmentId: string, guestId: string, now = new Date()): Promise<LoadedVisit> {
  const visit = await loadVisit(user, appointmentId, now);
  if (visit.role !== "PROVIDER") throw new AppError("FORBIDDEN", "Only the visit's provider can remove a guest.");
  const guest = await db.visitGuest.findFirst({
    where: { id: guestId, appointmentId },
    select: { id: true, userId: true, name: true, role: true, revokedAt: true },
  });
  if (!guest) throw new AppError("NOT_FOUND", "That guest is not invited to this visit.");
  if (guest.revokedAt) return visit;
  const removed = await db.$transaction(async (tx) => {
    const { count } = await tx.visitGuest.updateMany({ where: { id: guest.id, revokedAt: null }, data: { revokedAt: now } });
    if (count === 0) return false;
    await tx.visitLink.updateMany({ where: { userId: guest.userId, revokedAt: null }, data: { revokedAt: now } });
    await tx.user.update({ where: { id: guest.userId }, data: { active: false, sessionVersion: { increment: 1 } } });
    await recordVisitEvent(
      {
        appointmentId,
        type: "GUEST_REMOVED",
        actorId: user.id,
        at: now,
        data: { guestId: guest.userId, name: guest.name, role: guest.role },
      },
      tx,
    );
    return true;
  });
  if (removed) {
    await publish(channels.user(guest.userId), events.sessionEnded, { reason: "removed", appointmentId });
    await notifyVisit(appointmentId, "guests", [guest.userId]);
  }
  return loadVisit(user, appointmentId, now);
}
