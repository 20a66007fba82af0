import { openingsOn } from "./day-openings";
import type { BookingRules, ScheduleException, TimeRange, WeeklyRule } from "./types";
import { addDays, localDateOf, wallTimeToInstant } from "./zoned-time";

const MINUTE = 60_000;

export type FreeSlotQuery = {
  rules: WeeklyRule[];
  exceptions: ScheduleException[];
  /** Live appointments of the provider (and, when booking, of the patient): they block their time plus the buffer. */
  busy: TimeRange[];
  booking: BookingRules;
  now: Date;
  from: Date;
  to: Date;
};

/** A provider's free slots before "now" is known: from their hours and bookings alone (cacheable). */
export type OpenSlotQuery = Omit<FreeSlotQuery, "now">;

/** Free slots starting in [from, to) that can be booked at `now`, as UTC instants. */
export function listFreeSlots(query: FreeSlotQuery): TimeRange[] {
  const { now, ...open } = query;
  return bookableAt(listOpenSlots(open), query.booking, now);
}

/**
 * Slots starting in [from, to) that the provider's hours offer and no booking (plus buffer) blocks, whatever
 * the time now. Slots are laid from the start of each opening in steps of the visit length, in real
 * elapsed time, so a visit on a DST-change day still lasts its length.
 */
export function listOpenSlots(query: OpenSlotQuery): TimeRange[] {
  const { booking } = query;
  const visitMs = booking.visitMinutes * MINUTE;
  const bufferMs = booking.bufferMinutes * MINUTE;
  const from = query.from.getTime();
  const to = query.to.getTime();
  if (from >= to || visitMs <= 0) return [];

  const isBusy = busyLookup(query.busy);
  const slots: TimeRange[] = [];
  // One local day either side: an opening on the previous local date can run into the UTC window.
  const firstDate = addDays(localDateOf(query.from, booking.timeZone).date, -1);
  const lastDate = addDays(localDateOf(query.to, booking.timeZone).date, 1);

  for (let date = firstDate; date <= lastDate; date = addDays(date, 1)) {
    for (const [startMinute, endMinute] of openingsOn(date, query.rules, query.exceptions)) {
      const openFrom = wallTimeToInstant(date, startMinute, booking.timeZone).getTime();
      const openTo = wallTimeToInstant(date, endMinute, booking.timeZone).getTime();
      for (let start = openFrom; start + visitMs <= openTo; start += visitMs) {
        if (start < from) continue;
        if (start >= to) break;
        const end = start + visitMs;
        if (!isBusy(start - bufferMs, end + bufferMs)) slots.push({ start: new Date(start), end: new Date(end) });
      }
    }
  }
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime()).filter(uniqueStart());
}

/** The open slots a patient may book at `now`: at least the minimum notice ahead and within the horizon. */
export function bookableAt(slots: TimeRange[], booking: BookingRules, now: Date): TimeRange[] {
  const [first, end] = bookableRange(slots, booking, now);
  return slots.slice(first, end);
}

/**
 * Where the bookable slots sit in `slots` (sorted by start, as listOpenSlots gives them): they are one
 * run, [first, end), so a cached list and anything kept in step with it can be cut without a scan.
 */
export function bookableRange(slots: TimeRange[], booking: BookingRules, now: Date): [number, number] {
  const earliest = now.getTime() + booking.minNoticeMinutes * MINUTE;
  const latest = now.getTime() + booking.horizonDays * 24 * 60 * MINUTE;
  const startOf = (i: number) => slots[i]!.start.getTime();
  const first = countBelow(slots.length, startOf, earliest);
  return [first, Math.max(first, countBelow(slots.length, startOf, latest))];
}

/**
 * Does any busy range overlap [from, to)? Busy ranges sorted by start with a running maximum of their
 * ends answer in O(log n): among the ranges starting before `to`, one overlaps exactly when the latest end
 * passes `from` (ranges may overlap each other: a patient's own bookings are mixed in when booking).
 */
function busyLookup(busy: TimeRange[]): (from: number, to: number) => boolean {
  const sorted = busy.map((b) => [b.start.getTime(), b.end.getTime()] as const).sort((a, b) => a[0] - b[0]);
  const starts = sorted.map(([start]) => start);
  let latestEnd = -Infinity;
  const latestEnds = sorted.map(([, end]) => (latestEnd = Math.max(latestEnd, end)));
  return (from, to) => {
    const startingBefore = countBelow(starts.length, (i) => starts[i]!, to);
    return startingBefore > 0 && latestEnds[startingBefore - 1]! > from;
  };
}

/** How many of `length` ascending values (read by `valueAt`) are below `limit`: a binary search. */
function countBelow(length: number, valueAt: (i: number) => number, limit: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (valueAt(mid) < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function uniqueStart() {
  let last = Number.NaN;
  return (slot: TimeRange) => {
    const t = slot.start.getTime();
    if (t === last) return false;
    last = t;
    return true;
  };
}

/** Is `start` one of the offered slots? Used to refuse past, off-hours, misaligned and too-far bookings alike. */
export function isOfferedSlot(query: Omit<FreeSlotQuery, "from" | "to">, start: Date): TimeRange | null {
  const slots = listFreeSlots({ ...query, from: start, to: new Date(start.getTime() + 1) });
  return slots.find((s) => s.start.getTime() === start.getTime()) ?? null;
}
