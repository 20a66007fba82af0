import { z } from "@/lib/validation/zod";
import { isTimeZone } from "@/lib/time-zone";

export const roles = ["PATIENT", "PROVIDER", "ADMIN"] as const;
export type Role = (typeof roles)[number];

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "is too long")
  .pipe(z.email({ message: "must be an email address" }));

export const passwordSchema = z
  .string()
  .min(10, "must be at least 10 characters")
  .max(200, "must be at most 200 characters");

export const personNameSchema = z
  .string()
  .trim()
  .min(1, "is required")
  .max(120, "must be at most 120 characters")
  // Control characters would corrupt emails, calendar files and CSV exports.
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "must not contain control characters");

export const timeZoneSchema = z.string().trim().refine(isTimeZone, "must be an IANA time zone such as Europe/London");

export const signUpSchema = z.object({
  name: personNameSchema,
  email: emailSchema,
  password: passwordSchema,
  timeZone: timeZoneSchema,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(200),
});
