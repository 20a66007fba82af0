import type { Metadata } from "next";
import Link from "next/link";
import { requestTime } from "@/lib/clock";
import { requirePageUser } from "@/lib/auth/page";
import { listOwnAppointments } from "@/lib/appointments/list-appointments";
import { loadProviderDay, type DayVisit } from "@/lib/visits/provider-day";
import { channels, events } from "@/lib/realtime/channels";
import { dateKeyInZone, formatInZone } from "@/lib/format-time";
import { RefreshOnEvent } from "@/components/realtime/refresh-on-event";
import { AppointmentCard } from "@/components/appointments/appointment-card";
import { ProviderNav } from "@/components/provider/provider-nav";
import { WaitingCard } from "@/components/waiting-room/waiting-card";
import { CameraPreview } from "@/components/waiting-room/camera-preview";
import { ArrivalAlerts } from "@/components/waiting-room/arrival-alerts";
import { NoShowButton } from "@/components/waiting-room/no-show-button";
import { AdmitCallHost } from "@/components/waiting-room/admit-call-host";
import { CardGuests, GuestsDisclosure } from "@/components/guests/dashboard-guests";
import { visitWindow, windowStatus } from "@/lib/visits/visit-window";
import { visitWindowRules } from "@/lib/visits/rules";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requirePageUser(["PROVIDER"], "/dashboard");
  const now = requestTime();
  const day = await loadProviderDay(user, new Date(now));
  const { upcoming } = await listOwnAppointments(user, new Date(now));
  const today = dateKeyInZone(new Date(now), user.timeZone);
  const later = upcoming.filter((a) => dateKeyInZone(new Date(a.start), user.timeZone) !== today && a.status === "SCHEDULED");
  const time = (v: DayVisit) => formatInZone(new Date(v.start), user.timeZone, { timeOnly: true });
  // A guest may check in before the patient: while a visit's room is open its card shows them, live.
  const roomOpen = (v: DayVisit) =>
    windowStatus(visitWindow({ start: new Date(v.start), end: new Date(v.end) }, visitWindowRules()), new Date(now)) === "open";
  return (
    <AdmitCallHost self={{ id: user.id, name: user.name, timeZone: user.timeZone }}>
      <section className="space-y-8">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <ProviderNav />
          <div className="flex items-center gap-4">
            <ArrivalAlerts providerId={user.id} />
            <RefreshOnEvent channel={channels.provider(user.id)} event={events.waitingRoom} />
          </div>
        </div>
        <RefreshOnEvent channel={channels.user(user.id)} event={events.appointmentChanged} quiet />
        <div>
          <h1 className="text-2xl font-semibold">Today</h1>
          <p className="text-slate-700">
            {formatInZone(new Date(now), user.timeZone, { dateOnly: true })}, shown in <strong>{user.timeZone.replaceAll("_", " ")}</strong>
            .
          </p>
        </div>
        <section aria-labelledby="waiting-title" className="space-y-3">
          <h2 id="waiting-title" className="text-lg font-semibold">
            Waiting room ({day.waiting.length})
          </h2>
          {day.waiting.length === 0 ? (
            <p className="text-slate-700">Nobody is waiting.</p>
          ) : (
            <>
              <CameraPreview />
              <ul className="space-y-3">
                {day.waiting.map((v) => (
                  <WaitingCard
                    key={v.id}
                    timeZone={user.timeZone}
                    providerId={user.id}
                    visit={{
                      id: v.id,
                      patientId: v.patientId,
                      patientName: v.patientName,
                      start: v.start,
                      reason: v.reason,
                      checkedInAt: v.state.checkedInAt!.toISOString(),
                      deviceCheck: v.state.deviceCheck?.summary ?? null,
                      patientInRoom: v.state.patientInRoom,
                      patientDateOfBirth: v.patientDateOfBirth,
                    }}
                  />
                ))}
              </ul>
            </>
          )}
        </section>
        <DaySection
          title="In a call"
          visits={day.inCall}
          render={(v) => (
            <>
              {time(v)} · {v.patientName} ·{" "}
              <Link className="tap-link text-brand-700 underline" href={`/visits/${v.id}`}>
                Return to the call
              </Link>
              {/* A guest who checks in while the patient is in the call waits here too, with Let in. */}
              <div className="mt-2 space-y-2">
                <CardGuests appointmentId={v.id} selfId={user.id} timeZone={user.timeZone} />
                <GuestsDisclosure appointmentId={v.id} selfId={user.id} />
              </div>
            </>
          )}
        />
        <DaySection
          title="Later today"
          visits={day.upcoming}
          render={(v) => (
            <>
              {time(v)} · {v.patientName} · {v.reason}{" "}
              {now > new Date(v.start).getTime() ? <NoShowButton appointmentId={v.id} patientName={v.patientName} /> : null}
              <div className="mt-1 space-y-2">
                {roomOpen(v) && <CardGuests appointmentId={v.id} selfId={user.id} timeZone={user.timeZone} />}
                <GuestsDisclosure appointmentId={v.id} selfId={user.id} />
              </div>
            </>
          )}
        />
        <DaySection
          title="Done"
          visits={day.done}
          render={(v) => (
            <>
              {time(v)} · {v.patientName}
            </>
          )}
        />
        <DaySection
          title="No-shows"
          visits={day.noShow}
          render={(v) => (
            <>
              {time(v)} · {v.patientName}
            </>
          )}
        />
        <section className="space-y-3">
          <h2 className="text-lg font-semibold">Coming up</h2>
          {later.length === 0 ? (
            <p className="text-slate-700">Nothing else booked yet.</p>
          ) : (
            <ul className="space-y-3">
              {later.slice(0, 50).map((a) => (
                <AppointmentCard key={a.id} appointment={a} viewer={{ role: "PROVIDER", timeZone: user.timeZone, id: user.id }} now={now} />
              ))}
            </ul>
          )}
        </section>
      </section>
    </AdmitCallHost>
  );
}

function DaySection({ title, visits, render }: { title: string; visits: DayVisit[]; render: (v: DayVisit) => React.ReactNode }) {
  if (visits.length === 0) return null;
  return (
    <section className="space-y-2">
      <h2 className="text-lg font-semibold">
        {title} ({visits.length})
      </h2>
      <ul className="space-y-2">
        {visits.map((v) => (
          <li key={v.id} data-day-visit={v.id} className="rounded-md border border-slate-200 bg-white px-3 py-2 text-sm">
            {render(v)}
          </li>
        ))}
      </ul>
    </section>
  );
}
