import "server-only";
import { db } from "@/lib/db";
import { bookableRange, listFreeSlots } from "@/lib/scheduling/list-free-slots";
import { openSlotsFor } from "@/lib/providers/slot-cache";
import { loadSchedule } from "@/lib/scheduling/load-schedule";

export type ProviderListing = { id: string; name: string; specialty: string; timeZone: string; nextFreeSlot: string | null };

const LOOKAHEAD_DAYS = 14;

/** Active providers with their next free time within two weeks (null when fully booked or off). */
export async function listProviders(now = new Date()): Promise<ProviderListing[]> {
  const providers = await db.user.findMany({
    where: { role: "PROVIDER", active: true, provider: { isNot: null } },
    select: { id: true, name: true, timeZone: true, provider: { select: { specialty: true } } },
    orderBy: { name: "asc" },
  });
  const to = new Date(now.getTime() + LOOKAHEAD_DAYS * 24 * 3600_000);
  return Promise.all(
    providers.map(async (p) => {
      const schedule = await loadSchedule(p.id, { from: now, to });
      const next = listFreeSlots({ ...schedule, now, from: now, to })[0];
      return {
        id: p.id,
        name: p.name,
        specialty: p.provider?.specialty ?? "",
        timeZone: p.timeZone,
        nextFreeSlot: next?.start.toISOString() ?? null,
      };
    }),
  );
}

export async function listProviderSlots(providerId: string, window: { from: Date; to: Date }, now = new Date()) {
  const { providerName, booking, slots, iso } = await openSlotsFor(providerId, window);
  const [first, end] = bookableRange(slots, booking, now);
  return {
    providerId,
    providerName,
    timeZone: booking.timeZone,
    visitMinutes: booking.visitMinutes,
    slots: iso.slice(first, end),
  };
}
