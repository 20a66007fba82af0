import type { TestUser } from "./integration-app";

type Db = typeof import("../../lib/db.ts").db;

/** An appointment starting `startInMinutes` from now, inserted directly (booking rules would refuse so close a start). */
export async function createAppointmentNow(db: Db, patient: TestUser, provider: TestUser, startInMinutes = 5, minutes = 30) {
  const start = new Date(Date.now() + startInMinutes * 60_000);
  const end = new Date(start.getTime() + minutes * 60_000);
  return db.appointment.create({
    data: { patientId: patient.id, providerId: provider.id, startsAt: start, endsAt: end, blockedUntil: end, reason: "Check-up" },
    select: { id: true, startsAt: true },
  });
}
