import { env } from "@/lib/env";
import { defer } from "@/lib/defer";
import { channels, events } from "@/lib/realtime/channels";
import { publish } from "@/lib/realtime/publish";
import { sendMail } from "@/lib/mail/send-mail";
import { appointmentIcs } from "@/lib/calendar/appointment-ics";
import { formatInZone } from "@/lib/format-time";
import type { AppointmentRow } from "@/lib/appointments/appointment-view";

export type AppointmentChange = "booked" | "rescheduled" | "cancelled";

const subjects: Record<AppointmentChange, string> = {
  booked: "Your video visit is booked",
  rescheduled: "Your video visit has moved",
  cancelled: "Your video visit is cancelled",
};

export function visitUrl(appointmentId: string): string {
  return `${env().NEXTAUTH_URL ?? "http://127.0.0.1:3000"}/visits/${appointmentId}`;
}

/**
 * Tells both parties: live on their own channels (only ids and times: a Pusher payload never carries the
 * reason), and by email with a calendar file in each reader's own time zone.
 */
export async function announceAppointmentChange(row: AppointmentRow, change: AppointmentChange, context: { actorId: string }): Promise<void> {
  const payload = { appointmentId: row.id, change, start: row.startsAt.toISOString(), status: row.status, byId: context.actorId };
  await Promise.all([
    publish(channels.user(row.patientId), events.appointmentChanged, payload),
    publish(channels.user(row.providerId), events.appointmentChanged, payload),
  ]);
  defer(async () => {
    await Promise.all(
      (["PATIENT", "PROVIDER"] as const).map((role) => {
        const person = role === "PATIENT" ? row.patient : row.provider;
        const other = role === "PATIENT" ? row.provider.name : row.patient.name;
        const when = formatInZone(row.startsAt, person.timeZone, { withZone: true });
        const ics = appointmentIcs(
          { id: row.id, start: row.startsAt, end: row.endsAt, status: row.status, sequence: row.sequence, providerName: row.provider.name, patientName: row.patient.name, visitUrl: visitUrl(row.id) },
          { timeZone: person.timeZone, forRole: role },
        );
        const lines =
          change === "cancelled"
            ? [`The video visit with ${other} on ${when} is cancelled.`, row.cancelReason ? `Reason given: ${row.cancelReason}` : ""]
            : [`Video visit with ${other}: ${when}.`, `Join from your browser up to 15 minutes before: ${visitUrl(row.id)}`];
        return sendMail({
          to: person.email,
          subject: subjects[change],
          text: lines.filter(Boolean).join("\n\n"),
          attachments: [{ filename: "visit.ics", content: ics, contentType: `text/calendar; charset=utf-8; method=${change === "cancelled" ? "CANCEL" : "REQUEST"}` }],
        });
      }),
    );
  });
}
