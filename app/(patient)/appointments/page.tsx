import { requestTime } from "@/lib/clock";
import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/page";
import { listOwnAppointments } from "@/lib/appointments/list-appointments";
import { channels, events } from "@/lib/realtime/channels";
import { RefreshOnEvent } from "@/components/realtime/refresh-on-event";
import { AppointmentCard } from "@/components/appointments/appointment-card";
import { Alert } from "@/components/ui/alert";
import { getClinicContact } from "@/lib/clinic/contact";

export const metadata: Metadata = { title: "My appointments" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AppointmentsPage({ searchParams }: Props) {
  const user = await requirePageUser(["PATIENT"], "/appointments");
  const now = requestTime();
  const [{ upcoming, past }, contact] = await Promise.all([listOwnAppointments(user), getClinicContact()]);
  const params = await searchParams;
  return (
    <section className="space-y-8">
      <RefreshOnEvent channel={channels.user(user.id)} event={events.appointmentChanged} />
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">My appointments</h1>
          <p className="text-slate-700">
            Hello {user.name}. Times are shown in your time zone, <strong>{user.timeZone.replaceAll("_", " ")}</strong>.
          </p>
        </div>
        <Link href="/book" className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
          Book a visit
        </Link>
      </div>
      {params.booked && <Alert tone="success">Your visit is booked. A confirmation with a calendar file is on its way by email.</Alert>}
      {params.moved && <Alert tone="success">Your visit has moved. Your calendar file is updated.</Alert>}
      <section aria-labelledby="upcoming-heading" className="space-y-3">
        <h2 id="upcoming-heading" className="text-lg font-semibold">Upcoming</h2>
        {upcoming.length === 0 ? (
          <p className="text-slate-700">No upcoming visits.</p>
        ) : (
          <ul className="space-y-3">
            {upcoming.map((a) => (
              <AppointmentCard key={a.id} appointment={a} viewer={{ role: "PATIENT", timeZone: user.timeZone }} now={now} contact={contact} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="past-heading" className="space-y-3">
        <h2 id="past-heading" className="text-lg font-semibold">Past</h2>
        {past.length === 0 ? (
          <p className="text-slate-700">No past visits yet.</p>
        ) : (
          <ul className="space-y-3">
            {past.map((a) => (
              <AppointmentCard key={a.id} appointment={a} viewer={{ role: "PATIENT", timeZone: user.timeZone }} now={now} contact={contact} />
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
