import "server-only";
import { db } from "@/lib/db";
import type { Role } from "@/lib/schemas/user";

export async function countUsersByRole(): Promise<Record<Role, number>> {
  const rows = await db.user.groupBy({ by: ["role"], where: { active: true }, _count: { _all: true } });
  const counts: Record<Role, number> = { PATIENT: 0, PROVIDER: 0, ADMIN: 0 };
  for (const row of rows) if (row.role !== "GUEST") counts[row.role] = row._count._all;
  return counts;
}
