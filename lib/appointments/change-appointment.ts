import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isLostOverlapRace } from "@/lib/prisma-errors";
import { isOfferedSlot } from "@/lib/scheduling/list-free-slots";
import { loadSchedule } from "@/lib/scheduling/load-schedule";
import { checkChangeNotice, transition } from "@/lib/appointments/state-machine";
import { appointmentViewSelect, type AppointmentRow } from "@/lib/appointments/appointment-view";
import { announceAppointmentChange } from "@/lib/appointments/announce-change";
import { SLOT_TAKEN } from "@/lib/appointments/book-appointment";
import { dropPendingReminders, movePendingReminders, queueReminderJobs } from "@/lib/reminders/reminder-store";
import type { SessionUser } from "@/lib/users/find-user";

/** The appointment if this user is its patient or provider (admins see all); otherwise 404, never a hint that it exists. */
export async function findOwnAppointment(
  user: Pick<SessionUser, "id" | "role">,
  appointmentId: string,
): Promise<AppointmentRow & { cancelNoticeMinutes: number; bufferMinutes: number }> {
  const row = await db.appointment.findUnique({
    where: { id: appointmentId },
    select: {
      ...appointmentViewSelect,
      provider: {
        select: { name: true, email: true, timeZone: true, provider: { select: { cancelNoticeMinutes: true, bufferMinutes: true } } },
      },
    },
  });
  const mine = row && (user.role === "ADMIN" || row.patientId === user.id || row.providerId === user.id);
  if (!row || !mine) throw new AppError("NOT_FOUND", "That appointment does not exist.");
  return {
    ...row,
    cancelNoticeMinutes: row.provider.provider?.cancelNoticeMinutes ?? 0,
    bufferMinutes: row.provider.provider?.bufferMinutes ?? 0,
  };
}

/**
 * Moves an appointment to another offered slot. It is one UPDATE of the same row: the new time is taken and
 * the old one freed together, or (if the constraint refuses the new time) nothing changes at all.
 */
export async function rescheduleAppointment(options: {
  user: SessionUser;
  appointmentId: string;
  start: Date;
  now?: Date;
}): Promise<AppointmentRow> {
  const now = options.now ?? new Date();
  const current = await findOwnAppointment(options.user, options.appointmentId);
  if (options.user.role !== "PATIENT" || current.patientId !== options.user.id) {
    throw new AppError("FORBIDDEN", "Only the patient can move this appointment. Providers can cancel it with a reason.");
  }
  const allowed = transition(current.status, "reschedule");
  if (!allowed.ok) throw new AppError("CONFLICT", allowed.reason);
  const notice = checkChangeNotice({ by: "PATIENT", start: current.startsAt, now, cancelNoticeMinutes: current.cancelNoticeMinutes });
  if (!notice.ok) throw new AppError("UNPROCESSABLE", notice.reason);

  // Moving to the time it already has (a double click) changes nothing and sends no second email.
  if (options.start.getTime() === current.startsAt.getTime()) {
    return db.appointment.findUniqueOrThrow({ where: { id: current.id }, select: appointmentViewSelect });
  }
  const schedule = await loadSchedule(current.providerId, { from: options.start, to: options.start }, { ignoreAppointmentId: current.id });
  const slot = isOfferedSlot({ ...schedule, now }, options.start);
  if (!slot) throw new AppError("UNPROCESSABLE", "That time is not offered by this provider. Pick one of the listed free times.");
  let reminders: { id: string; dueAt: Date }[] = [];
  try {
    reminders = await db.$transaction(async (tx) => {
      const updated = await tx.appointment.updateManyAndReturn({
        where: { id: current.id, status: "SCHEDULED", startsAt: current.startsAt },
        data: {
          startsAt: slot.start,
          endsAt: slot.end,
          blockedUntil: new Date(slot.end.getTime() + schedule.booking.bufferMinutes * 60_000),
          sequence: { increment: 1 },
        },
        select: { id: true },
      });
      if (updated.length === 0) throw new AppError("CONFLICT", "This appointment changed meanwhile. Reload and try again.");
      // The join links stay valid (they follow the appointment); the pending reminders move with it.
      return movePendingReminders(tx, { id: current.id, providerId: current.providerId, startsAt: slot.start }, now);
    });
  } catch (error) {
    if (isLostOverlapRace(error)) throw new AppError("CONFLICT", SLOT_TAKEN);
    throw error;
  }
  await queueReminderJobs(reminders);
  const row = await db.appointment.findUniqueOrThrow({ where: { id: current.id }, select: appointmentViewSelect });
  await announceAppointmentChange(row, "rescheduled", { actorId: options.user.id });
  return row;
}

/** Cancels: patients within the provider's notice, providers (and admins) at any time with a reason. */
export async function cancelAppointment(options: {
  user: SessionUser;
  appointmentId: string;
  reason: string;
  now?: Date;
}): Promise<AppointmentRow> {
  const now = options.now ?? new Date();
  const current = await findOwnAppointment(options.user, options.appointmentId);
  const allowed = transition(current.status, "cancel");
  if (!allowed.ok) throw new AppError("CONFLICT", allowed.reason);
  const notice = checkChangeNotice({
    by: options.user.role,
    start: current.startsAt,
    now,
    cancelNoticeMinutes: current.cancelNoticeMinutes,
  });
  if (!notice.ok) throw new AppError("UNPROCESSABLE", notice.reason);
  if (options.user.role !== "PATIENT" && options.reason.length === 0) {
    throw new AppError("UNPROCESSABLE", "Please tell the patient why the visit is cancelled.", {
      fields: { reason: "Please tell the patient why the visit is cancelled." },
    });
  }
  await db.$transaction(async (tx) => {
    const updated = await tx.appointment.updateMany({
      where: { id: current.id, status: "SCHEDULED" },
      data: {
        status: "CANCELLED",
        cancelledAt: now,
        cancelledById: options.user.id,
        cancelReason: options.reason || null,
        sequence: { increment: 1 },
      },
    });
    if (updated.count === 0) throw new AppError("CONFLICT", "This appointment changed meanwhile. Reload and try again.");
    // Its join links stop working because the appointment is cancelled (checked on every use).
    await dropPendingReminders(tx, current.id, "the visit was cancelled");
  });
  const row = await db.appointment.findUniqueOrThrow({ where: { id: current.id }, select: appointmentViewSelect });
  await announceAppointmentChange(row, "cancelled", { actorId: options.user.id });
  return row;
}
