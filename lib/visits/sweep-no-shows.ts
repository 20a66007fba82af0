import "server-only";
import { db } from "@/lib/db";
import { markNoShowIfUnchanged } from "@/lib/visits/visit-actions";
import { visitWindowRules } from "@/lib/visits/rules";
import { notifyProvider } from "@/lib/visits/notify";

/**
 * Marks appointments past the no-show grace with no check-in. A queue job runs it every minute (see
 * lib/jobs/start-workers.ts); reads never write. Each mark is its own locked transaction, so a late
 * check-in and the sweep cannot both win, and two sweeps at once mark each visit once.
 */
export async function sweepNoShows(now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - visitWindowRules().noShowGraceMinutes * 60_000);
  const candidates = await db.appointment.findMany({
    // A visit with guests may hold a guest's check-in only: markNoShowIfUnchanged asks for the patient's own.
    where: {
      status: "SCHEDULED",
      startsAt: { lt: cutoff },
      OR: [{ visitEvents: { none: { type: "CHECKED_IN" } } }, { guests: { some: {} } }],
    },
    select: { id: true, providerId: true },
    orderBy: { startsAt: "asc" },
    take: 500,
  });
  let marked = 0;
  for (const c of candidates) {
    if (await markNoShowIfUnchanged(c.id, null)) {
      marked++;
      await notifyProvider(c.providerId, c.id, "no-show");
    }
  }
  return marked;
}
