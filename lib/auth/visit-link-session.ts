import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import { decode, encode, type JWT } from "next-auth/jwt";
import { cookies } from "next/headers";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { currentUser } from "@/lib/auth/session";
import { linkProblem } from "@/lib/visit-links/link-rules";
import { visitWindowRules } from "@/lib/visits/rules";
import type { VisitUser } from "@/lib/users/find-user";

/** The scoped session a join link gives: one person, one visit. Not a next-auth session: other pages never see it. */
export const VISIT_LINK_COOKIE = "consult.visit-link";

export type VisitLinkSession = { user: VisitUser; appointmentId: string; linkId: string };

// Its own key, derived from the app secret: a visit-link cookie cannot be passed off as a full session cookie.
const secret = () => createHash("sha256").update(`${env().NEXTAUTH_SECRET}\0visit-link-session`).digest("base64url");

export function encodeVisitLinkSession(
  claims: { linkId: string; appointmentId: string; userId: string },
  maxAgeSeconds: number,
): Promise<string> {
  return encode({ token: { ...claims, scope: "visit" }, secret: secret(), maxAge: maxAgeSeconds });
}

const decoded = new LRUCache<string, JWT>({ max: 5_000 });

async function claimsFrom(raw: string): Promise<{ linkId: string; appointmentId: string; userId: string } | null> {
  let token = decoded.get(raw);
  if (!token) {
    token = (await decode({ token: raw, secret: secret() }).catch(() => null)) ?? undefined;
    if (token) decoded.set(raw, token);
  }
  if (!token || Number(token.exp ?? 0) * 1000 <= Date.now() || token.scope !== "visit") return null;
  const { linkId, appointmentId, userId } = token as Record<string, unknown>;
  return typeof linkId === "string" && typeof appointmentId === "string" && typeof userId === "string"
    ? { linkId, appointmentId, userId }
    : null;
}

/** The visit-link session of this request, re-checked against the link on every call (a cancel ends it at once). */
export async function currentVisitLinkSession(now = new Date()): Promise<VisitLinkSession | null> {
  // Outside a request (scripts, some tests) there are no cookies, so no link session.
  const jar = await Promise.resolve()
    .then(() => cookies())
    .catch(() => null);
  const raw = jar?.get(VISIT_LINK_COOKIE)?.value;
  if (!raw) return null;
  const claims = await claimsFrom(raw);
  if (!claims) return null;
  const link = await db.visitLink.findUnique({
    where: { id: claims.linkId },
    select: {
      revokedAt: true,
      appointmentId: true,
      appointment: { select: { status: true, startsAt: true, endsAt: true } },
      user: { select: { id: true, name: true, email: true, role: true, timeZone: true, sessionVersion: true, active: true } },
    },
  });
  if (!link?.user || link.appointmentId !== claims.appointmentId || link.user.id !== claims.userId) return null;
  if (linkProblem({ ...link, holderActive: link.user.active }, visitWindowRules(), now)) return null;
  const { active: _active, ...user } = link.user;
  return { user, appointmentId: link.appointmentId, linkId: claims.linkId };
}

/**
 * For the visit room's own routes: a full sign-in, or a visit-link session for exactly this visit (the
 * patient's, or a guest's: a removed guest's links are revoked and its user deactivated, so it is refused).
 * Everything else calls requireUser/requireRole, which never look at the link cookie.
 */
export async function requireVisitUser(appointmentId: string): Promise<VisitUser> {
  const user = await currentUser();
  if (user) return user;
  const link = await currentVisitLinkSession();
  if (link && link.appointmentId === appointmentId) return link.user;
  throw new AppError("UNAUTHENTICATED", "Please sign in.");
}

/** For realtime subscriptions: the full user, or the link's holder limited to its visit's channels. */
export async function requireRealtimeUser(): Promise<{ user: VisitUser; onlyVisit: string | null }> {
  const user = await currentUser();
  if (user) return { user, onlyVisit: null };
  const link = await currentVisitLinkSession();
  if (link) return { user: link.user, onlyVisit: link.appointmentId };
  throw new AppError("UNAUTHENTICATED", "Please sign in.");
}
