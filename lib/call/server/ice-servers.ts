import "server-only";
import { env, type ServerEnv } from "@/lib/env";
import { loadOpenVisit, type LoadedVisit } from "@/lib/visits/load-visit";
import { consume } from "@/lib/rate-limit";
import { AppError } from "@/lib/errors";
import { iceServersFor, type IceServer } from "@/lib/turn/credentials";
import type { SessionUser } from "@/lib/users/find-user";

/** TURN credentials outlive the visit window by this much, so a call running to the very end is not cut. */
export const TURN_GRACE_AFTER_WINDOW_MS = 5 * 60_000;

/** `warmMax`: how many warm connections (docs/decisions/0009) one tab may hold; 0: none, Admit negotiates as before. */
export type IceConfig = { iceServers: IceServer[]; iceTransportPolicy: "all" | "relay"; expiresAt: string | null; warmMax?: number };

type IceEnv = Pick<ServerEnv, "STUN_URLS" | "TURN_URLS" | "TURN_SECRET" | "TURN_CREDENTIAL_TTL_SECONDS" | "ICE_TRANSPORT_POLICY"> &
  Partial<Pick<ServerEnv, "WARM_CONNECTIONS_MAX">>;

/**
 * STUN/TURN for one participant of an open visit (anyone else: 404; outside the window: 409).
 * TURN credentials expire at the earlier of "TTL from now" and "a few minutes after the window closes":
 * never long-lived, and useless once the visit room has closed. The client fetches again for a new peer.
 */
export async function iceConfigFor(
  user: Pick<SessionUser, "id">,
  appointmentId: string,
  options: { config?: IceEnv; now?: Date } = {},
): Promise<IceConfig> {
  const now = options.now ?? new Date();
  return iceConfigForVisit(user, await loadOpenVisit(user, appointmentId, now), { ...options, now });
}

/**
 * The same for a visit the caller has loaded and found open. The visit page renders it in (the room's first
 * peer, a reload mid-call's especially, then waits for no request); null if this user's TURN credentials are
 * over their rate limit, and the page's call then asks as before and is told so.
 */
export async function iceConfigForOpenVisit(user: Pick<SessionUser, "id">, visit: LoadedVisit): Promise<IceConfig | null> {
  try {
    await consume("turnCredentials", user.id);
  } catch (error) {
    if (error instanceof AppError && error.code === "RATE_LIMITED") return null;
    throw error;
  }
  return iceConfigForVisit(user, visit);
}

function iceConfigForVisit(
  user: Pick<SessionUser, "id">,
  visit: Pick<LoadedVisit, "window">,
  options: { config?: IceEnv; now?: Date } = {},
): IceConfig {
  const config = options.config ?? env();
  const now = options.now ?? new Date();
  const expiresMs = Math.min(
    visit.window.closesAt.getTime() + TURN_GRACE_AFTER_WINDOW_MS,
    now.getTime() + config.TURN_CREDENTIAL_TTL_SECONDS * 1000,
  );
  const expiresAt = new Date(Math.floor(expiresMs / 1000) * 1000); // TURN usernames count whole seconds
  const iceServers = iceServersFor({
    stunUrls: config.STUN_URLS,
    turnUrls: config.TURN_URLS,
    turnSecret: config.TURN_SECRET,
    userId: user.id,
    expiresAt,
  });
  const hasTurn = iceServers.some((s) => s.username !== undefined);
  return {
    iceServers,
    iceTransportPolicy: config.ICE_TRANSPORT_POLICY,
    expiresAt: hasTurn ? expiresAt.toISOString() : null,
    warmMax: config.WARM_CONNECTIONS_MAX ?? 0,
  };
}
