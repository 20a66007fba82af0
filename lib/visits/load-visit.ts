import "server-only";
import type { AppointmentStatus } from "@/lib/generated/prisma/enums";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { deriveVisitState, type VisitState } from "@/lib/visits/visit-state";
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
  role: "PATIENT" | "PROVIDER";
  window: VisitWindow;
  windowStatus: WindowStatus;
  state: VisitState;
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
      visitEvents: visitStateEvents,
    },
  });
  if (!row || (row.patientId !== user.id && row.providerId !== user.id)) throw new AppError("NOT_FOUND", "That visit does not exist.");
  const window = visitWindow({ start: row.startsAt, end: row.endsAt }, visitWindowRules());
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
    role: row.patientId === user.id ? "PATIENT" : "PROVIDER",
    window,
    windowStatus: windowStatus(window, now),
    state: deriveVisitState(row, row.visitEvents),
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
