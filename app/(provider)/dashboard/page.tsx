import { requestTime } from "@/lib/clock";
import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page";
import { listOwnAppointments } from "@/lib/appointments/list-appointments";
import { channels, events } from "@/lib/realtime/channels";
import { dateKeyInZone, formatInZone } from "@/lib/format-time";
import { RefreshOnEvent } from "@/components/realtime/refresh-on-event";
import { AppointmentCard } from "@/components/appointments/appointment-card";
import { ProviderNav } from "@/components/provider/provider-nav";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requirePageUser(["PROVIDER"], "/dashboard");
  const now = requestTime();
  const { upcoming } = await listOwnAppointments(user);
  const today = dateKeyInZone(new Date(now), user.timeZone);
  const todays = upcoming.filter((a) => dateKeyInZone(new Date(a.start), user.timeZone) === today);
  const later = upcoming.filter((a) => dateKeyInZone(new Date(a.start), user.timeZone) !== today && a.status === "SCHEDULED");
  return (
    <section className="space-y-8">
      <ProviderNav />
      <RefreshOnEvent channel={channels.user(user.id)} event={events.appointmentChanged} />
      <div>
        <h1 className="text-2xl font-semibold">Today</h1>
        <p className="text-slate-700">
          {formatInZone(new Date(now), user.timeZone, { dateOnly: true })}, shown in <strong>{user.timeZone.replaceAll("_", " ")}</strong>.
        </p>
      </div>
      <div className="space-y-3">
        <h2 className="text-lg font-semibold">Today&apos;s visits</h2>
        {todays.length === 0 ? (
          <p className="text-slate-700">No more visits today.</p>
        ) : (
          <ul className="space-y-3">
            {todays.map((a) => (
              <AppointmentCard key={a.id} appointment={a} viewer={{ role: "PROVIDER", timeZone: user.timeZone }} now={now} />
            ))}
          </ul>
        )}
      </div>
      <div className="space-y-3">
        <h2 className="text-lg font-semibold">Coming up</h2>
        {later.length === 0 ? (
          <p className="text-slate-700">Nothing booked yet.</p>
        ) : (
          <ul className="space-y-3">
            {later.slice(0, 50).map((a) => (
              <AppointmentCard key={a.id} appointment={a} viewer={{ role: "PROVIDER", timeZone: user.timeZone }} now={now} />
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
