import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";

/**
 * A patient the clinic invited (no password yet) chooses one, from their visit link's session: holding the
 * link proves the email is theirs. Only once: an account with a password changes it by signing in.
 */
export async function setFirstPassword(userId: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  const updated = await db.user.updateMany({ where: { id: userId, passwordHash: "", active: true }, data: { passwordHash } });
  if (updated.count === 0)
    throw new AppError("CONFLICT", "This account already has a password. Sign in with it, or ask the clinic to reset it.");
}
