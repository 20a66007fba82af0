import type { AppointmentStatus } from "@/lib/generated/prisma/enums";
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import { TZDate } from "@date-fns/tz";

// A zone's VTIMEZONE never changes while the process runs; building it was most of a calendar file's cost.
const vtimezones = new Map<string, string | null>();
function vtimezone(zone: string): string | null {
  if (!vtimezones.has(zone)) vtimezones.set(zone, getVtimezoneComponent(zone) ?? null);
  return vtimezones.get(zone) ?? null;
}

export type IcsAppointment = {
  id: string;
  start: Date;
  end: Date;
  status: AppointmentStatus;
  /** Bumped on every reschedule or cancellation, so calendars replace the old copy (RFC 5545 SEQUENCE). */
  sequence: number;
  providerName: string;
  patientName: string;
  visitUrl: string;
};

/**
 * The calendar file for one appointment, in the reader's time zone (TZID with its VTIMEZONE). The UID
 * stays the same across reschedules so calendars move the event; a cancellation is METHOD:CANCEL.
 */
export function appointmentIcs(appointment: IcsAppointment, options: { timeZone: string; forRole: "PATIENT" | "PROVIDER" }): string {
  const cancelled = appointment.status === "CANCELLED";
  const calendar = ical({
    prodId: { company: "Consult", product: "Consult", language: "EN" },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    timezone: { name: null, generator: vtimezone },
  });
  const other = options.forRole === "PATIENT" ? appointment.providerName : appointment.patientName;
  calendar.createEvent({
    id: `${appointment.id}@consult`,
    sequence: appointment.sequence,
    // ical-generator writes wall-clock digits from a zone-aware date; a plain Date would be labelled with the TZID unconverted.
    start: new TZDate(appointment.start.getTime(), options.timeZone),
    end: new TZDate(appointment.end.getTime(), options.timeZone),
    stamp: new TZDate(Date.now(), "UTC"),
    timezone: options.timeZone,
    summary: `Video visit with ${other}`,
    description: cancelled ? "This visit was cancelled." : `Join from your browser a few minutes before the start: ${appointment.visitUrl}`,
    url: appointment.visitUrl,
    location: "Video visit (Consult)",
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return calendar.toString();
}
