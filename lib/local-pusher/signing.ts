import { createHash, createHmac, randomInt, timingSafeEqual } from "node:crypto";

export function hmacHex(secret: string, data: string | Buffer): string {
  return createHmac("sha256", secret).update(data).digest("hex");
}

export function md5Hex(data: string | Buffer): string {
  return createHash("md5").update(data).digest("hex");
}

/** Constant-time for equal lengths; the length of a hex HMAC is public, so an early exit on it leaks nothing. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The string hosted Pusher signs for private/presence subscriptions. */
export function channelAuthSubject(socketId: string, channel: string, channelData?: string): string {
  return channelData === undefined ? `${socketId}:${channel}` : `${socketId}:${channel}:${channelData}`;
}

export type Verdict = { ok: true } | { ok: false; message: string };

export function verifyChannelAuth(
  app: { key: string; secret: string },
  socketId: string,
  channel: string,
  auth: unknown,
  channelData: string | undefined,
): Verdict {
  if (typeof auth !== "string" || auth === "") return { ok: false, message: `Auth info required to subscribe to ${channel}` };
  const separator = auth.indexOf(":");
  const key = separator < 0 ? "" : auth.slice(0, separator);
  const signature = separator < 0 ? auth : auth.slice(separator + 1);
  if (!safeEqual(key, app.key)) return { ok: false, message: `Invalid key in auth: expected ${app.key}` };
  const subject = channelAuthSubject(socketId, channel, channelData);
  if (!safeEqual(signature, hmacHex(app.secret, subject))) {
    // Like hosted Pusher: naming the signed string helps debug an auth endpoint and reveals no secret.
    return { ok: false, message: `Invalid signature: Expected HMAC SHA256 hex digest of ${subject}` };
  }
  return { ok: true };
}

/** Same shape as hosted Pusher ("1234.5678"), which the server SDK validates for socket_id exclusion. */
export function newSocketId(): string {
  return `${randomInt(1, 2 ** 31)}.${randomInt(1, 2 ** 31)}`;
}

export const SOCKET_ID_PATTERN = /^\d+\.\d+$/;
