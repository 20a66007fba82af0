import "server-only";
import { db } from "@/lib/db";
import { markNoShowIfUnchanged } from "@/lib/visits/visit-actions";
import { visitWindowRules } from "@/lib/visits/rules";
import { notifyProvider } from "@/lib/visits/notify";

/**
 * Marks appointments past the no-show grace with no check-in. There is no background job: it runs when a
 * dashboard or the API next reads the appointments, which is exactly when the answer matters.
 */
export async function sweepNoShows(scope: { providerId: string } | { patientId: string }, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - visitWindowRules().noShowGraceMinutes * 60_000);
  const candidates = await db.appointment.findMany({
    where: { ...scope, status: "SCHEDULED", startsAt: { lt: cutoff }, visitEvents: { none: { type: "CHECKED_IN" } } },
    select: { id: true, providerId: true },
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
