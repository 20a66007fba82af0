import { LRUCache } from "lru-cache";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { listOpenSlots } from "@/lib/scheduling/list-free-slots";
import { loadSchedule, type ProviderSchedule } from "@/lib/scheduling/load-schedule";
import type { TimeRange } from "@/lib/scheduling/types";

/** `iso` is `slots` written out for the JSON answer once, not on every request. */
type OpenSlots = { schedule: ProviderSchedule; slots: TimeRange[]; iso: { start: string; end: string }[] };

/**
 * A provider's open slots for a window, kept per instance and keyed by the provider's slotsVersion, which
 * database triggers bump on every booking, move, cancellation and change of hours (migration
 * slot_versions). A request then costs one small query instead of loading and laying out a month of
 * slots; "now" (notice, horizon) is applied by the caller on every request, never cached.
 */
const cache = new LRUCache<string, OpenSlots>({ max: 2_000 });

export async function openSlotsFor(providerId: string, window: { from: Date; to: Date }): Promise<OpenSlots> {
  // The version is read BEFORE the schedule: a change committed in between is then cached under the older
  // version, which the next request no longer asks for. The other order could keep stale slots forever.
  const profile = await db.providerProfile.findFirst({
    where: { userId: providerId, user: { role: "PROVIDER", active: true } },
    select: { slotsVersion: true },
  });
  if (!profile) throw new AppError("NOT_FOUND", "That provider does not exist.");
  const key = `${providerId} ${profile.slotsVersion} ${window.from.getTime()} ${window.to.getTime()}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const schedule = await loadSchedule(providerId, window);
  const slots = listOpenSlots({ ...schedule, ...window });
  const open = { schedule, slots, iso: slots.map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString() })) };
  cache.set(key, open);
  return open;
}
