import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { isUniqueViolation } from "@/lib/prisma-errors";
import type { ProfileInput } from "@/lib/schemas/account";
import type { SessionUser } from "@/lib/users/find-user";
import { dateKey } from "@/lib/users/date-key";

export type Account = { name: string; email: string; phone: string | null; dateOfBirth: string | null; timeZone: string };

const fromDateKey = (key: string | null | undefined) => (key ? new Date(`${key}T00:00:00Z`) : key);

const fields = { name: true, email: true, phone: true, dateOfBirth: true, timeZone: true } as const;
const toAccount = (row: { name: string; email: string; phone: string | null; dateOfBirth: Date | null; timeZone: string }): Account => ({
  ...row,
  dateOfBirth: dateKey(row.dateOfBirth),
});

export async function getAccount(user: Pick<SessionUser, "id">): Promise<Account> {
  return toAccount(await db.user.findUniqueOrThrow({ where: { id: user.id }, select: fields }));
}

export async function updateProfile(user: Pick<SessionUser, "id">, input: ProfileInput): Promise<Account> {
  const row = await db.user.update({
    where: { id: user.id },
    data: { name: input.name, timeZone: input.timeZone, phone: input.phone ?? null, dateOfBirth: fromDateKey(input.dateOfBirth) ?? null },
    select: fields,
  });
  return toAccount(row);
}

async function checkCurrentPassword(userId: string, password: string): Promise<void> {
  const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(passwordHash, password))) {
    throw new AppError("UNPROCESSABLE", "That is not your current password.", {
      fields: { currentPassword: "That is not your current password." },
    });
  }
}

/** The sign-in address: the current password confirms it is the patient, and the address must be nobody else's. */
export async function changeEmail(user: Pick<SessionUser, "id">, input: { email: string; currentPassword: string }): Promise<Account> {
  await checkCurrentPassword(user.id, input.currentPassword);
  try {
    return toAccount(await db.user.update({ where: { id: user.id }, data: { email: input.email }, select: fields }));
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("CONFLICT", "Another account already uses that email address.", {
        fields: { email: "Another account already uses that email address." },
      });
    }
    throw error;
  }
}

export async function changePassword(
  user: Pick<SessionUser, "id">,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  await checkCurrentPassword(user.id, input.currentPassword);
  await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(input.newPassword) } });
}
