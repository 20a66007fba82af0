import { z } from "@/lib/validation/zod";
import { emailSchema, personNameSchema, timeZoneSchema } from "@/lib/schemas/user";
import { idSchema } from "@/lib/validation/id";
import { bookAppointmentSchema } from "@/lib/appointments/appointment-input";

const dateOfBirth = z.iso
  .date({ message: "must be a date such as 1948-05-31" })
  .refine((d) => d >= "1900-01-01" && d <= new Date().toISOString().slice(0, 10), "must be a real date of birth, not in the future");

const phone = z
  .string()
  .trim()
  .max(40, "must be at most 40 characters")
  .regex(/^\+?[0-9 ().-]{5,}$/, "must be a phone number such as +44 20 7946 0000");

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());

export const newPatientSchema = z.object({
  name: personNameSchema,
  email: emailSchema,
  phone: optional(phone),
  dateOfBirth: optional(dateOfBirth),
  timeZone: timeZoneSchema,
});
export type NewPatientInput = z.infer<typeof newPatientSchema>;

/** POST /api/staff/appointments: an existing patient by id, or a new one by their details. */
export const staffBookingSchema = bookAppointmentSchema
  .extend({ patientId: idSchema.optional(), newPatient: newPatientSchema.optional() })
  .refine((b) => (b.patientId ? !b.newPatient : !!b.newPatient), { message: "give either patientId or newPatient", path: ["patientId"] });

export const patientSearchSchema = z.object({ q: z.string().trim().min(2, "type at least 2 characters").max(120) });
