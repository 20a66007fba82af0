import "server-only";
import { db } from "@/lib/db";
import type { ChannelViewer } from "@/lib/realtime/channel-rules";
import { visitWindow, windowStatus } from "@/lib/visits/visit-window";
import { visitWindowRules } from "@/lib/visits/rules";

/** The visit channel is for the appointment's patient, provider and guests not removed, only while its room is open. */
export async function mayJoinVisit(viewer: ChannelViewer, appointmentId: string, now = new Date()): Promise<boolean> {
  const appointment = await db.appointment.findUnique({
    where: { id: appointmentId },
    select: {
      patientId: true,
      providerId: true,
      startsAt: true,
      endsAt: true,
      status: true,
      guests: { where: { userId: viewer.id, revokedAt: null }, select: { id: true } },
    },
  });
  if (!appointment || appointment.status !== "SCHEDULED") return false;
  if (appointment.patientId !== viewer.id && appointment.providerId !== viewer.id && appointment.guests.length === 0) return false;
  return windowStatus(visitWindow({ start: appointment.startsAt, end: appointment.endsAt }, visitWindowRules()), now) === "open";
}
