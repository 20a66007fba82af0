import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { asDbDate } from "@/lib/working-hours/get-schedule";
import type { ExceptionInput } from "@/lib/working-hours/working-hours-input";
import type { LocalDate } from "@/lib/scheduling/zoned-time";

/** At most this many exceptions from today on, so a runaway script cannot grow the schedule without end. */
export const MAX_UPCOMING_EXCEPTIONS = 500;

/** Adds a dated exception (time off or extra hours) to the provider's schedule. Booked visits are not touched. */
export async function addException(providerId: string, input: ExceptionInput, options: { today: LocalDate }): Promise<{ id: string }> {
  const profile = await db.providerProfile.findUnique({ where: { userId: providerId }, select: { userId: true } });
  if (!profile) throw new AppError("NOT_FOUND", "There is no provider profile for this account.");
  const upcoming = await db.availabilityException.count({ where: { providerId, date: { gte: asDbDate(options.today) } } });
  if (upcoming >= MAX_UPCOMING_EXCEPTIONS) {
    throw new AppError("UNPROCESSABLE", `You already have ${MAX_UPCOMING_EXCEPTIONS} upcoming exceptions. Delete some before adding more.`);
  }
  return db.availabilityException.create({
    data: {
      providerId,
      date: asDbDate(input.date),
      kind: input.kind,
      startMinute: input.startMinute,
      endMinute: input.endMinute,
      note: input.note,
    },
    select: { id: true },
  });
}
