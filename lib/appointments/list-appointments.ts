import "server-only";
import { db } from "@/lib/db";
import { appointmentViewSelect, toAppointmentView, type AppointmentView } from "@/lib/appointments/appointment-view";
import type { SessionUser } from "@/lib/users/find-user";

/**
 * A patient's or provider's own appointments: upcoming (scheduled and not over, soonest first), then past
 * (over, or completed, cancelled or missed whatever their time; most recent first). Mirrors isUpcoming().
 */
export async function listOwnAppointments(
  user: Pick<SessionUser, "id" | "role">,
  now = new Date(),
): Promise<{ upcoming: AppointmentView[]; past: AppointmentView[] }> {
  const mine = user.role === "PROVIDER" ? { providerId: user.id } : { patientId: user.id };
  const [upcoming, past] = await Promise.all([
    db.appointment.findMany({
      where: { ...mine, status: "SCHEDULED", endsAt: { gt: now } },
      orderBy: { startsAt: "asc" },
      take: 200,
      select: appointmentViewSelect,
    }),
    db.appointment.findMany({
      where: { ...mine, OR: [{ status: { not: "SCHEDULED" } }, { endsAt: { lte: now } }] },
      orderBy: { startsAt: "desc" },
      take: 50,
      select: appointmentViewSelect,
    }),
  ]);
  return { upcoming: upcoming.map(toAppointmentView), past: past.map(toAppointmentView) };
}
