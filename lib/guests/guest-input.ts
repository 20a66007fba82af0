import { z } from "@/lib/validation/zod";
import { emailSchema, personNameSchema } from "@/lib/schemas/user";
import { GuestRole } from "@/lib/generated/prisma/enums";
import { idSchema } from "@/lib/validation/id";

const blankIsUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** POST /api/visits/{id}/guests: a name, a role, a detail ("Spanish"), and an email to send the link to, or none (copy it). */
export const inviteGuestSchema = z.object({
  name: personNameSchema,
  role: z.enum(GuestRole, { message: "Please choose interpreter, caregiver, clinician or other." }),
  detail: z
    .string({ message: "Please describe the guest in words, such as Spanish." })
    .trim()
    .max(60, "Please keep the detail to 60 characters or fewer.")
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "Please use only letters, spaces and punctuation in the detail.")
    .default(""),
  email: z.preprocess(blankIsUndefined, emailSchema.optional()),
});
export type InviteGuestInput = z.infer<typeof inviteGuestSchema>;

export const guestPolicySchema = z.object({
  patientMayInvite: z.boolean({ message: "Please say yes or no (true or false)." }),
});

/** POST /api/visits/{id}/admit: `{}` admits the patient, `{ guestId }` the guest with that user id. */
export const admitSchema = z.object({ guestId: idSchema.optional() });
