import "server-only";
import { LRUCache } from "lru-cache";
import { decode, getToken, type JWT } from "next-auth/jwt";
import { cookies } from "next/headers";
import { authOptions } from "@/lib/auth/options";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/schemas/user";
import { findActiveUserById, type SessionUser } from "@/lib/users/find-user";

/**
 * The signed-in user, re-read from the database on every call: a deactivated user, or one whose
 * role changed (sessionVersion bumped), is signed out at their next request rather than when the JWT expires.
 */
export async function currentUser(): Promise<SessionUser | null> {
  const token = await sessionToken();
  if (!token?.userId) return null;
  const user = await findActiveUserById(token.userId);
  if (!user || user.role !== token.role || user.sessionVersion !== (token.sessionVersion ?? 0)) return null;
  return user;
}

/**
 * The decoded session cookie (expiry checked), read directly rather than through getServerSession, which
 * runs next-auth's whole session action (CSRF token, callbacks, re-encoding a token it cannot set here):
 * several milliseconds of CPU on every request. Empty headers: a bearer token is not a way in.
 */
async function sessionToken(): Promise<JWT | null> {
  const raw = await getToken({ req: { cookies: await cookies(), headers: new Headers() } as never, raw: true });
  if (!raw) return null;
  const known = decoded.get(raw);
  if (known) return Number(known.exp ?? 0) * 1000 > Date.now() ? known : null;
  const token = await decode({ token: raw, secret: authOptions().secret ?? "" }).catch(() => null);
  if (token) decoded.set(raw, token);
  return token;
}

/**
 * Decrypted cookies by their exact text: a signed-in user sends the same cookie for minutes, and key
 * derivation plus decryption was the costliest part of a cheap request. Only what decrypted is kept.
 */
const decoded = new LRUCache<string, JWT>({ max: 10_000 });

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Please sign in.");
  return user;
}

export async function requireRole(...allowed: Role[]): Promise<SessionUser> {
  const user = await requireUser();
  if (!allowed.includes(user.role)) throw new AppError("FORBIDDEN", "You do not have access to this.");
  return user;
}
