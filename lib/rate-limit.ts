import "server-only";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Counters live in PostgreSQL (table RateLimit), so every app instance sees the same counts.
type Rule = { points: number; durationSeconds: number; blockSeconds?: number; message: string };

export const rateRules = {
  signInByIp: { points: 60, durationSeconds: 60, message: "Too many sign-in attempts from this network. Please wait a minute." },
  // Failed attempts per account: a short block after 5, a long one after 20, so guessing gets slower and slower.
  signInFailuresShort: {
    points: 5,
    durationSeconds: 15 * 60,
    blockSeconds: 60,
    message: "Too many failed sign-ins for this account. Please wait a minute.",
  },
  signInFailuresLong: {
    points: 20,
    durationSeconds: 24 * 3600,
    blockSeconds: 3600,
    message: "This account is locked for an hour after many failed sign-ins.",
  },
  signUpByIp: { points: 20, durationSeconds: 3600, message: "Too many accounts created from this network. Please try again later." },
  booking: { points: 20, durationSeconds: 60, message: "Too many booking requests. Please wait a minute." },
  pusherAuth: { points: 120, durationSeconds: 60, message: "Too many realtime subscriptions. Please wait a minute." },
  // Join-link exchanges per network address: enough for a family on one connection, far too few to guess tokens.
  visitLinkByIp: {
    points: 30,
    durationSeconds: 60,
    blockSeconds: 300,
    message: "Too many visit links opened from this network. Please wait a few minutes.",
  },
  turnCredentials: { points: 30, durationSeconds: 60, message: "Too many connection requests. Please wait a minute." },
} satisfies Record<string, Rule>;

export type RateRule = keyof typeof rateRules;

const limiters = new Map<RateRule, RateLimiterPrisma>();

function limiter(rule: RateRule): RateLimiterPrisma {
  let found = limiters.get(rule);
  if (!found) {
    const r: Rule = rateRules[rule];
    // RATE_LIMIT_SCALE multiplies every allowance (load tests raise it; 0 is not allowed).
    const scale = env().RATE_LIMIT_SCALE;
    found = new RateLimiterPrisma({
      storeClient: db,
      tableName: "rateLimit",
      keyPrefix: rule,
      points: Math.max(1, Math.round(r.points * scale)),
      duration: r.durationSeconds,
      blockDuration: r.blockSeconds ?? 0,
      clearExpiredByTimeout: false,
    });
    limiters.set(rule, found);
  }
  return found;
}

function tooMany(rule: RateRule, res: RateLimiterRes): AppError {
  return new AppError("RATE_LIMITED", rateRules[rule].message, { retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) });
}

/** Counts one request; throws 429 (with Retry-After) when the allowance is used up. */
export async function consume(rule: RateRule, key: string): Promise<void> {
  try {
    await limiter(rule).consume(key);
  } catch (result) {
    if (result instanceof RateLimiterRes) throw tooMany(rule, result);
    throw result;
  }
}

/** Throws 429 if the key is currently over its allowance, without counting this request. */
export async function assertNotLimited(rule: RateRule, key: string): Promise<void> {
  const res = await limiter(rule).get(key);
  if (res && res.remainingPoints <= 0 && res.msBeforeNext > 0) throw tooMany(rule, res);
}

export async function reset(rule: RateRule, key: string): Promise<void> {
  await limiter(rule).delete(key);
}

/** The caller's address as the reverse proxy reports it; loopback when there is none. */
export function clientIp(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || request.headers.get("x-real-ip") || "local";
}
