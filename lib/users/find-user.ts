import "server-only";
import { db } from "@/lib/db";
import type { Role } from "@/lib/schemas/user";

export type SessionUser = { id: string; name: string; email: string; role: Role; timeZone: string; sessionVersion: number };

const sessionUserFields = { id: true, name: true, email: true, role: true, timeZone: true, sessionVersion: true } as const;

export function findActiveUserByEmail(email: string): Promise<SessionUser | null> {
  return db.user.findFirst({ where: { email: email.trim().toLowerCase(), active: true }, select: sessionUserFields });
}

export function findActiveUserById(id: string): Promise<SessionUser | null> {
  return db.user.findFirst({ where: { id, active: true }, select: sessionUserFields });
}
