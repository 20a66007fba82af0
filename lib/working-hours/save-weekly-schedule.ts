import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { WEEKDAY_KEYS } from "@/lib/working-hours/clock-time";
import { queueReminderJobs, retimeUpcomingReminders } from "@/lib/reminders/reminder-store";
import type { WeeklyScheduleInput } from "@/lib/working-hours/working-hours-input";

/**
 * Replaces the provider's weekly hours and booking settings in one transaction: both are saved or neither.
 * Booked appointments keep their times (the caller reports those the new hours no longer cover); their
 * reminders follow new reminder times, and the new ones are queued once the change has committed.
 *
 * The settings UPDATE comes first because it locks the provider's profile row: two saves at once then run one
 * after the other, and the second one's DELETE sees (and removes) the first one's rules instead of leaving both.
 */
export async function saveWeeklySchedule(providerId: string, input: WeeklyScheduleInput): Promise<void> {
  const rules = WEEKDAY_KEYS.flatMap((key, weekday) =>
    input.weekly[key].map(({ startMinute, endMinute }) => ({ providerId, weekday, startMinute, endMinute })),
  );
  const newReminders = await db.$transaction(async (tx) => {
    const updated = await tx.providerProfile.updateMany({ where: { userId: providerId }, data: input.settings });
    if (updated.count === 0) throw new AppError("NOT_FOUND", "There is no provider profile for this account.");
    await tx.availabilityRule.deleteMany({ where: { providerId } });
    if (rules.length > 0) await tx.availabilityRule.createMany({ data: rules });
    return input.settings.reminderMinutes ? retimeUpcomingReminders(tx, providerId) : [];
  });
  await queueReminderJobs(newReminders);
}
