import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import type { SignUpInput } from "@/lib/schemas/user";
import { isUniqueViolation } from "@/lib/prisma-errors";

/** Patients sign themselves up; providers and admins are created by an admin. */
export async function signUpPatient(
  input: SignUpInput,
): Promise<{ id: string; email: string; name: string; role: "PATIENT"; timeZone: string }> {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db.user.create({
      data: {
        name: input.name,
        email: input.email,
        passwordHash,
        timeZone: input.timeZone,
        role: "PATIENT",
        phone: input.phone ?? null,
        dateOfBirth: input.dateOfBirth ? new Date(`${input.dateOfBirth}T00:00:00Z`) : null,
      },
      select: { id: true, email: true, name: true, timeZone: true },
    });
    return { ...user, role: "PATIENT" };
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "An account with that email already exists. Try signing in.");
    throw error;
  }
}
