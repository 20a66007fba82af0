import "server-only";
import type { AppointmentStatus } from "@/lib/generated/prisma/enums";
import { db } from "@/lib/db";
import { deriveVisitState, type VisitState } from "@/lib/visits/visit-state";
import { wallTimeToInstant } from "@/lib/scheduling/zoned-time";
import { dateKeyInZone } from "@/lib/format-time";
import { visitGuestRows, visitStateEvents } from "@/lib/visits/load-visit";
import { guestView, type GuestView } from "@/lib/guests/guest-view";
import { visitWindowRules } from "@/lib/visits/rules";
import { openRoomBounds } from "@/lib/visits/visit-window";
import { dateKey } from "@/lib/users/date-key";

export type DayVisit = {
  id: string;
  patientId: string;
  patientName: string;
  /** "YYYY-MM-DD" or null: for the waiting card, so the provider can confirm who they are seeing. */
  patientDateOfBirth: string | null;
  start: string;
  end: string;
  reason: string;
  status: AppointmentStatus;
  state: VisitState;
  patientMayInvite: boolean;
  /** The visit's guests not removed, in invitation order: the waiting card shows them and "Let in" for each checked in. */
  guests: GuestView[];
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
  // Around midnight the calendar day is not the working day: a patient waiting for a 00:10 visit at
  // 23:55, or a call that began at 23:40, belongs on the dashboard too. So: the day, plus every visit
  // whose room is open now.
  const open = openRoomBounds(now, visitWindowRules());
  const rows = await db.appointment.findMany({
    where: {
      providerId: provider.id,
      status: { not: "CANCELLED" },
      OR: [{ startsAt: { gte: from, lt: to } }, { startsAt: { lte: open.startsBy }, endsAt: { gt: open.endsAfter } }],
    },
    orderBy: { startsAt: "asc" },
    select: {
      id: true,
      patientId: true,
      providerId: true,
      startsAt: true,
      endsAt: true,
      reason: true,
      status: true,
      patient: { select: { name: true, dateOfBirth: true } },
      patientMayInvite: true,
      visitEvents: visitStateEvents,
      guests: { ...visitGuestRows, where: { revokedAt: null } },
    },
  });
  const visits: DayVisit[] = rows.map((r) => {
    const state = deriveVisitState(r, r.visitEvents);
    return {
      id: r.id,
      patientId: r.patientId,
      patientName: r.patient.name,
      patientDateOfBirth: dateKey(r.patient.dateOfBirth),
      start: r.startsAt.toISOString(),
      end: r.endsAt.toISOString(),
      reason: r.reason,
      status: r.status,
      state,
      patientMayInvite: r.patientMayInvite,
      guests: r.guests.map((g) => guestView(g, state)),
    };
  });
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
  const day = await loadProviderDay(
    { id: providerId, timeZone: (await db.user.findUniqueOrThrow({ where: { id: providerId }, select: { timeZone: true } })).timeZone },
    now,
  );
  const index = day.waiting.findIndex((v) => v.id === appointmentId);
  return index === -1 ? null : index + 1;
}
