import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** Deletes one of the provider's own exceptions; another provider's, or an unknown id, is 404 alike. */
export async function removeException(providerId: string, exceptionId: string): Promise<void> {
  const deleted = await db.availabilityException.deleteMany({ where: { id: exceptionId, providerId } });
  if (deleted.count === 0) throw new AppError("NOT_FOUND", "That exception does not exist.");
}
