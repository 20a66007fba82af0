import { z } from "@/lib/validation/zod";
import { emailSchema, passwordSchema, personNameSchema, roles, timeZoneSchema } from "@/lib/schemas/user";

const blankIsUnset = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const userListQuerySchema = z.object({
  q: z.preprocess(
    blankIsUnset,
    z
      .string()
      .trim()
      .max(100, "must be at most 100 characters")
      .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "must not contain control characters")
      .optional(),
  ),
  role: z.preprocess(blankIsUnset, z.enum(roles, { message: "must be PATIENT, PROVIDER or ADMIN" }).optional()),
  page: z.preprocess(blankIsUnset, z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(100_000).default(1)),
});
export type UserListQuery = z.infer<typeof userListQuerySchema>;

export const createProviderSchema = z.strictObject({
  name: personNameSchema,
  email: emailSchema,
  password: passwordSchema,
  timeZone: timeZoneSchema,
  specialty: z
    .string()
    .trim()
    .min(1, "is required")
    .max(120, "must be at most 120 characters")
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "must not contain control characters"),
});
export type CreateProviderInput = z.infer<typeof createProviderSchema>;

/** One change at a time: a new role, or active true/false. */
export const updateUserSchema = z.union(
  [
    z.strictObject({ role: z.enum(roles, { message: "must be PATIENT, PROVIDER or ADMIN" }) }),
    z.strictObject({ active: z.boolean({ message: "must be true or false" }) }),
  ],
  { message: "must be {role} or {active}" },
);
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
