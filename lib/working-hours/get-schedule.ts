import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatClockTime, WEEKDAY_KEYS, type WeekdayKey } from "@/lib/working-hours/clock-time";
import { findUncoveredAppointments, type UncoveredAppointment } from "@/lib/working-hours/find-uncovered-appointments";
import type { ScheduleSettings } from "@/lib/working-hours/working-hours-input";
import type { ScheduleException } from "@/lib/scheduling/types";
import { addDays, localDateOf, type LocalDate } from "@/lib/scheduling/zoned-time";

export type ClockInterval = { start: string; end: string };

export type ExceptionView = {
  id: string;
  date: LocalDate;
  kind: "TIME_OFF" | "EXTRA";
  /** "HH:MM", or null for a whole day off. */
  start: string | null;
  end: string | null;
  note: string;
};

/** The provider's schedule as GET /api/provider/schedule answers and the schedule page shows it. */
export type ScheduleView = {
  timeZone: string;
  /** The provider's local date now: exceptions before it are past. */
  today: LocalDate;
  /** Intervals per weekday, sorted, as "HH:MM" in the provider's zone ("24:00" is the end of the day). */
  weekly: Record<WeekdayKey, ClockInterval[]>;
  settings: ScheduleSettings;
  /** Exceptions from today on, soonest first. */
  exceptions: ExceptionView[];
  /** Upcoming booked visits that the current hours do not cover. */
  uncovered: UncoveredAppointment[];
};

export const asDbDate = (date: LocalDate) => new Date(`${date}T00:00:00.000Z`);
const fromDbDate = (date: Date): LocalDate => date.toISOString().slice(0, 10);

/** The signed-in provider's own schedule; 404 when the account has no provider profile. */
export async function getSchedule(providerId: string, now = new Date()): Promise<ScheduleView> {
  const provider = await db.user.findFirst({
    where: { id: providerId, role: "PROVIDER" },
    select: {
      timeZone: true,
      provider: {
        select: {
          visitMinutes: true,
          bufferMinutes: true,
          minNoticeMinutes: true,
          horizonDays: true,
          cancelNoticeMinutes: true,
          reminderMinutes: true,
          weeklyRules: {
            orderBy: [{ weekday: "asc" }, { startMinute: "asc" }],
            select: { weekday: true, startMinute: true, endMinute: true },
          },
        },
      },
    },
  });
  const profile = provider?.provider;
  if (!provider || !profile) throw new AppError("NOT_FOUND", "There is no provider profile for this account.");

  const timeZone = provider.timeZone;
  const today = localDateOf(now, timeZone).date;
  // From yesterday on: the coverage check also reads the local date before the first upcoming visit.
  const exceptionRows = await db.availabilityException.findMany({
    where: { providerId, date: { gte: asDbDate(addDays(today, -1)) } },
    orderBy: [{ date: "asc" }, { startMinute: "asc" }],
    select: { id: true, date: true, kind: true, startMinute: true, endMinute: true, note: true },
  });

  const rules = profile.weeklyRules;
  const exceptions: ScheduleException[] = exceptionRows.map((x) =>
    x.kind === "EXTRA"
      ? { kind: "EXTRA", date: fromDbDate(x.date), startMinute: x.startMinute ?? 0, endMinute: x.endMinute ?? 0 }
      : { kind: "TIME_OFF", date: fromDbDate(x.date), startMinute: x.startMinute ?? undefined, endMinute: x.endMinute ?? undefined },
  );
  const uncovered = await findUncoveredAppointments(providerId, { timeZone, rules, exceptions }, now);

  const weekly = Object.fromEntries(WEEKDAY_KEYS.map((key) => [key, [] as ClockInterval[]])) as Record<WeekdayKey, ClockInterval[]>;
  for (const rule of rules) {
    const key = WEEKDAY_KEYS[rule.weekday];
    if (key) weekly[key].push({ start: formatClockTime(rule.startMinute), end: formatClockTime(rule.endMinute) });
  }

  return {
    timeZone,
    today,
    weekly,
    settings: {
      visitMinutes: profile.visitMinutes,
      bufferMinutes: profile.bufferMinutes,
      minNoticeMinutes: profile.minNoticeMinutes,
      horizonDays: profile.horizonDays,
      cancelNoticeMinutes: profile.cancelNoticeMinutes,
      reminderMinutes: [...profile.reminderMinutes].sort((a, b) => b - a),
    },
    exceptions: exceptionRows
      .filter((x) => fromDbDate(x.date) >= today)
      .map((x) => ({
        id: x.id,
        date: fromDbDate(x.date),
        kind: x.kind,
        start: x.startMinute === null ? null : formatClockTime(x.startMinute),
        end: x.endMinute === null ? null : formatClockTime(x.endMinute),
        note: x.note,
      })),
    uncovered,
  };
}
