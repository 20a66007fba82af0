import "server-only";
import { db } from "@/lib/db";
import { channels, events } from "@/lib/realtime/channels";
import { publish } from "@/lib/realtime/publish";

export type VisitChange =
  "device-check" | "checked-in" | "running-late" | "admitted" | "joined" | "left" | "ended" | "no-show" | "queue" | "guests";

/** Payloads carry ids and the kind of change only; the receiver re-reads what it is allowed to see. */
export function notifyProvider(providerId: string, appointmentId: string, change: VisitChange) {
  return publish(channels.provider(providerId), events.waitingRoom, { appointmentId, change, at: Date.now() });
}

export function notifyParticipant(userId: string, appointmentId: string, change: VisitChange) {
  return publish(channels.user(userId), events.visitState, { appointmentId, change, at: Date.now() });
}

/**
 * Everyone in the visit re-reads it: the provider's dashboard and pages, the patient and every guest not
 * removed (a guest's change concerns them all: who is invited, who is waiting, who was let in).
 */
export async function notifyVisit(appointmentId: string, change: VisitChange, also: string[] = []) {
  const row = await db.appointment.findUnique({
    where: { id: appointmentId },
    select: { patientId: true, providerId: true, guests: { where: { revokedAt: null }, select: { userId: true } } },
  });
  if (!row) return;
  // The provider's dashboard hears on the provider channel, every visit page (the provider's too) on its user's own.
  const people = new Set([row.patientId, row.providerId, ...row.guests.map((g) => g.userId), ...also]);
  await Promise.all([
    notifyProvider(row.providerId, appointmentId, change),
    ...[...people].map((id) => notifyParticipant(id, appointmentId, change)),
  ]);
}

/** Only the visit's guests not removed (the patient and the provider are told by the caller, as before guests). */
export async function notifyGuests(appointmentId: string, change: VisitChange) {
  const guests = await db.visitGuest.findMany({ where: { appointmentId, revokedAt: null }, select: { userId: true } });
  await Promise.all(guests.map((g) => notifyParticipant(g.userId, appointmentId, change)));
}
