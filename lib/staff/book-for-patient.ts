import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUniqueViolation } from "@/lib/prisma-errors";
import { bookAppointment } from "@/lib/appointments/book-appointment";
import type { AppointmentRow } from "@/lib/appointments/appointment-view";
import type { NewPatientInput } from "@/lib/staff/staff-booking-input";
import type { SessionUser } from "@/lib/users/find-user";

type Input = { providerId: string; start: Date; reason: string; patientId?: string; newPatient?: NewPatientInput };

/**
 * A provider books in their own free slots, an admin in any provider's, for an existing patient or a new one.
 * The same slot rules and database constraints as a patient's own booking apply (no double booking on either
 * side). A new patient's account has no password: they join by the emailed link, and may set one later.
 */
export async function bookForPatient(staff: Pick<SessionUser, "id" | "role">, input: Input): Promise<AppointmentRow> {
  if (staff.role === "PROVIDER" && input.providerId !== staff.id)
    throw new AppError("FORBIDDEN", "Providers book visits in their own schedule only.");
  const provider = await db.user.findFirst({ where: { id: input.providerId, role: "PROVIDER", active: true }, select: { id: true } });
  if (!provider) throw new AppError("NOT_FOUND", "That provider does not exist.");

  let patientId = input.patientId;
  let created = false;
  if (patientId) {
    const patient = await db.user.findFirst({ where: { id: patientId, role: "PATIENT", active: true }, select: { id: true } });
    if (!patient) throw new AppError("NOT_FOUND", "That patient does not exist.");
  } else if (input.newPatient) {
    const p = input.newPatient;
    try {
      const user = await db.user.create({
        data: {
          name: p.name,
          email: p.email,
          passwordHash: "",
          role: "PATIENT",
          timeZone: p.timeZone,
          phone: p.phone ?? null,
          dateOfBirth: p.dateOfBirth ? new Date(`${p.dateOfBirth}T00:00:00Z`) : null,
        },
        select: { id: true },
      });
      patientId = user.id;
      created = true;
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError("CONFLICT", "Someone with this email already has an account: find them by name or email instead.", {
          fields: { "newPatient.email": "already has an account" },
        });
      throw error;
    }
  }
  if (!patientId) throw new AppError("UNPROCESSABLE", "Choose a patient or enter a new patient's details.");
  try {
    return await bookAppointment({
      patientId,
      providerId: input.providerId,
      start: input.start,
      reason: input.reason,
      bookedBy: { id: staff.id, newPatient: created },
    });
  } catch (error) {
    // The new account was only for this visit: with no visit, it goes too (nothing refers to it yet).
    if (created) await db.user.delete({ where: { id: patientId } }).catch(() => undefined);
    throw error;
  }
}
