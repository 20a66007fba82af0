import { z } from "@/lib/validation/zod";
import { isTimeZone } from "@/lib/time-zone";

export const roles = ["PATIENT", "PROVIDER", "ADMIN"] as const;
/** The roles of accounts people sign in to (and admins assign). */
export type Role = (typeof roles)[number];
/** Every user's role: also GUEST, someone invited into one visit, who never signs in and only holds that visit's link session (lib/guests). */
export type UserRole = Role | "GUEST";

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

export const timeZoneSchema = z
  .string({ error: "Please choose your time zone." })
  .trim()
  .refine(isTimeZone, "Please choose a time zone from the list, such as Europe/London.");

const blankIsNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);

export const phoneSchema = z
  .string()
  .trim()
  .regex(/^[+()\d\s./-]{5,40}$/, "Please enter a phone number using digits, spaces and + ( ) - only, such as +44 20 7946 0000.");

/** "YYYY-MM-DD", a real calendar date, not in the future, and not before 1900. */
export const dateOfBirthSchema = z
  .string()
  .trim()
  .refine((v) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
    const date = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === v;
  }, "Please enter your date of birth as day, month and year.")
  .refine((v) => v >= "1900-01-01", "Please check the year of your date of birth.")
  .refine((v) => new Date(`${v}T00:00:00Z`).getTime() <= Date.now(), "Please enter a date of birth in the past.");

/** Optional in a form: blank means "not given" (null clears a stored value). */
export const optionalPhone = z.preprocess(blankIsNull, phoneSchema.nullable().optional());
export const optionalDateOfBirth = z.preprocess(blankIsNull, dateOfBirthSchema.nullable().optional());

export const signUpSchema = z.object({
  name: ownNameSchema,
  email: emailSchema,
  password: passwordSchema,
  timeZone: timeZoneSchema,
  phone: optionalPhone,
  dateOfBirth: optionalDateOfBirth,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(200),
});
