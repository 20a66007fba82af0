// Verifies the REST API signature that the `pusher` server SDK (and hosted Pusher) use:
// auth_signature = HMAC-SHA256(secret, "METHOD\nPATH\n<sorted query without auth_signature>").

import { LIMITS } from "./config";
import { hmacHex, md5Hex, safeEqual, type Verdict } from "./signing";

/**
 * Decodes with decodeURIComponent only: the SDK signs raw values, and URLSearchParams would turn
 * a literal "+" into a space and break the signature.
 */
export function parseQuery(search: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of search.replace(/^\?/, "").split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? "" : part.slice(eq + 1);
    try {
      params.set(decodeURIComponent(rawKey).toLowerCase(), decodeURIComponent(rawValue));
    } catch {
      params.set(rawKey.toLowerCase(), rawValue);
    }
  }
  return params;
}

export interface RestRequest {
  method: string;
  path: string;
  query: Map<string, string>;
  rawBody: Buffer;
}

export function verifyRestAuth(app: { key: string; secret: string }, req: RestRequest, nowSeconds: number): Verdict {
  const q = req.query;
  if (!safeEqual(q.get("auth_key") ?? "", app.key)) return { ok: false, message: "Unknown auth_key" };
  if (q.get("auth_version") !== "1.0") return { ok: false, message: "auth_version must be 1.0" };

  const timestamp = Number(q.get("auth_timestamp"));
  if (!Number.isInteger(timestamp)) return { ok: false, message: "auth_timestamp is required" };
  if (Math.abs(nowSeconds - timestamp) > LIMITS.restTimestampSkewSeconds) {
    return {
      ok: false,
      message: `Timestamp expired: Given timestamp (${timestamp}) not within ${LIMITS.restTimestampSkewSeconds}s of server time (${nowSeconds})`,
    };
  }

  const bodyMd5 = q.get("body_md5");
  if (req.rawBody.length > 0 || bodyMd5 !== undefined) {
    if (bodyMd5 === undefined) return { ok: false, message: "body_md5 is required for requests with a body" };
    if (!safeEqual(bodyMd5, md5Hex(req.rawBody))) return { ok: false, message: "body_md5 does not match the body" };
  }

  const signed = [...q.entries()]
    .filter(([key]) => key !== "auth_signature")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
  const subject = `${req.method.toUpperCase()}\n${req.path}\n${signed}`;
  if (!safeEqual(q.get("auth_signature") ?? "", hmacHex(app.secret, subject))) {
    return { ok: false, message: `Invalid signature: you should have sent HmacSHA256Hex(${JSON.stringify(subject)}, your_secret)` };
  }
  return { ok: true };
}
