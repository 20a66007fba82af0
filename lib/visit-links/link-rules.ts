// When a join link still works: pure, so the exchange and every request under its session agree.
import { visitWindow, type VisitWindowRules } from "@/lib/visits/visit-window";

export type LinkProblem = "unknown" | "cancelled" | "over" | "revoked";

export type LinkState = {
  revokedAt: Date | null;
  appointment: { status: "SCHEDULED" | "CANCELLED" | "COMPLETED" | "NO_SHOW"; startsAt: Date; endsAt: Date };
  holderActive: boolean;
};

/**
 * A link works from booking until its visit room closes (end + grace), wherever a reschedule moved it;
 * a cancellation, a revocation or a deactivated holder ends it at once.
 */
export function linkProblem(link: LinkState | null, rules: VisitWindowRules, now: Date): LinkProblem | null {
  if (!link || !link.holderActive) return "unknown";
  if (link.revokedAt) return "revoked";
  if (link.appointment.status === "CANCELLED") return "cancelled";
  const { closesAt } = visitWindow({ start: link.appointment.startsAt, end: link.appointment.endsAt }, rules);
  if (now >= closesAt) return "over";
  return null;
}

/** Seconds the scoped session may live: until the room closes, never more than a day at a time. */
export function linkSessionSeconds(link: LinkState, rules: VisitWindowRules, now: Date): number {
  const { closesAt } = visitWindow({ start: link.appointment.startsAt, end: link.appointment.endsAt }, rules);
  return Math.max(60, Math.min(86_400, Math.floor((closesAt.getTime() - now.getTime()) / 1000)));
}

export const linkProblemText: Record<LinkProblem, { title: string; body: string }> = {
  unknown: {
    title: "This link does not work",
    body: "We could not find a visit for this link. It may be mistyped or incomplete: try opening it again from your email.",
  },
  cancelled: { title: "This visit was cancelled", body: "The visit this link was for has been cancelled, so the link no longer opens it." },
  over: {
    title: "This visit is over",
    body: "The visit room for this link has closed. If you still need to be seen, the clinic can book a new visit.",
  },
  revoked: { title: "This link was switched off", body: "The clinic switched this link off. Ask them for a new one." },
};
