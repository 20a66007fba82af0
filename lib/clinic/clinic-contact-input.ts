import { z } from "@/lib/validation/zod";

const noControl = (v: string) => !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(v);

export const clinicContactSchema = z.strictObject({
  phone: z
    .string()
    .trim()
    .max(40, "Please keep the phone number under 40 characters.")
    .refine((v) => v === "" || /^[+()\d\s./-]{5,40}$/.test(v), "Please enter a phone number using digits, spaces, + ( ) - only."),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "Please keep the email address under 254 characters.")
    .refine((v) => v === "" || z.email().safeParse(v).success, "Please enter an email address such as reception@clinic.example."),
  hours: z
    .string()
    .trim()
    .max(200, "Please keep the opening hours under 200 characters.")
    .refine(noControl, "Please use plain text for the opening hours."),
});
export type ClinicContactInput = z.infer<typeof clinicContactSchema>;
export type ClinicContact = ClinicContactInput;
