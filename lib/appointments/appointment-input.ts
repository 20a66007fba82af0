import { z } from "@/lib/validation/zod";
import { idSchema } from "@/lib/validation/id";

const instant = z.iso
  .datetime({ offset: true, message: "must be an ISO 8601 instant such as 2026-03-09T14:00:00Z" })
  .transform((v) => new Date(v))
  .refine((d) => !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2200, "is out of range");

// Line breaks and tabs are fine in a reason; other control characters (NUL above all, which PostgreSQL text
// cannot hold) are refused.
const CONTROL_BUT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const visitReason = z
  .string()
  .trim()
  .min(1, "is required: tell your provider briefly what the visit is about")
  .max(500, "must be at most 500 characters")
  .refine((v) => !CONTROL_BUT_WHITESPACE.test(v), "must not contain control characters");

export const bookAppointmentSchema = z.object({ providerId: idSchema, start: instant, reason: visitReason });
export const rescheduleSchema = z.object({ start: instant });
export const cancelSchema = z.object({
  reason: z
    .string()
    .trim()
    .max(500, "must be at most 500 characters")
    .refine((v) => !CONTROL_BUT_WHITESPACE.test(v), "must not contain control characters")
    .optional()
    .default(""),
});

export const slotQuerySchema = z.object({ from: instant, to: instant }).superRefine((q, ctx) => {
  if (!(q.from instanceof Date) || !(q.to instanceof Date)) return;
  if (q.to <= q.from) ctx.addIssue({ code: "custom", message: "must be after from", path: ["to"] });
  else if (q.to.getTime() - q.from.getTime() > 62 * 24 * 3600_000)
    ctx.addIssue({ code: "custom", message: "may span at most 62 days", path: ["to"] });
});
