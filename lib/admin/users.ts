import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import { isUniqueViolation } from "@/lib/prisma-errors";
import type { Role } from "@/lib/schemas/user";
import type { SessionUser } from "@/lib/users/find-user";
import { recordAudit } from "@/lib/admin/audit";
import { endUserSessions } from "@/lib/auth/end-sessions";
import type { CreateProviderInput, UpdateUserInput, UserListQuery } from "@/lib/admin/user-schemas";

export const USERS_PER_PAGE = 25;

type Admin = Pick<SessionUser, "id" | "email" | "name">;
const roleWords: Record<Role, string> = { PATIENT: "patient", PROVIDER: "provider", ADMIN: "admin" };

export type AdminUser = {
  id: string;
  name: string;
  email: string;
  role: Role;
  timeZone: string;
  active: boolean;
  createdAt: Date;
  specialty: string | null;
};

const fields = {
  id: true,
  name: true,
  email: true,
  role: true,
  timeZone: true,
  active: true,
  createdAt: true,
  provider: { select: { specialty: true } },
} as const;
type Selected = Prisma.UserGetPayload<{ select: typeof fields }>;
const toAdminUser = ({ provider, role, ...user }: Selected): AdminUser => {
  // A visit's guest is not an account: the queries below never select one.
  if (role === "GUEST") throw new AppError("NOT_FOUND", "There is no such user.");
  return { ...user, role, specialty: provider?.specialty ?? null };
};

export async function listUsers(query: UserListQuery): Promise<{ users: AdminUser[]; total: number; page: number; pages: number }> {
  const where: Prisma.UserWhereInput = {
    // Visits' guests (role GUEST) are not accounts: they are listed with their visit, not here.
    role: query.role ?? { not: "GUEST" },
    ...(query.q
      ? { OR: [{ name: { contains: query.q, mode: "insensitive" } }, { email: { contains: query.q, mode: "insensitive" } }] }
      : {}),
  };
  const [total, rows] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({
      where,
      select: fields,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      skip: (query.page - 1) * USERS_PER_PAGE,
      take: USERS_PER_PAGE,
    }),
  ]);
  return { users: rows.map(toAdminUser), total, page: query.page, pages: Math.max(1, Math.ceil(total / USERS_PER_PAGE)) };
}

/** A provider with a profile; they sign in with the temporary password (and are open for no hours until they set them). */
export async function createProvider(admin: Admin, input: CreateProviderInput): Promise<AdminUser> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          name: input.name,
          email: input.email,
          passwordHash,
          timeZone: input.timeZone,
          role: "PROVIDER",
          provider: { create: { specialty: input.specialty } },
        },
        select: fields,
      });
      await recordAudit(
        admin,
        "user.create-provider",
        { targetId: user.id, targetName: user.name, filter: { email: user.email, specialty: input.specialty } },
        tx,
      );
      return toAdminUser(user);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "An account with that email already exists.");
    throw error;
  }
}

/**
 * Changes a role or deactivates/reactivates. Both bump sessionVersion, so the user's current sessions end
 * at their next request (requireUser re-reads the user every time). An admin cannot lock themselves out,
 * and a provider with upcoming visits keeps the role until those are moved or cancelled.
 */
export async function updateUser(admin: Admin, id: string, change: UpdateUserInput, now = new Date()): Promise<AdminUser> {
  let ended = false;
  const updated = await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<
      { role: Role | "GUEST"; active: boolean; name: string; email: string }[]
    >`SELECT role::text AS role, active, name, email FROM "User" WHERE id = ${id} FOR UPDATE`;
    const current = rows[0];
    if (!current || current.role === "GUEST") throw new AppError("NOT_FOUND", "There is no such user.");
    if ("active" in change) {
      if (id === admin.id && !change.active) throw new AppError("CONFLICT", "You cannot deactivate your own account.");
      if (current.active === change.active) return toAdminUser(await tx.user.findUniqueOrThrow({ where: { id }, select: fields }));
      const user = await tx.user.update({
        where: { id },
        data: { active: change.active, sessionVersion: { increment: 1 } },
        select: fields,
      });
      ended = true;
      await recordAudit(
        admin,
        change.active ? "user.reactivate" : "user.deactivate",
        { targetId: id, targetName: current.name, filter: { email: current.email } },
        tx,
      );
      return toAdminUser(user);
    }
    if (id === admin.id && change.role !== current.role) throw new AppError("CONFLICT", "You cannot change your own role.");
    if (current.role === change.role) return toAdminUser(await tx.user.findUniqueOrThrow({ where: { id }, select: fields }));
    if (current.role === "PROVIDER") {
      const upcoming = await tx.appointment.count({ where: { providerId: id, status: "SCHEDULED", endsAt: { gt: now } } });
      if (upcoming > 0)
        throw new AppError(
          "CONFLICT",
          `This provider has ${upcoming} upcoming visit${upcoming === 1 ? "" : "s"}; cancel or move them before changing the role.`,
        );
    }
    if (change.role === "PROVIDER") {
      await tx.providerProfile.upsert({ where: { userId: id }, update: {}, create: { userId: id, specialty: "General practice" } });
    }
    const user = await tx.user.update({ where: { id }, data: { role: change.role, sessionVersion: { increment: 1 } }, select: fields });
    ended = true;
    await recordAudit(
      admin,
      "user.role",
      {
        targetId: id,
        targetName: current.name,
        filter: { email: current.email, from: roleWords[current.role], to: roleWords[change.role] },
      },
      tx,
    );
    return toAdminUser(user);
  });
  // Their sessions ended with the bump: calls and cameras in every tab and device stop now, not at the next request.
  if (ended) await endUserSessions(id, now);
  return updated;
}

/** Providers for filter menus, by name (inactive ones too: their past visits still count). */
export function listProviderOptions(): Promise<{ id: string; name: string; active: boolean }[]> {
  return db.user.findMany({
    where: { role: "PROVIDER" },
    select: { id: true, name: true, active: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
}
