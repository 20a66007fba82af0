import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes (256 bits), base64url: unguessable, and short enough for a link in an SMS or email. */
export function newLinkToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Only this is stored: a database leak gives no working link. SHA-256 suffices for a 256-bit random secret. */
export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Cheap shape check before any database work: anything else is an unknown link. */
export function looksLikeLinkToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
