import type { LocalDate } from "./zoned-time";

/** Minutes since local midnight, 0..1440. */
export type Minute = number;

/** A weekly opening in the provider's own time zone; weekday 0 = Sunday. */
export type WeeklyRule = { weekday: number; startMinute: Minute; endMinute: Minute };

/** A dated change in the provider's time zone: time off (whole day when no times) or extra hours. */
export type ScheduleException =
  | { kind: "TIME_OFF"; date: LocalDate; startMinute?: Minute; endMinute?: Minute }
  | { kind: "EXTRA"; date: LocalDate; startMinute: Minute; endMinute: Minute };

export type BookingRules = {
  timeZone: string;
  visitMinutes: number;
  bufferMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
};

export type TimeRange = { start: Date; end: Date };
