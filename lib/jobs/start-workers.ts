import { hostname } from "node:os";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { jobQueue } from "@/lib/jobs/boss";
import { deliverMail } from "@/lib/mail/send-mail";
import { appointmentEmail, type AppointmentEmailJob } from "@/lib/mail/appointment-emails";
import { sendReminders } from "@/lib/reminders/send-reminders";
import { sweepReminders } from "@/lib/reminders/reminder-store";
import { sweepNoShows } from "@/lib/visits/sweep-no-shows";

const globalForWorkers = globalThis as unknown as { consultWorkers?: Promise<void> };

/**
 * Starts this process's share of the background work: every app instance runs the same workers, and
 * pg-boss hands each job to one of them (SELECT … FOR UPDATE SKIP LOCKED). Cron schedules are kept in the
 * database, so each minute's sweep runs once across all instances. Idempotent per process.
 */
export function startWorkers(): Promise<void> {
  globalForWorkers.consultWorkers ??= start().catch((error: unknown) => {
    globalForWorkers.consultWorkers = undefined;
    throw error;
  });
  return globalForWorkers.consultWorkers;
}

async function start(): Promise<void> {
  const boss = await jobQueue();
  const {
    JOB_BATCH_SIZE: batchSize,
    REMINDER_LEASE_SECONDS: leaseSeconds,
    JOB_POLL_SECONDS: pollingIntervalSeconds,
    JOB_WORKERS: loops,
  } = env();

  await boss.work<AppointmentEmailJob>("email", { batchSize: 20, pollingIntervalSeconds }, async (jobs) => {
    await Promise.all(
      jobs.map(async (job) => {
        try {
          const mail = await appointmentEmail(job.data);
          if (mail) await deliverMail(mail);
        } catch (error) {
          // Logged (redacted: a refusal names the address); only this job goes back for a retry with backoff.
          log.error("email could not be sent", { queue: "email", kind: job.data.kind, error });
          await boss.fail("email", job.id, { error: error instanceof Error ? error.message : "failed" });
        }
      }),
    );
  });

  // Each pg-boss worker fetches one batch per polling interval, so a burst (many reminders due the same
  // minute) is spread over several loops per instance.
  for (let i = 0; i < loops; i++) {
    await boss.work<{ reminderId: string }>("reminder", { batchSize, pollingIntervalSeconds }, async (jobs) => {
      const outcomes = await sendReminders(
        jobs.map((j) => j.data.reminderId),
        { leaseSeconds },
      );
      const failed = new Set(outcomes.filter((o) => o.result === "failed").map((o) => o.id));
      // Only the failed ones go back for a retry with backoff; the rest of the batch completes.
      const retry = jobs.filter((j) => failed.has(j.data.reminderId)).map((j) => j.id);
      for (const id of retry) await boss.fail("reminder", id, { error: "SMTP refused or unreachable" });
    });
  }

  await boss.work("reminder-sweep", { pollingIntervalSeconds: 5 }, async () => {
    await sweepReminders({ leaseSeconds });
  });
  await boss.work("no-show-sweep", { pollingIntervalSeconds: 5 }, async () => {
    await sweepNoShows();
  });
  await boss.schedule("reminder-sweep", "* * * * *");
  await boss.schedule("no-show-sweep", "* * * * *");
  log.info("background jobs started", { host: hostname(), pid: process.pid });
}
