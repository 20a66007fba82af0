// When reminders fall due: pure, so booking, reschedule and the sender agree, and unit tests pin the edge cases.

export const MAX_REMINDERS = 3;
export const DEFAULT_REMINDER_MINUTES = [1440, 60];
/** At most a week ahead, at least five minutes: a reminder closer than that is the visit itself. */
export const REMINDER_MINUTES_RANGE = { min: 5, max: 10_080 } as const;
/** A reminder due within this of now is not planned: the booking confirmation just went out. */
export const TOO_SOON_MS = 60_000;

export type PlannedReminder = { offsetMinutes: number; startsAt: Date; dueAt: Date };

/**
 * The reminders for a visit starting at `start`: one per distinct offset, due that many real minutes before
 * (24 h before a visit on the day clocks change is 24 elapsed hours, so its wall-clock time differs by the
 * shift), leaving out any already past (or due within a minute) when it is planned. Earliest first.
 */
export function planReminders(options: { start: Date; offsetsMinutes: readonly number[]; now: Date }): PlannedReminder[] {
  const offsets = [...new Set(options.offsetsMinutes)].filter((m) => Number.isInteger(m) && m > 0).slice(0, MAX_REMINDERS);
  return offsets
    .map((offsetMinutes) => ({ offsetMinutes, startsAt: options.start, dueAt: new Date(options.start.getTime() - offsetMinutes * 60_000) }))
    .filter((r) => r.dueAt.getTime() - options.now.getTime() >= TOO_SOON_MS)
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

export type ReminderRow = { id: string; offsetMinutes: number; startsAt: Date; status: "PENDING" | "SENDING" | "SENT" | "CANCELLED" };

/**
 * A reschedule: the pending reminders of the old time are dropped and the new time's are planned; reminders
 * already sent stay on record, and one already sent for this very start (moved back and forth) is not repeated.
 */
export function replanReminders(options: { existing: readonly ReminderRow[]; start: Date; offsetsMinutes: readonly number[]; now: Date }): {
  drop: string[];
  create: PlannedReminder[];
} {
  const drop = options.existing.filter((r) => r.status === "PENDING" || r.status === "CANCELLED").map((r) => r.id);
  const alreadyFor = new Set(
    options.existing
      .filter((r) => r.status === "SENT" || r.status === "SENDING")
      .filter((r) => r.startsAt.getTime() === options.start.getTime())
      .map((r) => r.offsetMinutes),
  );
  const create = planReminders(options).filter((r) => !alreadyFor.has(r.offsetMinutes));
  return { drop, create };
}

/**
 * The provider changed the reminder times; the visit's time is unchanged. Pending reminders whose offset is
 * still wanted stay (their queued jobs stay valid), the others go, and new offsets are planned, except one
 * already sent for this start. Earlier changes' leftovers (CANCELLED rows of a wanted offset) make room.
 */
export function retimeReminders(options: { existing: readonly ReminderRow[]; start: Date; offsetsMinutes: readonly number[]; now: Date }): {
  drop: string[];
  create: PlannedReminder[];
} {
  const sameStart = (r: ReminderRow) => r.startsAt.getTime() === options.start.getTime();
  const planned = planReminders(options);
  const wanted = new Set(planned.map((p) => p.offsetMinutes));
  const stays = (r: ReminderRow) =>
    sameStart(r) && (r.status === "SENT" || r.status === "SENDING" || (r.status === "PENDING" && wanted.has(r.offsetMinutes)));
  const kept = new Set(options.existing.filter(stays).map((r) => r.offsetMinutes));
  const drop = options.existing
    .filter(
      (r) =>
        (r.status === "PENDING" && !stays(r)) ||
        (r.status === "CANCELLED" && sameStart(r) && wanted.has(r.offsetMinutes) && !kept.has(r.offsetMinutes)),
    )
    .map((r) => r.id);
  return { drop, create: planned.filter((p) => !kept.has(p.offsetMinutes)) };
}

export type SendVerdict = { send: true } | { send: false; why: "cancelled" | "over" | "moved" | "started" | "superseded" };

/**
 * Whether a due reminder still goes out when a worker takes it. Nothing for a cancelled, finished or moved
 * visit, nor once it has started; a reminder that is late because a later one is also due already (the queue
 * was down) gives way to that one, so the patient gets one message, not two at once.
 */
export function sendVerdict(options: {
  reminder: { startsAt: Date; dueAt: Date };
  appointment: { status: "SCHEDULED" | "CANCELLED" | "COMPLETED" | "NO_SHOW"; startsAt: Date };
  laterDueAt: Date[];
  now: Date;
}): SendVerdict {
  const { reminder, appointment, now } = options;
  if (appointment.status === "CANCELLED") return { send: false, why: "cancelled" };
  if (appointment.status !== "SCHEDULED") return { send: false, why: "over" };
  if (appointment.startsAt.getTime() !== reminder.startsAt.getTime()) return { send: false, why: "moved" };
  if (now >= appointment.startsAt) return { send: false, why: "started" };
  if (options.laterDueAt.some((d) => d > reminder.dueAt && d <= now)) return { send: false, why: "superseded" };
  return { send: true };
}

/** "24 hours", "1 hour", "90 minutes", "2 days": how the settings page and the emails say an offset. */
export function describeOffset(minutes: number): string {
  if (minutes % 1440 === 0 && minutes >= 2880) return `${minutes / 1440} days`;
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? "" : "s"}`;
  return `${minutes} minutes`;
}
