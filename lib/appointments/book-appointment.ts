import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isLostOverlapRace } from "@/lib/prisma-errors";
import { isOfferedSlot } from "@/lib/scheduling/list-free-slots";
import { loadSchedule } from "@/lib/scheduling/load-schedule";
import { appointmentViewSelect, type AppointmentRow } from "@/lib/appointments/appointment-view";
import { announceAppointmentChange } from "@/lib/appointments/announce-change";
import { planRemindersFor, queueReminderJobs } from "@/lib/reminders/reminder-store";
import { recordVisitEvent } from "@/lib/visits/record-event";

export const SLOT_TAKEN = "That time was just taken. Please choose another time.";

/**
 * Books an offered slot. The slot rules refuse times that were never offered (422); PostgreSQL's
 * exclusion constraints refuse a slot that someone else took a moment ago (409), whatever instance they used.
 */
export async function bookAppointment(options: {
  patientId: string;
  providerId: string;
  start: Date;
  reason: string;
  now?: Date;
  /** Staff who booked it for the patient (recorded on the appointment and its timeline). */
  bookedBy?: { id: string; newPatient: boolean };
}): Promise<AppointmentRow> {
  const now = options.now ?? new Date();
  const schedule = await loadSchedule(options.providerId, { from: options.start, to: options.start });
  const slot = isOfferedSlot({ ...schedule, now }, options.start);
  if (!slot) {
    const taken = isOfferedSlot({ ...schedule, busy: [], now }, options.start);
    if (taken) throw new AppError("CONFLICT", SLOT_TAKEN);
    throw new AppError("UNPROCESSABLE", "That time is not offered by this provider. Pick one of the listed free times.");
  }
  try {
    const { row, reminders } = await db.$transaction(async (tx) => {
      const row = await tx.appointment.create({
        data: {
          patientId: options.patientId,
          providerId: options.providerId,
          startsAt: slot.start,
          endsAt: slot.end,
          blockedUntil: new Date(slot.end.getTime() + schedule.booking.bufferMinutes * 60_000),
          reason: options.reason,
          bookedById: options.bookedBy?.id ?? null,
        },
        select: appointmentViewSelect,
      });
      if (options.bookedBy) {
        await recordVisitEvent(
          {
            appointmentId: row.id,
            type: "BOOKED_BY_STAFF",
            actorId: options.bookedBy.id,
            data: { newPatient: options.bookedBy.newPatient },
          },
          tx,
        );
      }
      return { row, reminders: await planRemindersFor(tx, row, now) };
    });
    await queueReminderJobs(reminders);
    await announceAppointmentChange(row, "booked", {
      actorId: options.bookedBy?.id ?? options.patientId,
      invitation: options.bookedBy?.newPatient,
    });
    return row;
  } catch (error) {
    if (isLostOverlapRace(error)) {
      const own = await db.appointment.count({
        where: { patientId: options.patientId, status: { not: "CANCELLED" }, startsAt: { lt: slot.end }, endsAt: { gt: slot.start } },
      });
      throw new AppError("CONFLICT", own > 0 ? "You already have an appointment at that time." : SLOT_TAKEN);
    }
    throw error;
  }
}
