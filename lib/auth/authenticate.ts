import "server-only";
import type { User } from "next-auth";
import { db } from "@/lib/db";
import { signInSchema } from "@/lib/schemas/user";
import { verifyDecoy, verifyPassword } from "@/lib/auth/password";

/** Checks email + password; null for any failure, so the sign-in page cannot tell which part was wrong. */
export async function authenticate(credentials: Record<string, unknown>): Promise<User | null> {
  const parsed = signInSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, name: true, email: true, role: true, passwordHash: true, active: true, sessionVersion: true },
  });
  if (!user) {
    await verifyDecoy(password);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password)) || !user.active) return null;
  // A visit's guest has no account: only its visit link lets it in (a guest row never has a password anyway).
  const { role } = user;
  if (role === "GUEST") return null;
  return { id: user.id, name: user.name, email: user.email, role, sessionVersion: user.sessionVersion };
}
