import { openingsOn } from "./day-openings";
import type { ScheduleException, TimeRange, WeeklyRule } from "./types";
import { addDays, localDateOf, wallTimeToInstant } from "./zoned-time";

export type Availability = { timeZone: string; rules: WeeklyRule[]; exceptions: ScheduleException[] };

/**
 * The provider's open time between two instants, as merged real-time ranges: the weekly hours and dated
 * exceptions of every local date the window touches, turned into instants in the provider's zone. Ranges that
 * touch (Monday 20:00–24:00 and Tuesday 00:00–02:00) are joined, so a visit may run across them.
 */
export function openRanges(availability: Availability, from: Date, to: Date): TimeRange[] {
  if (to.getTime() < from.getTime()) return [];
  const { timeZone, rules, exceptions } = availability;
  const firstDate = addDays(localDateOf(from, timeZone).date, -1);
  const lastDate = addDays(localDateOf(to, timeZone).date, 1);
  const ranges: TimeRange[] = [];
  for (let date = firstDate; date <= lastDate; date = addDays(date, 1)) {
    for (const [startMinute, endMinute] of openingsOn(date, rules, exceptions)) {
      const start = wallTimeToInstant(date, startMinute, timeZone);
      const end = wallTimeToInstant(date, endMinute, timeZone);
      if (end > start) ranges.push({ start, end });
    }
  }
  ranges.sort((a, b) => a.start.getTime() - b.start.getTime());
  const merged: TimeRange[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range.start.getTime() <= last.end.getTime()) {
      if (range.end > last.end) last.end = range.end;
    } else merged.push({ ...range });
  }
  return merged;
}

/**
 * The appointments that the availability no longer covers: those not lying wholly inside one open range.
 * Only the opening hours count here; notice, horizon and buffers apply to new bookings, not to booked visits.
 * Keeps the input order.
 */
export function findUncovered<T extends TimeRange>(appointments: readonly T[], availability: Availability): T[] {
  if (appointments.length === 0) return [];
  let from = appointments[0]!.start;
  let to = appointments[0]!.end;
  for (const a of appointments) {
    if (a.start < from) from = a.start;
    if (a.end > to) to = a.end;
  }
  const open = openRanges(availability, from, to);
  return appointments.filter((a) => !isCovered(open, a));
}

/** `open` is sorted and merged, so a binary search finds the only range that can hold the visit. */
function isCovered(open: TimeRange[], visit: TimeRange): boolean {
  const start = visit.start.getTime();
  let lo = 0;
  let hi = open.length - 1;
  let candidate: TimeRange | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const range = open[mid]!;
    if (range.start.getTime() <= start) {
      candidate = range;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return candidate !== undefined && candidate.end.getTime() >= visit.end.getTime() && candidate.end.getTime() > start;
}
