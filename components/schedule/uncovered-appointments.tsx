import { formatVisit } from "@/components/schedule/format";
import type { UncoveredAppointment } from "@/lib/working-hours/find-uncovered-appointments";

/** Booked visits that the current hours no longer cover: still booked, for the provider to contact or cancel. */
export function UncoveredAppointments({ appointments, timeZone }: { appointments: UncoveredAppointment[]; timeZone: string }) {
  if (appointments.length === 0) return null;
  return (
    <section
      id="outside-hours"
      aria-labelledby="outside-hours-heading"
      className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4"
    >
      <h2 id="outside-hours-heading" className="text-xl font-semibold text-amber-950">
        Appointments outside your hours
      </h2>
      <p className="text-sm text-amber-950">
        {appointments.length === 1 ? "This visit is" : `These ${appointments.length} visits are`} still booked, but your hours no longer
        cover {appointments.length === 1 ? "it" : "them"}. Contact the patient or cancel the visit.
      </p>
      <ul className="space-y-1">
        {appointments.map((a) => (
          <li key={a.id} className="text-sm text-slate-900">
            <strong>{a.patientName}</strong>: <time dateTime={a.start}>{formatVisit(a.start, a.end, timeZone)}</time>
          </li>
        ))}
      </ul>
    </section>
  );
}
