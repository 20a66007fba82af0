import { z } from "@/lib/validation/zod";
import { emailSchema, optionalDateOfBirth, optionalPhone, ownNameSchema, passwordSchema, timeZoneSchema } from "@/lib/schemas/user";

export const profileSchema = z.strictObject({
  name: ownNameSchema,
  phone: optionalPhone,
  dateOfBirth: optionalDateOfBirth,
  timeZone: timeZoneSchema,
});
export type ProfileInput = z.infer<typeof profileSchema>;

export const changeEmailSchema = z.strictObject({
  email: emailSchema,
  currentPassword: z.string({ error: "Please enter your current password." }).min(1, "Please enter your current password.").max(200),
});

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string({ error: "Please enter your current password." }).min(1, "Please enter your current password.").max(200),
  newPassword: passwordSchema,
});
