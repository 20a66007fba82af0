/**
 * TURN REST API credentials (draft-uberti-behave-turn-rest-00, what coturn's `use-auth-secret` expects):
 *   username   = "<unix expiry seconds>:<user id>"
 *   credential = base64(HMAC-SHA1(shared secret, username))
 * The TURN server recomputes the HMAC and refuses the username once its expiry has passed, so the
 * browser never holds the shared secret and a leaked credential stops working by itself.
 *
 * Pure: no configuration or I/O; the caller passes the secret and the expiry.
 */
import "server-only";
import { createHmac } from "node:crypto";

export type IceServer = { urls: string[]; username?: string; credential?: string };

export type TurnCredentials = { username: string; credential: string; expiresAt: Date };

export function turnCredentials(input: { secret: string; userId: string; expiresAt: Date }): TurnCredentials {
  if (!input.secret) throw new Error("turnCredentials: the shared secret is empty");
  if (input.userId.includes(":")) throw new Error("turnCredentials: a user id must not contain ':'");
  const expiry = Math.floor(input.expiresAt.getTime() / 1000);
  if (!Number.isFinite(expiry) || expiry <= 0) throw new Error("turnCredentials: invalid expiry");
  const username = `${expiry}:${input.userId}`;
  const credential = createHmac("sha1", input.secret).update(username).digest("base64");
  return { username, credential, expiresAt: new Date(expiry * 1000) };
}

export type IceServersInput = {
  stunUrls: readonly string[];
  turnUrls: readonly string[];
  turnSecret: string | undefined;
  userId: string;
  expiresAt: Date;
};

/**
 * The RTCIceServer list for one user: configured STUN as is, TURN with fresh REST credentials.
 * Nothing configured gives an empty list (never a public default). TURN without a secret is left out.
 */
export function iceServersFor(input: IceServersInput): IceServer[] {
  const servers: IceServer[] = [];
  if (input.stunUrls.length > 0) servers.push({ urls: [...input.stunUrls] });
  if (input.turnUrls.length > 0 && input.turnSecret) {
    const { username, credential } = turnCredentials({ secret: input.turnSecret, userId: input.userId, expiresAt: input.expiresAt });
    servers.push({ urls: [...input.turnUrls], username, credential });
  }
  return servers;
}
