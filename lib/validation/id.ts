import { z } from "@/lib/validation/zod";

/** A record id in a URL or a body (cuid-like): what every route's `[id]` is checked against. */
export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "is not a valid id");
