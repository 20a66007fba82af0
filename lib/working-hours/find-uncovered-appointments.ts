import "server-only";
import { db } from "@/lib/db";
import { findUncovered, type Availability } from "@/lib/scheduling/uncovered";

/** A booked visit that the provider's hours no longer cover, as the schedule page lists it. */
export type UncoveredAppointment = { id: string; patientName: string; start: string; end: string };

/**
 * Upcoming SCHEDULED appointments of the provider that fall outside the given availability (weekly hours plus
 * exceptions). Appointments are never changed here: the provider decides whom to contact or cancel.
 */
export async function findUncoveredAppointments(
  providerId: string,
  availability: Availability,
  now = new Date(),
): Promise<UncoveredAppointment[]> {
  const upcoming = await db.appointment.findMany({
    where: { providerId, status: "SCHEDULED", startsAt: { gte: now } },
    orderBy: { startsAt: "asc" },
    select: { id: true, startsAt: true, endsAt: true, patient: { select: { name: true } } },
  });
  const visits = upcoming.map((a) => ({ ...a, start: a.startsAt, end: a.endsAt }));
  return findUncovered(visits, availability).map((a) => ({
    id: a.id,
    patientName: a.patient.name,
    start: a.startsAt.toISOString(),
    end: a.endsAt.toISOString(),
  }));
}
