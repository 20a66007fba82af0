import { noticeWords, withinChangeNotice } from "@/lib/appointments/allowed-actions";

// The one place that says which appointment changes are allowed, and why not when they are refused.
import type { AppointmentStatus } from "@/lib/generated/prisma/enums";

export type { AppointmentStatus };
export type AppointmentAction = "reschedule" | "cancel" | "complete" | "mark-no-show";

const allowed: Record<AppointmentAction, { from: AppointmentStatus[]; to: AppointmentStatus }> = {
  reschedule: { from: ["SCHEDULED"], to: "SCHEDULED" },
  cancel: { from: ["SCHEDULED"], to: "CANCELLED" },
  complete: { from: ["SCHEDULED"], to: "COMPLETED" },
  "mark-no-show": { from: ["SCHEDULED"], to: "NO_SHOW" },
};

const statusWords: Record<AppointmentStatus, string> = {
  SCHEDULED: "scheduled",
  CANCELLED: "cancelled",
  COMPLETED: "completed",
  NO_SHOW: "marked as a no-show",
};

export type Transition = { ok: true; to: AppointmentStatus } | { ok: false; reason: string };

export function transition(from: AppointmentStatus, action: AppointmentAction): Transition {
  const rule = allowed[action];
  if (rule.from.includes(from)) return { ok: true, to: rule.to };
  return { ok: false, reason: `This appointment is already ${statusWords[from]}.` };
}

export type CancellationCheck = { ok: true } | { ok: false; reason: string };

/**
 * Patients may cancel or reschedule only up to the provider's notice; providers may always cancel
 * (with a reason), since they must be able to react to an emergency.
 */
export function checkChangeNotice(options: {
  by: "PATIENT" | "PROVIDER" | "ADMIN";
  start: Date;
  now: Date;
  cancelNoticeMinutes: number;
}): CancellationCheck {
  if (options.by !== "PATIENT") return { ok: true };
  if (withinChangeNotice(options.start, options.now, options.cancelNoticeMinutes)) return { ok: true };
  const notice = noticeWords(options.cancelNoticeMinutes);
  return {
    ok: false,
    reason: `It is too late to change this appointment online: your provider asks for changes at least ${notice} ahead. Please contact the clinic.`,
  };
}
