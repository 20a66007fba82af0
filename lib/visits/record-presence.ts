import "server-only";
import { db } from "@/lib/db";
import { parseChannel } from "@/lib/realtime/channels";
import { recordVisitEvent } from "@/lib/visits/record-event";
import { notifyProvider, notifyVisit } from "@/lib/visits/notify";

type PresenceEvent = { name: string; channel: string; user_id?: string };

/**
 * JOINED and LEFT come from Pusher's signed presence webhooks (the server's view), never from a client's claim.
 * Only the appointment's own participants are recorded.
 */
export async function recordPresence(event: PresenceEvent, at: Date): Promise<void> {
  if (event.name !== "member_added" && event.name !== "member_removed") return;
  const channel = parseChannel(event.channel);
  if (channel?.kind !== "visit" || !event.user_id) return;
  const appointment = await db.appointment.findUnique({
    where: { id: channel.appointmentId },
    select: { patientId: true, providerId: true, guests: { select: { userId: true } } },
  });
  if (!appointment) return;
  // A guest (removed or not: its leaving after removal is part of the record) is marked, so the patient's
  // presence and figures ignore it. Compared here, not in SQL: a webhook's user id is any string (even a NUL).
  const guest = appointment.guests.some((g) => g.userId === event.user_id);
  if (event.user_id !== appointment.patientId && event.user_id !== appointment.providerId && !guest) return;
  const joined = event.name === "member_added";
  await recordVisitEvent({
    appointmentId: channel.appointmentId,
    type: joined ? "JOINED" : "LEFT",
    actorId: event.user_id,
    at,
    data: { source: "pusher-webhook", ...(guest ? { guest } : {}) },
  });
  if (guest) await notifyVisit(channel.appointmentId, joined ? "joined" : "left");
  else await notifyProvider(appointment.providerId, channel.appointmentId, joined ? "joined" : "left");
}
