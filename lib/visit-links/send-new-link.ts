import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/boss";
import { loadVisit } from "@/lib/visits/load-visit";
import { recordVisitEvent } from "@/lib/visits/record-event";
import type { AppointmentEmailJob } from "@/lib/mail/appointment-emails";
import type { SessionUser } from "@/lib/users/find-user";

/**
 * The patient cannot find their link, or it went to someone else: the visit's provider switches off every
 * join link the patient holds for this visit (an open link session ends at its next request) and emails a
 * new one. Recorded on the timeline as LINK_RESENT.
 */
export async function sendNewJoinLink(
  user: Pick<SessionUser, "id">,
  appointmentId: string,
  now = new Date(),
): Promise<{ revoked: number }> {
  const visit = await loadVisit(user, appointmentId, now);
  if (visit.role !== "PROVIDER") throw new AppError("FORBIDDEN", "Only the visit's provider can send the patient a new link.");
  if (visit.appointment.status !== "SCHEDULED" || visit.windowStatus === "closed")
    throw new AppError("CONFLICT", "This visit is over or cancelled, so there is no link to send.");
  const { patientId } = visit.appointment;
  const { sequence } = await db.appointment.findUniqueOrThrow({ where: { id: appointmentId }, select: { sequence: true } });
  const revoked = await db.$transaction(async (tx) => {
    const { count } = await tx.visitLink.updateMany({
      where: { appointmentId, userId: patientId, revokedAt: null },
      data: { revokedAt: now },
    });
    await recordVisitEvent({ appointmentId, type: "LINK_RESENT", actorId: user.id, data: { revoked: count } }, tx);
    return count;
  });
  const job: AppointmentEmailJob = { kind: "new-link", appointmentId, role: "PATIENT", sequence, key: now.toISOString() };
  await enqueue("email", `new-link:${appointmentId}:${now.toISOString()}`, job);
  return { revoked };
}
