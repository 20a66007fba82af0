import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/boss";
import { log } from "@/lib/log";
import { guestLimitProblem, inviteProblem } from "@/lib/guests/guest-rules";
import { guestView, type GuestView } from "@/lib/guests/guest-view";
import { lockScheduledVisit } from "@/lib/guests/lock-visit";
import type { InviteGuestInput } from "@/lib/guests/guest-input";
import type { GuestInvitationJob } from "@/lib/mail/guest-email";
import { mintVisitLink } from "@/lib/visit-links/mint-link";
import { loadVisit } from "@/lib/visits/load-visit";
import { notifyVisit } from "@/lib/visits/notify";
import { recordVisitEvent } from "@/lib/visits/record-event";

/**
 * Invites a guest into a visit: its own GUEST user (no password, the patient's time zone), the VisitGuest row,
 * a join link and GUEST_INVITED, in one transaction that holds the appointment's row lock (so two invitations
 * at once cannot make a fifth person). The link is answered for copying; with an email, an invitation is
 * queued too (its own link is minted when it is sent). Everyone's page re-reads the visit.
 */
export async function inviteGuest(
  user: { id: string },
  appointmentId: string,
  input: InviteGuestInput,
  now = new Date(),
): Promise<{ guest: GuestView; link: string }> {
  const visit = await loadVisit(user, appointmentId, now);
  const refused = inviteProblem(visit.role, input.role, visit.patientMayInvite);
  if (refused) throw new AppError("FORBIDDEN", refused);
  if (visit.appointment.status !== "SCHEDULED" || visit.windowStatus === "closed")
    throw new AppError("CONFLICT", "This visit is over or cancelled, so nobody can be invited to it.");
  const { guest, link } = await db.$transaction(async (tx) => {
    if (!(await lockScheduledVisit(tx, appointmentId))) throw new AppError("CONFLICT", "This visit is no longer scheduled.");
    const full = guestLimitProblem(await tx.visitGuest.count({ where: { appointmentId, revokedAt: null } }));
    if (full) throw new AppError("CONFLICT", full);
    const patient = await tx.user.findUniqueOrThrow({ where: { id: visit.appointment.patientId }, select: { timeZone: true } });
    const guestUser = await tx.user.create({
      data: {
        email: `guest-${randomBytes(12).toString("hex")}@guests.invalid`,
        name: input.name,
        passwordHash: "",
        role: "GUEST",
        timeZone: patient.timeZone,
      },
      select: { id: true },
    });
    const row = await tx.visitGuest.create({
      data: {
        appointmentId,
        userId: guestUser.id,
        name: input.name,
        role: input.role,
        detail: input.detail,
        email: input.email ?? null,
        invitedById: user.id,
        createdAt: now,
      },
      select: { id: true, userId: true, name: true, role: true, detail: true, createdAt: true },
    });
    const url = await mintVisitLink({ appointmentId, userId: guestUser.id, purpose: "guest" }, tx);
    await recordVisitEvent(
      {
        appointmentId,
        type: "GUEST_INVITED",
        actorId: user.id,
        at: now,
        data: { guestId: guestUser.id, name: input.name, role: input.role },
      },
      tx,
    );
    return { guest: row, link: url };
  });
  if (input.email) {
    const job: GuestInvitationJob = { kind: "guest-invitation", appointmentId, guestId: guest.id };
    // The invitation exists and its link is answered for copying: a queue briefly away must not undo it.
    await enqueue("email", `guest-invitation:${guest.id}`, job).catch((error: unknown) =>
      log.error("guest invitation email could not be queued", { appointmentId, error }),
    );
  }
  await notifyVisit(appointmentId, "guests");
  return { guest: guestView(guest, { guests: {} }), link };
}
