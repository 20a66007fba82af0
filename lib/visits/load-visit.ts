import "server-only";
import type { AppointmentStatus } from "@/lib/generated/prisma/enums";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { GuestRole } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { deriveVisitState, guestPhase, type DeviceCheckSummary, type VisitPhase, type VisitState } from "@/lib/visits/visit-state";
import { visitWindow, windowStatus, type VisitWindow, type WindowStatus } from "@/lib/visits/visit-window";
import { visitWindowRules } from "@/lib/visits/rules";
import type { SessionUser } from "@/lib/users/find-user";
import { dateKey } from "@/lib/users/date-key";

export type LoadedVisit = {
  appointment: {
    id: string;
    patientId: string;
    providerId: string;
    start: Date;
    end: Date;
    status: AppointmentStatus;
    reason: string;
    /** dateOfBirth: "YYYY-MM-DD" or null, shown to the provider in the call to confirm who they are seeing. */
    patient: { name: string; timeZone: string; dateOfBirth: string | null };
    provider: { name: string; timeZone: string };
  };
  role: "PATIENT" | "PROVIDER" | "GUEST";
  patientMayInvite: boolean;
  /** Everyone invited and not removed, in invitation order. */
  guests: VisitGuestRow[];
  /** For a GUEST viewer: their own invitation. */
  selfGuest: VisitGuestRow | null;
  /**
   * The viewer's own progress: the patient's (the visit's) for the patient and the provider, the guest's own
   * for a guest (so the room's check-in / waiting / call views work for them unchanged).
   */
  own: OwnProgress;
  window: VisitWindow;
  windowStatus: WindowStatus;
  state: VisitState;
};

export type VisitGuestRow = { id: string; userId: string; name: string; role: GuestRole; detail: string; createdAt: Date };

export type OwnProgress = {
  phase: VisitPhase;
  checkedInAt: Date | null;
  admittedAt: Date | null;
  deviceCheck: { summary: DeviceCheckSummary; at: Date } | null;
};

/** The guests of a visit, removed ones too (loadVisit tells a removed guest apart). */
export const visitGuestRows = {
  orderBy: [{ createdAt: "asc" }, { id: "asc" }] satisfies Prisma.VisitGuestOrderByWithRelationInput[],
  select: { id: true, userId: true, name: true, role: true, detail: true, createdAt: true, revokedAt: true } as const,
};

/** The events a visit's state is derived from: all but the frequent quality samples. */
export const visitStateEvents = {
  where: { type: { not: "QUALITY" } },
  select: { id: true, type: true, actorId: true, at: true, data: true },
} as const;

/** The visit as one participant sees it. Anyone else, admins included, gets 404: a visit room is private. */
export async function loadVisit(user: Pick<SessionUser, "id">, appointmentId: string, now = new Date()): Promise<LoadedVisit> {
  const row = await db.appointment.findUnique({
    where: { id: appointmentId },
    select: {
      id: true,
      patientId: true,
      providerId: true,
      startsAt: true,
      endsAt: true,
      status: true,
      reason: true,
      patient: { select: { name: true, timeZone: true, dateOfBirth: true } },
      provider: { select: { name: true, timeZone: true } },
      patientMayInvite: true,
      visitEvents: visitStateEvents,
      guests: visitGuestRows,
    },
  });
  // A removed guest is nobody here any more: 404 like any stranger (its link session is refused before this).
  const selfRow = row?.guests.find((g) => g.userId === user.id && g.revokedAt === null) ?? null;
  if (!row || (row.patientId !== user.id && row.providerId !== user.id && !selfRow))
    throw new AppError("NOT_FOUND", "That visit does not exist.");
  const window = visitWindow({ start: row.startsAt, end: row.endsAt }, visitWindowRules());
  const state = deriveVisitState(row, row.visitEvents);
  const guests = row.guests.filter((g) => g.revokedAt === null).map(({ revokedAt: _revokedAt, ...g }) => g);
  const selfGuest = selfRow ? (guests.find((g) => g.id === selfRow.id) ?? null) : null;
  const role = row.patientId === user.id ? "PATIENT" : row.providerId === user.id ? "PROVIDER" : "GUEST";
  const ownGuest = selfGuest ? state.guests[selfGuest.userId] : undefined;
  const own: OwnProgress = selfGuest
    ? {
        phase: guestPhase(state, selfGuest.userId),
        checkedInAt: ownGuest?.checkedInAt ?? null,
        admittedAt: ownGuest?.admittedAt ?? null,
        deviceCheck: ownGuest?.deviceCheck ?? null,
      }
    : { phase: state.phase, checkedInAt: state.checkedInAt, admittedAt: state.admittedAt, deviceCheck: state.deviceCheck };
  return {
    appointment: {
      id: row.id,
      patientId: row.patientId,
      providerId: row.providerId,
      start: row.startsAt,
      end: row.endsAt,
      status: row.status,
      reason: row.reason,
      patient: { name: row.patient.name, timeZone: row.patient.timeZone, dateOfBirth: dateKey(row.patient.dateOfBirth) },
      provider: row.provider,
    },
    role,
    patientMayInvite: row.patientMayInvite,
    guests,
    selfGuest,
    own,
    window,
    windowStatus: windowStatus(window, now),
    state,
  };
}

/** Like loadVisit, for actions: the room must be open and the appointment still scheduled. */
export async function loadOpenVisit(user: Pick<SessionUser, "id">, appointmentId: string, now = new Date()): Promise<LoadedVisit> {
  const visit = await loadVisit(user, appointmentId, now);
  if (visit.appointment.status !== "SCHEDULED")
    throw new AppError("CONFLICT", `This visit is ${visit.state.phase === "ended" ? "over" : visit.state.phase.replace("-", " ")}.`);
  if (visit.windowStatus === "not-open-yet") throw new AppError("CONFLICT", "The visit room is not open yet.");
  if (visit.windowStatus === "closed") throw new AppError("CONFLICT", "The visit room has closed.");
  return visit;
}
