import "server-only";
import { LRUCache } from "lru-cache";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { listOpenSlots } from "@/lib/scheduling/list-free-slots";
import { loadSchedule } from "@/lib/scheduling/load-schedule";
import type { BookingRules, TimeRange } from "@/lib/scheduling/types";

/** `iso` is `slots` written out for the JSON answer once, not on every request. */
type OpenSlots = { providerName: string; booking: BookingRules; slots: TimeRange[]; iso: { start: string; end: string }[] };

/**
 * A provider's open slots for a window, kept per instance and keyed by the provider's slotsVersion, which
 * database triggers bump on every booking, move, cancellation and change of hours (migration
 * slot_versions). A request then costs one small query instead of loading and laying out a month of
 * slots; "now" (notice, horizon) is applied by the caller on every request, never cached.
 */
const cache = new LRUCache<string, OpenSlots>({
  max: 1_000,
  // Bounded by slots held (~0.3 KB each), not entries alone: 62-day windows of a busy clinic stay under ~30 MB.
  maxSize: 100_000,
  sizeCalculation: (open) => Math.max(1, open.slots.length),
});

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
  const iso = slots.map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString() }));
  const open = { providerName: schedule.providerName, booking: schedule.booking, slots, iso };
  cache.set(key, open);
  return open;
}
