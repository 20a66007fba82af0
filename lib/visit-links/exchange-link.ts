import { db } from "@/lib/db";
import { log } from "@/lib/log";
import { recordVisitEvent } from "@/lib/visits/record-event";
import { visitWindowRules } from "@/lib/visits/rules";
import { encodeVisitLinkSession } from "@/lib/auth/visit-link-session";
import { hashLinkToken, looksLikeLinkToken } from "@/lib/visit-links/token";
import { linkProblem, linkSessionSeconds, type LinkProblem } from "@/lib/visit-links/link-rules";

export type Exchange = { ok: true; appointmentId: string; cookie: string; maxAgeSeconds: number } | { ok: false; problem: LinkProblem };

/**
 * Trades a join link's token for a session scoped to its visit. Each exchange is recorded on the visit's
 * timeline (LINK_USED, with the link's id, never the token) so admins see who came in by link and when.
 */
export async function exchangeVisitLink(token: string, context: { ip: string; userAgent: string }, now = new Date()): Promise<Exchange> {
  if (!looksLikeLinkToken(token)) return { ok: false, problem: "unknown" };
  const link = await db.visitLink.findUnique({
    where: { tokenHash: hashLinkToken(token) },
    select: {
      id: true,
      revokedAt: true,
      appointmentId: true,
      userId: true,
      appointment: { select: { status: true, startsAt: true, endsAt: true } },
      user: { select: { active: true } },
    },
  });
  const state = link ? { ...link, holderActive: link.user?.active === true } : null;
  const problem = linkProblem(state, visitWindowRules(), now);
  if (problem || !link || !state || !link.userId) {
    log.info("visit link refused", { problem: problem ?? "unknown", linkId: link?.id ?? null });
    return { ok: false, problem: problem ?? "unknown" };
  }
  await db.visitLink.update({ where: { id: link.id }, data: { lastUsedAt: now } });
  await recordVisitEvent({
    appointmentId: link.appointmentId,
    type: "LINK_USED",
    actorId: link.userId,
    data: { linkId: link.id, userAgent: context.userAgent.slice(0, 200) },
  });
  log.info("visit link exchanged", { linkId: link.id, appointmentId: link.appointmentId });
  const maxAgeSeconds = linkSessionSeconds(state, visitWindowRules(), now);
  const cookie = await encodeVisitLinkSession({ linkId: link.id, appointmentId: link.appointmentId, userId: link.userId }, maxAgeSeconds);
  return { ok: true, appointmentId: link.appointmentId, cookie, maxAgeSeconds };
}
