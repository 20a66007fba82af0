import { db } from "@/lib/db";
import { log } from "@/lib/log";
import { deliverMail } from "@/lib/mail/send-mail";
import { emailContexts, reminderEmail } from "@/lib/mail/appointment-emails";
import { describeOffset, sendVerdict } from "@/lib/reminders/reminder-schedule";

export type ReminderOutcome = { id: string; result: "sent" | "skipped" | "failed" | "not-mine"; error?: string };

/** Messages in flight per batch: as many as SMTP connections, so a claim is never kept waiting for one. */
const IN_FLIGHT = 5;

/** Runs `work` over `items` with at most `limit` at once, keeping the order of results. */
async function inTurn<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const runner = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, runner));
  return results;
}

/**
 * Sends a batch of reminders, each at most once at a time: each row is claimed (PENDING -> SENDING) by one
 * UPDATE right before its message goes out, so two instances, or a retry racing the original, cannot both
 * send it, and a claim lives only as long as one SMTP exchange; it becomes SENT, with a REMINDER_SENT event
 * on the visit's timeline, the moment SMTP took it. A failure puts it back to PENDING with a REMINDER_FAILED
 * event, and the job is retried with backoff. A claim older than the lease is a dead worker's.
 */
export async function sendReminders(ids: string[], options: { leaseSeconds: number; now?: () => Date }): Promise<ReminderOutcome[]> {
  const now = options.now ?? (() => new Date());
  const candidates = await db.reminder.findMany({
    where: { id: { in: ids }, status: { in: ["PENDING", "SENDING"] } },
    select: { id: true, appointmentId: true },
  });
  const candidateIds = new Set(candidates.map((c) => c.id));
  const outcomes: ReminderOutcome[] = ids.filter((id) => !candidateIds.has(id)).map((id) => ({ id, result: "not-mine" as const }));
  const claimed = candidates;
  const appointments = new Map(
    (
      await db.appointment.findMany({
        where: { id: { in: [...new Set(claimed.map((c) => c.appointmentId))] } },
        select: {
          id: true,
          status: true,
          startsAt: true,
          reminders: { where: { status: { in: ["PENDING", "SENDING"] } }, select: { id: true, dueAt: true, startsAt: true } },
        },
      })
    ).map((a) => [a.id, a]),
  );
  const contexts = await emailContexts([...appointments.keys()]);
  const results = await inTurn(claimed, IN_FLIGHT, async (candidate): Promise<ReminderOutcome> => {
    const stale = new Date(now().getTime() - options.leaseSeconds * 1000);
    const [reminder] = await db.reminder.updateManyAndReturn({
      where: { id: candidate.id, OR: [{ status: "PENDING" }, { status: "SENDING", claimedAt: { lt: stale } }] },
      data: { status: "SENDING", claimedAt: now(), attempts: { increment: 1 } },
      select: { id: true, appointmentId: true, offsetMinutes: true, startsAt: true, dueAt: true, attempts: true },
    });
    if (!reminder) return { id: candidate.id, result: "not-mine" };
    const appointment = appointments.get(reminder.appointmentId);
    const later = (appointment?.reminders ?? [])
      .filter((r) => r.id !== reminder.id && r.startsAt.getTime() === reminder.startsAt.getTime())
      .map((r) => r.dueAt);
    const verdict = appointment
      ? sendVerdict({ reminder, appointment, laterDueAt: later, now: now() })
      : ({ send: false, why: "cancelled" } as const);
    if (!verdict.send) {
      await db.reminder.updateMany({
        where: { id: reminder.id, status: "SENDING" },
        data: { status: "CANCELLED", lastError: `not sent: ${verdict.why}` },
      });
      return { id: reminder.id, result: "skipped" };
    }
    try {
      await deliverMail(await reminderEmail(reminder, now(), contexts.get(reminder.appointmentId)));
    } catch (error) {
      const message = error instanceof Error ? error.message.slice(0, 300) : "unknown error";
      await markFailed(reminder, message);
      return { id: reminder.id, result: "failed", error: message };
    }
    // Recorded the moment SMTP took it: a crash can only repeat a message in this instant, not a batch.
    await markSent(reminder, now());
    return { id: reminder.id, result: "sent" };
  });
  return [...outcomes, ...results];
}

type Claimed = { id: string; appointmentId: string; offsetMinutes: number; dueAt: Date; attempts: number };

/** One statement (one round trip, atomic): the row becomes SENT and its timeline gets REMINDER_SENT, or neither. */
async function markSent(r: Claimed, sentAt: Date): Promise<void> {
  const data = JSON.stringify({
    reminderId: r.id,
    offset: describeOffset(r.offsetMinutes),
    dueAt: r.dueAt.toISOString(),
    attempt: r.attempts,
  });
  await db.$executeRaw`
    WITH sent AS (
      UPDATE "Reminder" SET status = 'SENT', "sentAt" = ${sentAt} WHERE id = ${r.id} AND status = 'SENDING' RETURNING "appointmentId"
    )
    INSERT INTO "VisitEvent" ("appointmentId", type, "actorId", at, data)
    SELECT "appointmentId", 'REMINDER_SENT', NULL, ${sentAt}, ${data}::jsonb FROM sent`;
}

async function markFailed(r: Claimed, error: string): Promise<void> {
  log.warn("reminder not sent; will retry", { reminderId: r.id, error });
  await db.$transaction([
    db.reminder.updateMany({ where: { id: r.id, status: "SENDING" }, data: { status: "PENDING", claimedAt: null, lastError: error } }),
    db.visitEvent.create({
      data: {
        appointmentId: r.appointmentId,
        type: "REMINDER_FAILED",
        actorId: null,
        data: { reminderId: r.id, offset: describeOffset(r.offsetMinutes), error, attempt: r.attempts },
      },
    }),
  ]);
}
