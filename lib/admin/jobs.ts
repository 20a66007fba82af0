import { db } from "@/lib/db";
import { LATE_AFTER_SECONDS } from "@/lib/jobs/queues";

export type JobRow = {
  id: string;
  queue: string;
  state: string;
  startAfter: Date;
  startedOn: Date | null;
  retryCount: number;
  error: string | null;
  createdOn: Date;
};
export type JobsOverview = { failed: JobRow[]; late: JobRow[]; counts: { queue: string; state: string; n: number }[] };

type Raw = {
  id: string;
  name: string;
  state: string;
  start_after: Date;
  started_on: Date | null;
  retry_count: number;
  output: unknown;
  created_on: Date;
};

const toRow = (r: Raw): JobRow => ({
  id: r.id,
  queue: r.name,
  state: r.state,
  startAfter: r.start_after,
  startedOn: r.started_on,
  retryCount: r.retry_count,
  // pg-boss keeps the thrown error as {message, stack}; only the message is shown.
  error:
    typeof r.output === "object" && r.output !== null && "message" in r.output
      ? String((r.output as { message: unknown }).message).slice(0, 300)
      : null,
  createdOn: r.created_on,
});

/** Failed jobs (retries used up) and late ones (waiting well past their start, or retrying): the admin's view of the queue. */
export async function jobsOverview(now = new Date()): Promise<JobsOverview> {
  const installed = await db.$queryRaw<{ ok: boolean }[]>`SELECT to_regclass('pgboss.job') IS NOT NULL AS ok`;
  if (!installed[0]?.ok) return { failed: [], late: [], counts: [] };
  const lateBefore = new Date(now.getTime() - LATE_AFTER_SECONDS * 1000);
  const [failed, late, counts] = await Promise.all([
    db.$queryRaw<
      Raw[]
    >`SELECT id::text, name, state::text, start_after, started_on, retry_count, output, created_on FROM pgboss.job WHERE state = 'failed' ORDER BY completed_on DESC NULLS LAST LIMIT 100`,
    db.$queryRaw<Raw[]>`SELECT id::text, name, state::text, start_after, started_on, retry_count, output, created_on FROM pgboss.job
      WHERE (state IN ('created', 'retry') AND start_after < ${lateBefore}) OR (state = 'retry') ORDER BY start_after ASC LIMIT 100`,
    db.$queryRaw<
      { queue: string; state: string; n: bigint }[]
    >`SELECT name AS queue, state::text AS state, count(*) AS n FROM pgboss.job GROUP BY 1, 2 ORDER BY 1, 2`,
  ]);
  return {
    failed: failed.map(toRow),
    late: late.map(toRow),
    counts: counts.map((c) => ({ queue: c.queue, state: c.state, n: Number(c.n) })),
  };
}
