import { createHash } from "node:crypto";
import PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { QUEUES, type QueueName } from "@/lib/jobs/queues";

// One pg-boss per process, on globalThis so that hot reload in development does not open a second pool.
const globalForBoss = globalThis as unknown as { consultBoss?: Promise<PgBoss> };

async function open(): Promise<PgBoss> {
  // The app's queue lives in its own schema of the app's database: nothing else to run or configure.
  const boss = new PgBoss({
    connectionString: env().DATABASE_URL,
    schema: "pgboss",
    max: 5,
    application_name: "consult-jobs",
    // Completed jobs are kept a week so the admin page can show what ran; failed ones until looked at.
    deleteAfterDays: 7,
  });
  boss.on("error", (error: unknown) => log.error("job queue error", { error }));
  await boss.start();
  for (const [name, options] of Object.entries(QUEUES)) await boss.createQueue(name, { name, ...options });
  return boss;
}

/** The started queue; the first call installs pg-boss's schema (under an advisory lock, so instances may race). */
export function jobQueue(): Promise<PgBoss> {
  if (!globalForBoss.consultBoss) {
    globalForBoss.consultBoss = open();
    globalForBoss.consultBoss.catch(() => (globalForBoss.consultBoss = undefined));
  }
  return globalForBoss.consultBoss;
}

export async function stopJobQueue(): Promise<void> {
  const pending = globalForBoss.consultBoss;
  globalForBoss.consultBoss = undefined;
  if (pending) await (await pending).stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => undefined);
}

/**
 * A job id derived from what the job is for (e.g. "email:booked:<appointment>:<sequence>:PATIENT"): pg-boss
 * inserts with ON CONFLICT DO NOTHING on (queue, id), so asking twice, from two instances or after a retry of
 * the request, queues it once.
 */
export function jobIdFor(key: string): string {
  const h = createHash("sha256").update(key).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Queues one job, once per key. Best effort for the caller: a queue outage is logged, and sweeps catch up. */
export async function enqueue(queue: QueueName, key: string, data: object, options: { startAfter?: Date } = {}): Promise<void> {
  try {
    await (await jobQueue()).send(queue, data, { id: jobIdFor(`${queue}:${key}`), startAfter: options.startAfter });
  } catch (error) {
    log.error("job could not be queued", { queue, error });
  }
}

/** Queues many jobs of one queue in a few statements, each once per key (same ON CONFLICT DO NOTHING as enqueue). */
export async function enqueueMany(
  queue: QueueName,
  jobs: { key: string; data: object; startAfter?: Date; priority?: number }[],
): Promise<void> {
  try {
    const boss = await jobQueue();
    for (let i = 0; i < jobs.length; i += 500) {
      await boss.insert(
        jobs
          .slice(i, i + 500)
          .map((j) => ({ id: jobIdFor(`${queue}:${j.key}`), name: queue, data: j.data, startAfter: j.startAfter, priority: j.priority })),
      );
    }
  } catch (error) {
    log.error("jobs could not be queued", { queue, count: jobs.length, error });
  }
}
