import "server-only";
import { db } from "@/lib/db";
import type { Role, UserRole } from "@/lib/schemas/user";

export type SessionUser = { id: string; name: string; email: string; role: Role; timeZone: string; sessionVersion: number };

const sessionUserFields = { id: true, name: true, email: true, role: true, timeZone: true, sessionVersion: true } as const;

/** A user who may hold a visit-link session: an account, or one visit's guest (role GUEST). */
export type VisitUser = Omit<SessionUser, "role"> & { role: UserRole };

/** Accounts only: a visit's guest (role GUEST) never has a full session. */
function accountOnly<U extends { role: UserRole }>(user: U | null): (Omit<U, "role"> & { role: Role }) | null {
  if (!user) return null;
  const { role } = user;
  return role === "GUEST" ? null : { ...user, role };
}

export async function findActiveUserByEmail(email: string): Promise<SessionUser | null> {
  return accountOnly(await db.user.findFirst({ where: { email: email.trim().toLowerCase(), active: true }, select: sessionUserFields }));
}

export async function findActiveUserById(id: string): Promise<SessionUser | null> {
  return accountOnly(await db.user.findFirst({ where: { id, active: true }, select: sessionUserFields }));
}
