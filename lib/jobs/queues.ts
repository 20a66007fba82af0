import type PgBoss from "pg-boss";

/**
 * Every queue and its retry rules, in one place. Retries back off exponentially from retryDelay (pg-boss's
 * retryBackoff); a job still active after expireInSeconds counts as crashed and is retried.
 */
export const QUEUES = {
  /** One email (confirmation, invitation, change): the job names what to send; the text is made at send time. */
  email: { retryLimit: 8, retryDelay: 15, retryBackoff: true, expireInSeconds: 120 },
  /** One reminder row, started at its due time. */
  reminder: { retryLimit: 6, retryDelay: 20, retryBackoff: true, expireInSeconds: 120 },
  /** Every minute: queue reminders that are due but have no live job (after an outage or a crashed enqueue). */
  "reminder-sweep": { retryLimit: 1, retryDelay: 10, expireInSeconds: 60, policy: "singleton" },
  /** Every minute: mark visits past the no-show grace with no check-in. */
  "no-show-sweep": { retryLimit: 1, retryDelay: 10, expireInSeconds: 60, policy: "singleton" },
} satisfies Record<string, Omit<PgBoss.Queue, "name">>;

export type QueueName = keyof typeof QUEUES;

/** A job waiting this long past its start time is "late" on the admin's jobs page. */
export const LATE_AFTER_SECONDS = 120;
