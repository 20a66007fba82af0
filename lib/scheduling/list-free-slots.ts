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

/**
 * Free slots starting in [from, to), as UTC instants. Slots are laid from the start of each opening in
 * steps of the visit length, in real elapsed time, so a visit on a DST-change day still lasts its length.
 */
export function listFreeSlots(query: FreeSlotQuery): TimeRange[] {
  const { booking, now } = query;
  const visitMs = booking.visitMinutes * MINUTE;
  const bufferMs = booking.bufferMinutes * MINUTE;
  const earliest = Math.max(query.from.getTime(), now.getTime() + booking.minNoticeMinutes * MINUTE);
  const latest = Math.min(query.to.getTime(), now.getTime() + booking.horizonDays * 24 * 60 * MINUTE);
  if (earliest >= latest || visitMs <= 0) return [];

  const busy = [...query.busy].sort((a, b) => a.start.getTime() - b.start.getTime());
  const slots: TimeRange[] = [];
  // One local day either side: an opening on the previous local date can run into the UTC window.
  const firstDate = addDays(localDateOf(new Date(earliest), booking.timeZone).date, -1);
  const lastDate = addDays(localDateOf(new Date(latest), booking.timeZone).date, 1);

  for (let date = firstDate; date <= lastDate; date = addDays(date, 1)) {
    for (const [startMinute, endMinute] of openingsOn(date, query.rules, query.exceptions)) {
      const openFrom = wallTimeToInstant(date, startMinute, booking.timeZone).getTime();
      const openTo = wallTimeToInstant(date, endMinute, booking.timeZone).getTime();
      for (let start = openFrom; start + visitMs <= openTo; start += visitMs) {
        if (start < earliest) continue;
        if (start >= latest) break;
        const end = start + visitMs;
        const clash = overlapsBusy(busy, start - bufferMs, end + bufferMs);
        if (!clash) slots.push({ start: new Date(start), end: new Date(end) });
      }
    }
  }
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime()).filter(uniqueStart());
}

/** busy is sorted by start, so the scan stops at the first range that begins after the slot. */
function overlapsBusy(busy: TimeRange[], from: number, to: number): boolean {
  for (const b of busy) {
    if (b.start.getTime() >= to) return false;
    if (b.end.getTime() > from) return true;
  }
  return false;
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
