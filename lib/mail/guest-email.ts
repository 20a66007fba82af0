import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { formatInZone } from "@/lib/format-time";
import { guestLabel } from "@/lib/guests/guest-label";
import { mintVisitLink } from "@/lib/visit-links/mint-link";
import type { Mail } from "@/lib/mail/send-mail";

/** The email inviting a guest (issue 16): queued with ids only; its own join link is minted at send time. */
export type GuestInvitationJob = { kind: "guest-invitation"; appointmentId: string; guestId: string };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Null when the guest was removed (or the visit is no longer scheduled) before the email went out. */
export async function guestInvitationEmail(job: GuestInvitationJob): Promise<Mail | null> {
  const guest = await db.visitGuest.findUnique({
    where: { id: job.guestId },
    select: {
      id: true,
      userId: true,
      name: true,
      role: true,
      detail: true,
      email: true,
      revokedAt: true,
      user: { select: { timeZone: true } },
      appointment: {
        select: { id: true, status: true, startsAt: true, provider: { select: { name: true } }, patient: { select: { name: true } } },
      },
    },
  });
  if (!guest?.email || guest.revokedAt || guest.appointment.id !== job.appointmentId || guest.appointment.status !== "SCHEDULED")
    return null;
  const joinUrl = await mintVisitLink({ appointmentId: job.appointmentId, userId: guest.userId, purpose: "guest" });
  const when = formatInZone(guest.appointment.startsAt, guest.user.timeZone, { withZone: true });
  const label = guestLabel(guest);
  const provider = guest.appointment.provider.name;
  const subject = `You are invited to a video visit with ${provider}: ${when}`;
  const text = [
    `Hello ${guest.name},`,
    "",
    `${provider} invited you to join a video visit on ${when} (${label}).`,
    "",
    `Join with this link (no account or password needed): ${joinUrl}`,
    "",
    "The link works until the visit room closes. It is personal: please do not forward it.",
  ].join("\n");
  const html = `<p>Hello ${escapeHtml(guest.name)},</p><p>${escapeHtml(provider)} invited you to join a video visit on ${escapeHtml(when)} (${escapeHtml(
    label,
  )}).</p><p><a href="${escapeHtml(joinUrl)}">Join the visit</a> (no account or password needed).</p><p>The link works until the visit room closes. It is personal: please do not forward it.</p>`;
  return {
    to: guest.email,
    subject,
    text,
    html,
    messageId: `<${createHash("sha256").update(`guest-invitation:${guest.id}`).digest("hex").slice(0, 32)}@consult>`,
  };
}
