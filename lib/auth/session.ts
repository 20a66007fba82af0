import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/schemas/user";
import { findActiveUserById, type SessionUser } from "@/lib/users/find-user";

/**
 * The signed-in user, re-read from the database on every call: a deactivated user, or one whose
 * role changed (sessionVersion bumped), is signed out at their next request rather than when the JWT expires.
 */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions());
  const id = session?.user?.id;
  if (!id) return null;
  const user = await findActiveUserById(id);
  if (!user || user.role !== session.user.role || user.sessionVersion !== session.user.sessionVersion) return null;
  return user;
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
