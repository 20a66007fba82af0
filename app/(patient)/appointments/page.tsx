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
import { currentBanner, type Banner } from "@/lib/appointments/banner";
import type { AppointmentView } from "@/lib/appointments/appointment-view";
import { formatInZone } from "@/lib/format-time";

export const metadata: Metadata = { title: "My appointments" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AppointmentsPage({ searchParams }: Props) {
  const user = await requirePageUser(["PATIENT"], "/appointments");
  const now = requestTime();
  const [{ upcoming, past }, contact] = await Promise.all([listOwnAppointments(user), getClinicContact()]);
  const params = await searchParams;
  const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);
  const statusOf = (id: string) => [...upcoming, ...past].find((a) => a.id === id)?.status;
  const banner = currentBanner({ booked: one(params.booked), moved: one(params.moved), cancelled: one(params.cancelled) }, statusOf);
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
        <Link href="/book" className="tap-button bg-brand-600 font-medium text-white hover:bg-brand-700">
          Book a visit
        </Link>
      </div>
      {banner && <BannerAlert banner={banner} appointments={[...upcoming, ...past]} timeZone={user.timeZone} />}
      <section aria-labelledby="upcoming-heading" className="space-y-3">
        <h2 id="upcoming-heading" className="text-lg font-semibold">
          Upcoming
        </h2>
        {upcoming.length === 0 ? (
          <p className="text-slate-700">No upcoming visits.</p>
        ) : (
          <ul className="space-y-3">
            {upcoming.map((a) => (
              <AppointmentCard
                key={a.id}
                appointment={a}
                viewer={{ role: "PATIENT", timeZone: user.timeZone }}
                now={now}
                contact={contact}
              />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="past-heading" className="space-y-3">
        <h2 id="past-heading" className="text-lg font-semibold">
          Past
        </h2>
        {past.length === 0 ? (
          <p className="text-slate-700">No past visits yet.</p>
        ) : (
          <ul className="space-y-3">
            {past.map((a) => (
              <AppointmentCard
                key={a.id}
                appointment={a}
                viewer={{ role: "PATIENT", timeZone: user.timeZone }}
                now={now}
                contact={contact}
              />
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}

function BannerAlert({ banner, appointments, timeZone }: { banner: Banner; appointments: AppointmentView[]; timeZone: string }) {
  const a = appointments.find((x) => x.id === banner.appointmentId);
  if (!a) return null;
  const when = `${a.providerName} on ${formatInZone(new Date(a.start), timeZone)}`;
  const text = {
    booked: `Your visit with ${when} is booked. A confirmation with a calendar file is on its way by email.`,
    moved: `Your visit has moved: it is now with ${when}. Your calendar file is updated.`,
    cancelled: `Your visit with ${when} is cancelled. A cancellation is on its way by email.`,
  }[banner.kind];
  return (
    <div data-banner={banner.kind}>
      <Alert tone={banner.tone}>{text}</Alert>
    </div>
  );
}
