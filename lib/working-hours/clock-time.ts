// Wall-clock times of day ("HH:MM") as minutes since local midnight, and intervals of them. Pure: no I/O,
// no time zones, safe to import from client components.

/** Minutes in a day; also the minute value of "24:00", the midnight that ends a day. */
export const DAY_MINUTES = 1440;

/** Opening hours start and end on 5-minute boundaries, as `<input type="time" step="300">` offers. */
export const CLOCK_STEP_MINUTES = 5;

const CLOCK = /^(\d{2}):(\d{2})(?::00)?$/;

/**
 * "HH:MM" (optionally with ":00" seconds, as some browsers send) → minutes since midnight, 0..1440.
 * "24:00" is the end of the day. Anything else, including "9:00", "24:30" and "12:60", is null.
 */
export function parseClockTime(text: string): number | null {
  const match = CLOCK.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return null;
  return hours * 60 + minutes;
}

/** Minutes since midnight → "HH:MM"; 1440 is "24:00". */
export function formatClockTime(minute: number): string {
  if (!Number.isInteger(minute) || minute < 0 || minute > DAY_MINUTES) throw new RangeError(`Not a minute of the day: ${minute}`);
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

/**
 * The value for an end-time `<input type="time">`, which cannot show "24:00": the end of the day is shown as
 * "00:00", and `endMinuteOf` reads it back as 1440.
 */
export function clockInputValue(minute: number): string {
  return minute === DAY_MINUTES ? "00:00" : formatClockTime(minute);
}

/** An end time of "00:00" can only mean the midnight that ends the day. */
export function endMinuteOf(text: string): number | null {
  const minute = parseClockTime(text);
  return minute === 0 ? DAY_MINUTES : minute;
}

export function isOnClockStep(minute: number, step = CLOCK_STEP_MINUTES): boolean {
  return Number.isInteger(minute) && minute % step === 0;
}

export type MinuteInterval = { startMinute: number; endMinute: number };

/** "09:00–12:00" */
export function formatInterval({ startMinute, endMinute }: MinuteInterval): string {
  return `${formatClockTime(startMinute)}–${formatClockTime(endMinute)}`;
}

/**
 * For each interval that overlaps one listed before it in time, the pair [earlier, later] of their indexes in
 * the input. Intervals that only touch (09:00–12:00 and 12:00–13:00) do not overlap. Each later interval is
 * reported once, against the earlier interval that reaches furthest into it.
 */
export function findOverlaps(intervals: readonly MinuteInterval[]): Array<[number, number]> {
  const order = intervals
    .map((interval, index) => ({ ...interval, index }))
    .sort((a, b) => a.startMinute - b.startMinute || a.endMinute - b.endMinute || a.index - b.index);
  const pairs: Array<[number, number]> = [];
  let reach: (typeof order)[number] | undefined;
  for (const current of order) {
    if (reach && current.startMinute < reach.endMinute) pairs.push([reach.index, current.index]);
    if (!reach || current.endMinute > reach.endMinute) reach = current;
  }
  return pairs;
}

/** Weekday keys of the schedule API, indexed by weekday number as stored (0 = Sunday). */
export const WEEKDAY_KEYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

export const WEEKDAY_LABELS: Record<WeekdayKey, string> = {
  sunday: "Sunday",
  monday: "Monday",
  tuesday: "Tuesday",
  wednesday: "Wednesday",
  thursday: "Thursday",
  friday: "Friday",
  saturday: "Saturday",
};

/** The order in which the editor lists the week. */
export const WEEK_ORDER: readonly WeekdayKey[] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
