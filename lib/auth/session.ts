import { getToken } from "next-auth/jwt";
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
async function sessionToken() {
  return getToken({ req: { cookies: await cookies(), headers: new Headers() } as never, secret: authOptions().secret });
}

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
