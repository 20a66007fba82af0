import type { AppointmentStatus } from "@/lib/appointments/state-machine";

/** "24 hours", "90 minutes": the provider's notice as a patient reads it. */
export function noticeWords(minutes: number): string {
  const hours = minutes / 60;
  if (Number.isInteger(hours) && hours >= 1) return `${hours} hour${hours === 1 ? "" : "s"}`;
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** The last instant a patient may still move or cancel online. */
export function changeDeadline(start: Date, cancelNoticeMinutes: number): Date {
  return new Date(start.getTime() - cancelNoticeMinutes * 60_000);
}

/** True while a patient may still move or cancel online (the same rule checkChangeNotice enforces). */
export function withinChangeNotice(start: Date, now: Date, cancelNoticeMinutes: number): boolean {
  return now.getTime() <= changeDeadline(start, cancelNoticeMinutes).getTime();
}

export type AllowedActions = {
  join: boolean;
  addToCalendar: boolean;
  reschedule: boolean;
  cancel: boolean;
  /** Set when the patient could once move or cancel online and no longer can: until when they could. */
  changeClosedSince: Date | null;
};

/**
 * What an appointment card may offer right now. Patients move or cancel only up to the provider's notice;
 * providers cancel (with a reason) at any time while the visit is ahead; nothing is offered once it is over.
 */
export function allowedActions(
  a: { status: AppointmentStatus; start: Date; end: Date },
  viewer: "PATIENT" | "PROVIDER",
  now: Date,
  cancelNoticeMinutes: number,
): AllowedActions {
  const open = a.status === "SCHEDULED" && a.end.getTime() > now.getTime();
  if (!open) return { join: false, addToCalendar: false, reschedule: false, cancel: false, changeClosedSince: null };
  if (viewer === "PROVIDER") return { join: true, addToCalendar: true, reschedule: false, cancel: true, changeClosedSince: null };
  const canChange = withinChangeNotice(a.start, now, cancelNoticeMinutes);
  return {
    join: true,
    addToCalendar: true,
    reschedule: canChange,
    cancel: canChange,
    changeClosedSince: canChange ? null : changeDeadline(a.start, cancelNoticeMinutes),
  };
}

/** Shown before a patient confirms a time that is already inside the notice: once booked, it cannot be changed online. */
export function bookingInsideNoticeWarning(start: Date, now: Date, cancelNoticeMinutes: number): string | null {
  if (cancelNoticeMinutes <= 0 || withinChangeNotice(start, now, cancelNoticeMinutes)) return null;
  return `This time is less than ${noticeWords(cancelNoticeMinutes)} away. Once you book it, you cannot move or cancel it online: your provider asks for changes at least ${noticeWords(cancelNoticeMinutes)} ahead.`;
}
