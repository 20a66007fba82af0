import { TZDate } from "@date-fns/tz";

/** A calendar date as written in some time zone, "YYYY-MM-DD". */
export type LocalDate = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseLocalDate(date: LocalDate): { year: number; month: number; day: number } {
  const match = DATE.exec(date);
  if (!match) throw new Error(`Not a date: ${date}`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/**
 * The instant at which a wall clock in `timeZone` shows `minuteOfDay` on `date`. Minute 1440 is the next
 * midnight. A wall time skipped by a DST change resolves forward, as clocks do.
 */
export function wallTimeToInstant(date: LocalDate, minuteOfDay: number, timeZone: string): Date {
  const key = `${timeZone} ${date} ${minuteOfDay}`;
  let epochMs = instants.get(key);
  if (epochMs === undefined) {
    const { year, month, day } = parseLocalDate(date);
    const zoned = new TZDate(year, month - 1, day, 0, 0, 0, timeZone);
    zoned.setMinutes(minuteOfDay);
    epochMs = zoned.getTime();
    if (instants.size >= MAX_REMEMBERED) instants.clear();
    instants.set(key, epochMs);
  }
  return new Date(epochMs);
}

/**
 * Zone rules do not change while the process runs, and every slot request converts the same few dozen
 * opening times, each costing tens of microseconds in Intl: remembering them makes a month of slots ~10× cheaper.
 */
const instants = new Map<string, number>();
const MAX_REMEMBERED = 50_000;

/** The calendar date and weekday (0 = Sunday) that `instant` falls on in `timeZone`. */
export function localDateOf(instant: Date, timeZone: string): { date: LocalDate; weekday: number } {
  const zoned = new TZDate(instant.getTime(), timeZone);
  const date = `${zoned.getFullYear()}-${String(zoned.getMonth() + 1).padStart(2, "0")}-${String(zoned.getDate()).padStart(2, "0")}`;
  return { date, weekday: zoned.getDay() };
}

/** Calendar arithmetic on plain dates, independent of any zone. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const { year, month, day } = parseLocalDate(date);
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return d.toISOString().slice(0, 10);
}

export function weekdayOf(date: LocalDate): number {
  const { year, month, day } = parseLocalDate(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}
