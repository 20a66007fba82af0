import { appUrl } from "@/lib/app-url";
import { channels, events } from "@/lib/realtime/channels";
import { publish } from "@/lib/realtime/publish";
import { queueAppointmentEmails } from "@/lib/mail/appointment-emails";
import type { AppointmentRow } from "@/lib/appointments/appointment-view";

export type AppointmentChange = "booked" | "rescheduled" | "cancelled";

export function visitUrl(appointmentId: string): string {
  return appUrl(`/visits/${appointmentId}`);
}

/**
 * Tells both parties: live on their own channels (only ids and times: a Pusher payload never carries the
 * reason), and by email (queued) with a calendar file in each reader's own time zone.
 */
export async function announceAppointmentChange(
  row: AppointmentRow,
  change: AppointmentChange,
  context: { actorId: string; invitation?: boolean },
): Promise<void> {
  const payload = { appointmentId: row.id, change, start: row.startsAt.toISOString(), status: row.status, byId: context.actorId };
  await Promise.all([
    publish(channels.user(row.patientId), events.appointmentChanged, payload),
    publish(channels.user(row.providerId), events.appointmentChanged, payload),
  ]);
  // Every email goes through the queue: a failed send is retried with backoff, not lost.
  await queueAppointmentEmails(row, change === "booked" && context.invitation ? "invitation" : change);
}
