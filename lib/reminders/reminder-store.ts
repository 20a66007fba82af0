import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { enqueueMany } from "@/lib/jobs/boss";
import { planReminders, replanReminders, retimeReminders, type PlannedReminder } from "@/lib/reminders/reminder-schedule";

type Tx = Prisma.TransactionClient;

/** The key of a reminder's job: a new due time or a new attempt after a crash is a new job, a repeat is not. */
const jobKey = (r: { id: string; dueAt: Date; attempts?: number }) => `${r.id}:${r.dueAt.toISOString()}:${r.attempts ?? 0}`;

/** Higher runs first; whole seconds before 2038 fit PostgreSQL's integer. */
const duePriority = (dueAt: Date) => -Math.floor(dueAt.getTime() / 1000);

export async function queueReminderJobs(rows: readonly { id: string; dueAt: Date; attempts?: number }[]): Promise<void> {
  if (rows.length === 0) return;
  // pg-boss fetches by priority, then by creation: earliest due first, so a backlog is worked off in order.
  await enqueueMany(
    "reminder",
    rows.map((r) => ({ key: jobKey(r), data: { reminderId: r.id }, startAfter: r.dueAt, priority: duePriority(r.dueAt) })),
  );
}

async function offsetsOf(tx: Tx, providerId: string): Promise<number[]> {
  const profile = await tx.providerProfile.findUnique({ where: { userId: providerId }, select: { reminderMinutes: true } });
  return profile?.reminderMinutes ?? [];
}

/** Inserts planned reminders, of one visit or of many, in one statement. */
async function insertPlanned(tx: Tx, planned: (PlannedReminder & { appointmentId: string })[]) {
  if (planned.length === 0) return [];
  return tx.reminder.createManyAndReturn({
    data: planned.map((p) => ({ appointmentId: p.appointmentId, offsetMinutes: p.offsetMinutes, startsAt: p.startsAt, dueAt: p.dueAt })),
    skipDuplicates: true,
    select: { id: true, dueAt: true },
  });
}

const forVisit = (appointmentId: string, planned: PlannedReminder[]) => planned.map((p) => ({ ...p, appointmentId }));

/** At booking, in the booking's transaction: the rows are there exactly when the appointment is. */
export async function planRemindersFor(tx: Tx, appointment: { id: string; providerId: string; startsAt: Date }, now = new Date()) {
  return insertPlanned(
    tx,
    forVisit(
      appointment.id,
      planReminders({ start: appointment.startsAt, offsetsMinutes: await offsetsOf(tx, appointment.providerId), now }),
    ),
  );
}

/** At a reschedule, in its transaction: pending reminders move to the new time. */
export async function movePendingReminders(tx: Tx, appointment: { id: string; providerId: string; startsAt: Date }, now = new Date()) {
  const existing = await tx.reminder.findMany({
    where: { appointmentId: appointment.id },
    select: { id: true, offsetMinutes: true, startsAt: true, status: true },
  });
  const plan = replanReminders({ existing, start: appointment.startsAt, offsetsMinutes: await offsetsOf(tx, appointment.providerId), now });
  if (plan.drop.length > 0) await tx.reminder.deleteMany({ where: { id: { in: plan.drop }, status: { in: ["PENDING", "CANCELLED"] } } });
  return insertPlanned(tx, forVisit(appointment.id, plan.create));
}

/**
 * After the provider's reminder times change, in the same transaction: every visit still ahead gets the new
 * times (pending ones of a kept time stay as they are). Returns the new rows, for the caller to queue once
 * the transaction has committed.
 */
export async function retimeUpcomingReminders(tx: Tx, providerId: string, now = new Date()) {
  const offsets = await offsetsOf(tx, providerId);
  const upcoming = await tx.appointment.findMany({
    where: { providerId, status: "SCHEDULED", startsAt: { gt: now } },
    select: { id: true, startsAt: true, reminders: { select: { id: true, offsetMinutes: true, startsAt: true, status: true } } },
  });
  const plans = upcoming.map((a) => ({
    id: a.id,
    ...retimeReminders({ existing: a.reminders, start: a.startsAt, offsetsMinutes: offsets, now }),
  }));
  const drop = plans.flatMap((p) => p.drop);
  if (drop.length > 0) await tx.reminder.deleteMany({ where: { id: { in: drop }, status: { in: ["PENDING", "CANCELLED"] } } });
  return insertPlanned(
    tx,
    plans.flatMap((p) => forVisit(p.id, p.create)),
  );
}

/** A cancellation or a no-show: nothing more is sent. */
export async function dropPendingReminders(tx: Tx, appointmentId: string, why: string) {
  await tx.reminder.updateMany({ where: { appointmentId, status: "PENDING" }, data: { status: "CANCELLED", lastError: why } });
}

/**
 * The safety net, run every minute by one instance: queues every reminder due soon (a crashed enqueue, an
 * outage), and takes back reminders whose worker died while sending (claim older than the lease).
 */
export async function sweepReminders(options: { now?: Date; leaseSeconds: number; aheadSeconds?: number }): Promise<number> {
  const now = options.now ?? new Date();
  const stale = new Date(now.getTime() - options.leaseSeconds * 1000);
  const retaken = await db.reminder.updateManyAndReturn({
    where: { status: "SENDING", claimedAt: { lt: stale } },
    data: { status: "PENDING", claimedAt: null, lastError: "the worker sending it stopped; sending again" },
    select: { id: true, dueAt: true, attempts: true },
  });
  const due = await db.reminder.findMany({
    where: {
      status: "PENDING",
      dueAt: { lte: new Date(now.getTime() + (options.aheadSeconds ?? 120) * 1000) },
      id: { notIn: retaken.map((r) => r.id) },
    },
    select: { id: true, dueAt: true, attempts: true },
    take: 20_000,
  });
  // Due soon: the same job key as at booking, so nothing is queued twice. Overdue by more than the lease:
  // its job may be stuck with a dead worker, so a fresh job (claims make a second job harmless).
  const overdue = due.filter((r) => r.dueAt < stale);
  const bucket = Math.floor(now.getTime() / 60_000);
  await queueReminderJobs([...retaken, ...due.filter((r) => r.dueAt >= stale)]);
  await enqueueMany(
    "reminder",
    overdue.map((r) => ({ key: `${jobKey(r)}:sweep:${bucket}`, data: { reminderId: r.id }, priority: duePriority(r.dueAt) })),
  );
  return retaken.length + due.length;
}
