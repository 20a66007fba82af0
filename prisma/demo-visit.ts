import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../lib/generated/prisma/client.ts";

/**
 * Gives the demo patient Alex a visit with Dr. Okafor starting a few minutes from now (unless one is
 * already coming up), so someone trying Consult can walk through the visit room straight away.
 * It skips the booking rules on purpose: minimum notice would never offer a slot this soon.
 */
export async function ensureDemoVisit(databaseUrl: string): Promise<{ start: Date } | null> {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  try {
    const now = Date.now();
    const existing = await db.appointment.findFirst({
      where: { patientId: "demo-patient-alex", providerId: "demo-provider-okafor", status: "SCHEDULED", endsAt: { gt: new Date(now) } },
      orderBy: { startsAt: "asc" },
    });
    if (existing && existing.startsAt.getTime() - now < 60 * 60_000) return { start: existing.startsAt };
    const start = new Date(Math.ceil((now + 5 * 60_000) / 300_000) * 300_000);
    const end = new Date(start.getTime() + 30 * 60_000);
    try {
      await db.appointment.create({
        data: {
          patientId: "demo-patient-alex",
          providerId: "demo-provider-okafor",
          startsAt: start,
          endsAt: end,
          blockedUntil: end,
          reason: "Demo visit: follow-up on a cough",
        },
      });
    } catch {
      return null; // that time is taken by a real booking; the demo visit is a convenience only
    }
    return { start };
  } finally {
    await db.$disconnect();
  }
}
