import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { loadVisit, type LoadedVisit } from "@/lib/visits/load-visit";
import { notifyVisit } from "@/lib/visits/notify";

/** The visit's provider lets the patient invite a caregiver (or stops it; guests already invited stay). */
export async function setGuestPolicy(user: { id: string }, appointmentId: string, patientMayInvite: boolean): Promise<LoadedVisit> {
  const visit = await loadVisit(user, appointmentId);
  if (visit.role !== "PROVIDER") throw new AppError("FORBIDDEN", "Only the visit's provider can decide who may invite guests.");
  if (visit.patientMayInvite !== patientMayInvite) {
    await db.appointment.update({ where: { id: appointmentId }, data: { patientMayInvite } });
    await notifyVisit(appointmentId, "guests");
  }
  return loadVisit(user, appointmentId);
}
