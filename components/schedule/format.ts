import { TZDate } from "@date-fns/tz";
import { formatClockTime } from "@/lib/working-hours/clock-time";
import { parseLocalDate, type LocalDate } from "@/lib/scheduling/zoned-time";

// Written out by hand rather than with Intl so that the server render and the browser always agree.
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-05-04" → "Mon 4 May 2026" */
export function formatLocalDate(date: LocalDate): string {
  const { year, month, day } = parseLocalDate(date);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return `${WEEKDAYS[weekday]} ${day} ${MONTHS[month - 1]} ${year}`;
}

/** A visit's start and end on the provider's wall clock: "Mon 4 May 2026, 10:00–10:30". */
export function formatVisit(start: string, end: string, timeZone: string): string {
  const from = new TZDate(new Date(start).getTime(), timeZone);
  const to = new TZDate(new Date(end).getTime(), timeZone);
  const date = `${WEEKDAYS[from.getDay()]} ${from.getDate()} ${MONTHS[from.getMonth()]} ${from.getFullYear()}`;
  const sameDay = from.getFullYear() === to.getFullYear() && from.getMonth() === to.getMonth() && from.getDate() === to.getDate();
  const clock = (d: TZDate) => formatClockTime(d.getHours() * 60 + d.getMinutes());
  return sameDay
    ? `${date}, ${clock(from)}–${clock(to)}`
    : `${date}, ${clock(from)} – ${formatLocalDate(`${to.getFullYear()}-${String(to.getMonth() + 1).padStart(2, "0")}-${String(to.getDate()).padStart(2, "0")}`)}, ${clock(to)}`;
}

export const zoneLabel = (timeZone: string) => timeZone.replaceAll("_", " ");
