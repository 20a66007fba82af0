import { db } from "@/lib/db";

export type PatientMatch = { id: string; name: string; email: string; dateOfBirth: string | null; timeZone: string };

/** Patients by part of their name or email, or exactly by date of birth ("1948-05-31"); at most 20. */
export async function searchPatients(q: string): Promise<PatientMatch[]> {
  const byDate = /^\d{4}-\d{2}-\d{2}$/.test(q) && !Number.isNaN(Date.parse(`${q}T00:00:00Z`));
  const rows = await db.user.findMany({
    where: {
      role: "PATIENT",
      active: true,
      OR: [
        { name: { contains: q, mode: "insensitive" } },
        { email: { contains: q.toLowerCase() } },
        ...(byDate ? [{ dateOfBirth: new Date(`${q}T00:00:00Z`) }] : []),
      ],
    },
    orderBy: { name: "asc" },
    take: 20,
    select: { id: true, name: true, email: true, dateOfBirth: true, timeZone: true },
  });
  return rows.map((r) => ({ ...r, dateOfBirth: r.dateOfBirth ? r.dateOfBirth.toISOString().slice(0, 10) : null }));
}
