import { db } from "@/lib/db";
import { deriveVisitState, type VisitState } from "@/lib/visits/visit-state";
import { wallTimeToInstant } from "@/lib/scheduling/zoned-time";
import { dateKeyInZone } from "@/lib/format-time";
import { visitStateEvents } from "@/lib/visits/load-visit";

export type DayVisit = {
  id: string;
  patientId: string;
  patientName: string;
  start: string;
  end: string;
  reason: string;
  status: "SCHEDULED" | "CANCELLED" | "COMPLETED" | "NO_SHOW";
  state: VisitState;
};

export type ProviderDay = {
  date: string;
  waiting: DayVisit[];
  inCall: DayVisit[];
  upcoming: DayVisit[];
  done: DayVisit[];
  noShow: DayVisit[];
};

/** The provider's day in their own time zone, each visit with what its events say is happening. */
export async function loadProviderDay(provider: { id: string; timeZone: string }, now = new Date()): Promise<ProviderDay> {
  const date = dateKeyInZone(now, provider.timeZone);
  const from = wallTimeToInstant(date, 0, provider.timeZone);
  const to = wallTimeToInstant(date, 1440, provider.timeZone);
  const rows = await db.appointment.findMany({
    where: { providerId: provider.id, status: { not: "CANCELLED" }, startsAt: { gte: from, lt: to } },
    orderBy: { startsAt: "asc" },
    select: {
      id: true,
      patientId: true,
      providerId: true,
      startsAt: true,
      endsAt: true,
      reason: true,
      status: true,
      patient: { select: { name: true } },
      visitEvents: visitStateEvents,
    },
  });
  const visits: DayVisit[] = rows.map((r) => ({
    id: r.id,
    patientId: r.patientId,
    patientName: r.patient.name,
    start: r.startsAt.toISOString(),
    end: r.endsAt.toISOString(),
    reason: r.reason,
    status: r.status,
    state: deriveVisitState(r, r.visitEvents),
  }));
  const byPhase = (...phases: VisitState["phase"][]) => visits.filter((v) => phases.includes(v.state.phase));
  return {
    date,
    // Ordered by appointment time (rows are), so an early arrival does not jump the queue.
    waiting: byPhase("waiting"),
    inCall: byPhase("admitted"),
    upcoming: byPhase("scheduled"),
    done: byPhase("ended"),
    noShow: byPhase("no-show"),
  };
}

/** Where a waiting patient stands among this provider's waiting patients (1 = next). */
export async function placeInQueue(providerId: string, appointmentId: string, now = new Date()): Promise<number | null> {
  const day = await loadProviderDay({ id: providerId, timeZone: (await db.user.findUniqueOrThrow({ where: { id: providerId }, select: { timeZone: true } })).timeZone }, now);
  const index = day.waiting.findIndex((v) => v.id === appointmentId);
  return index === -1 ? null : index + 1;
}
