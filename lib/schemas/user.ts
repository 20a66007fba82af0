import { z } from "zod";
import { isTimeZone } from "@/lib/time-zone";

export const roles = ["PATIENT", "PROVIDER", "ADMIN"] as const;
export type Role = (typeof roles)[number];

// Messages are whole sentences addressed to the person filling in the form: the API returns them per field,
// and the forms show them beside the field as they are.
export const emailSchema = z
  .string({ error: "Please enter an email address." })
  .trim()
  .toLowerCase()
  .min(1, "Please enter an email address.")
  .max(254, "Please use an email address of at most 254 characters.")
  .pipe(z.email({ message: "Please enter an email address such as name@example.com." }));

export const passwordSchema = z
  .string({ error: "Please choose a password." })
  .min(10, "Please choose a password of at least 10 characters.")
  .max(200, "Please choose a password of at most 200 characters.");

export const personNameSchema = z
  .string({ error: "Please enter a name." })
  .trim()
  .min(1, "Please enter a name.")
  .max(120, "Please keep the name to 120 characters or fewer.")
  // Control characters would corrupt emails, calendar files and CSV exports.
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "Please use only letters, spaces and punctuation in the name.");

/** The patient's own name, in the words of the sign-up and account forms. */
export const ownNameSchema = z
  .string({ error: "Please enter your name." })
  .trim()
  .min(1, "Please enter your name.")
  .max(120, "Please keep your name to 120 characters or fewer.")
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "Please use only letters, spaces and punctuation in your name.");

export const timeZoneSchema = z.string({ error: "Please choose your time zone." }).trim().refine(isTimeZone, "Please choose a time zone from the list, such as Europe/London.");

export const signUpSchema = z.object({
  name: ownNameSchema,
  email: emailSchema,
  password: passwordSchema,
  timeZone: timeZoneSchema,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(200),
});
