import { z } from "@/lib/validation/zod";
import { addDays, type LocalDate } from "@/lib/scheduling/zoned-time";
import { MAX_REMINDERS, REMINDER_MINUTES_RANGE } from "@/lib/reminders/reminder-schedule";
import {
  endMinuteOf,
  findOverlaps,
  formatInterval,
  isOnClockStep,
  parseClockTime,
  WEEKDAY_KEYS,
  type WeekdayKey,
} from "@/lib/working-hours/clock-time";

export const MAX_INTERVALS_PER_DAY = 12;
export const MAX_NOTE_LENGTH = 200;
/** Exceptions further ahead than this are refused: no booking horizon reaches them. */
export const EXCEPTION_MAX_DAYS_AHEAD = 730;

const NOT_A_TIME = "must be a time between 00:00 and 24:00, such as 09:30";
const OFF_STEP = "must be on a 5-minute boundary, such as 09:05";
const NO_CONTROL = /[\u0000-\u001f\u007f]/;

/** "HH:MM" → minutes. An end time of "00:00" is the midnight that ends the day (1440). */
function clockTime(which: "start" | "end") {
  return z.string({ error: "is required: a time such as 09:00" }).transform((text, ctx) => {
    const minute = which === "end" ? endMinuteOf(text) : parseClockTime(text);
    if (minute === null) {
      ctx.addIssue({ code: "custom", message: NOT_A_TIME });
      return z.NEVER;
    }
    if (!isOnClockStep(minute)) {
      ctx.addIssue({ code: "custom", message: OFF_STEP });
      return z.NEVER;
    }
    return minute;
  });
}

/** An optional time: missing, null and "" (an empty time input) all mean "not given". */
function optionalClockTime(which: "start" | "end") {
  return z.preprocess((v) => (v === "" || v === undefined ? null : v), clockTime(which).nullable());
}

export const intervalSchema = z
  .strictObject({ start: clockTime("start"), end: clockTime("end") })
  .transform(({ start, end }) => ({ startMinute: start, endMinute: end }))
  .refine((i) => i.startMinute < i.endMinute, { message: "must be after the start", path: ["end"] });

const daySchema = z
  .array(intervalSchema, { error: "must be a list of intervals" })
  .max(MAX_INTERVALS_PER_DAY, `may have at most ${MAX_INTERVALS_PER_DAY} intervals`)
  .superRefine((intervals, ctx) => {
    for (const [earlier, later] of findOverlaps(intervals)) {
      const other = intervals[earlier];
      if (!other) continue;
      ctx.addIssue({
        code: "custom",
        path: [later, "start"],
        message: `overlaps ${formatInterval(other)}: merge the two or change the times`,
      });
    }
  })
  .default([]);

/** The week by day name; a day left out is closed. Unknown keys (e.g. "mon") are refused. */
export const weeklySchema = z.strictObject(
  Object.fromEntries(WEEKDAY_KEYS.map((key) => [key, daySchema])) as Record<WeekdayKey, typeof daySchema>,
  {
    error: (issue) =>
      issue.code === "invalid_type" ? "must be an object with a list of intervals per weekday (sunday … saturday)" : undefined,
  },
);

function wholeNumber(min: number, max: number, unit: string, extra = "") {
  const range = `must be between ${min} and ${max} ${unit}${extra}`;
  return z.number({ error: "must be a number" }).int("must be a whole number").min(min, range).max(max, range);
}

export const settingsSchema = z.strictObject(
  {
    visitMinutes: wholeNumber(10, 180, "minutes"),
    bufferMinutes: wholeNumber(0, 60, "minutes"),
    minNoticeMinutes: wholeNumber(0, 10080, "minutes", " (168 hours)"),
    horizonDays: wholeNumber(1, 365, "days"),
    cancelNoticeMinutes: wholeNumber(0, 10080, "minutes", " (168 hours)"),
    /** Left out: the reminder times stay as they are. */
    reminderMinutes: z
      .array(wholeNumber(REMINDER_MINUTES_RANGE.min, REMINDER_MINUTES_RANGE.max, "minutes", " (5 minutes to 7 days) before the visit"), {
        error: "must be a list of minutes",
      })
      .max(MAX_REMINDERS, `may have at most ${MAX_REMINDERS} reminder times`)
      .refine((list) => new Set(list).size === list.length, "must not repeat a time")
      .optional(),
  },
  { error: (issue) => (issue.code === "invalid_type" ? "must be an object" : undefined) },
);
export type ScheduleSettings = z.infer<typeof settingsSchema>;

/** PUT /api/provider/schedule: the whole week (replacing the old one) and the booking settings, saved together. */
export const weeklyScheduleSchema = z.strictObject({ weekly: weeklySchema, settings: settingsSchema });
export type WeeklyScheduleInput = z.infer<typeof weeklyScheduleSchema>;

export function isRealDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return year >= 2000 && d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

const EXCEPTION_KINDS = ["TIME_OFF", "EXTRA"] as const;

/**
 * POST /api/provider/schedule/exceptions. `today` is the provider's own local date, so "not in the past" means
 * what the provider sees on their calendar. Time off without times is the whole day; extra hours need both.
 */
export function exceptionSchema(today: LocalDate) {
  const latest = addDays(today, EXCEPTION_MAX_DAYS_AHEAD);
  return z
    .strictObject({
      date: z.string({ error: "is required: a date such as 2026-05-04" }).superRefine((d, ctx) => {
        const problem = !isRealDate(d)
          ? "must be a real date such as 2026-05-04"
          : d < today
            ? "must be today or later"
            : d > latest
              ? "must be within the next two years"
              : null;
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
      kind: z.enum(EXCEPTION_KINDS, { error: "must be TIME_OFF (time off) or EXTRA (extra hours)" }),
      start: optionalClockTime("start"),
      end: optionalClockTime("end"),
      note: z
        .string({ error: "must be text" })
        .trim()
        .max(MAX_NOTE_LENGTH, `must be at most ${MAX_NOTE_LENGTH} characters`)
        .refine((v) => !NO_CONTROL.test(v), "must be a single line without control characters")
        .optional()
        .default(""),
    })
    .transform((input, ctx) => {
      const { start, end } = input;
      if (input.kind === "EXTRA" || (start === null) !== (end === null)) {
        const why =
          input.kind === "EXTRA"
            ? "is required for extra hours"
            : "is required when the other time is given (leave both empty for the whole day)";
        if (start === null) ctx.addIssue({ code: "custom", path: ["start"], message: why });
        if (end === null) ctx.addIssue({ code: "custom", path: ["end"], message: why });
        if (start === null || end === null) return z.NEVER;
      }
      if (start !== null && end !== null && start >= end) {
        ctx.addIssue({ code: "custom", path: ["end"], message: "must be after the start" });
        return z.NEVER;
      }
      return { date: input.date, kind: input.kind, startMinute: start, endMinute: end, note: input.note };
    });
}
export type ExceptionInput = z.output<ReturnType<typeof exceptionSchema>>;
