/**
 * The ONE filter for admin sessions: the list page, GET /api/admin/sessions and the CSV export all parse
 * their query with sessionFilterSchema, resolve it with resolveSessionFilter and turn it into SQL with
 * sessionWhere, so a filter always selects the same visits whichever way they are looked at.
 *
 * The SQL runs on "VisitSummary" (alias s): one row per appointment, kept by triggers, carrying the
 * appointment's own columns, its event aggregates and its outcome (see the admin_review migration).
 */
import { z } from "@/lib/validation/zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { OUTCOMES, VISIT_OVER_AFTER_MS, type Outcome } from "@/lib/admin/session-figures";
import { addDays, wallTimeToInstant } from "@/lib/scheduling/zoned-time";

const blankIsUnset = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** "YYYY-MM-DD" naming a real day (not 2026-02-30). */
export function isCalendarDate(v: string): boolean {
  const t = Date.parse(`${v}T00:00:00Z`);
  return DATE.test(v) && !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === v;
}
/**
 * Visits are booked between 2000 and 2200; a filter date far outside is a typo, and year 0 or 10000 would
 * break the date arithmetic and PostgreSQL's timestamps (a 500 before these bounds).
 */
export const REVIEW_YEARS = { min: 1900, max: 2200 } as const;
export function inReviewYears(v: string): boolean {
  const year = new Date(DATE.test(v) ? `${v}T00:00:00Z` : v).getUTCFullYear();
  return year >= REVIEW_YEARS.min && year <= REVIEW_YEARS.max;
}
const OUT_OF_RANGE = `must be between the years ${REVIEW_YEARS.min} and ${REVIEW_YEARS.max}`;
/** A calendar date (in the admin's time zone) or an ISO 8601 instant. */
const dayOrInstant = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const wellFormed = DATE.test(v) ? isCalendarDate(v) : z.iso.datetime({ offset: true }).safeParse(v).success;
    if (!wellFormed) ctx.addIssue({ code: "custom", message: "must be a date (YYYY-MM-DD) or an ISO 8601 instant" });
    else if (!inReviewYears(v)) ctx.addIssue({ code: "custom", message: OUT_OF_RANGE });
  });
/** Free text that goes into SQL parameters: PostgreSQL text cannot hold NUL, and no name or id has control characters. */
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

export const sessionFilterSchema = z.object({
  from: z.preprocess(blankIsUnset, dayOrInstant.optional()),
  to: z.preprocess(blankIsUnset, dayOrInstant.optional()),
  providerId: z.preprocess(
    blankIsUnset,
    z.string().trim().max(64, "is too long").regex(NO_CONTROL, "must not contain control characters").optional(),
  ),
  patient: z.preprocess(
    blankIsUnset,
    z.string().trim().max(100, "must be at most 100 characters").regex(NO_CONTROL, "must not contain control characters").optional(),
  ),
  outcome: z.preprocess(blankIsUnset, z.enum(OUTCOMES, { message: `must be one of ${OUTCOMES.join(", ")}` }).optional()),
});
export type SessionFilterInput = z.infer<typeof sessionFilterSchema>;

/** The JSON list: the same filter plus keyset pagination. */
export const sessionPageSchema = sessionFilterSchema.extend({
  cursor: z.preprocess(blankIsUnset, z.string().max(300, "is not a cursor from this list").optional()),
  limit: z.preprocess(
    blankIsUnset,
    z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(200, "must be at most 200").default(50),
  ),
});

export type SessionFilter = {
  from: Date | null;
  /** Exclusive. */
  to: Date | null;
  providerId: string | null;
  patient: string | null;
  outcome: Outcome | null;
};

/** Dates are whole days in the admin's zone: `from` at its midnight, `to` inclusive (up to the next midnight). */
export function resolveSessionFilter(input: SessionFilterInput, timeZone: string): SessionFilter {
  const instant = (v: string | undefined, end: boolean) =>
    v === undefined ? null : DATE.test(v) ? wallTimeToInstant(end ? addDays(v, 1) : v, 0, timeZone) : new Date(v);
  const from = instant(input.from, false);
  const to = instant(input.to, true);
  if (from && to && from >= to)
    throw new AppError("UNPROCESSABLE", "Invalid input (to: must not be before from).", { fields: { to: "must not be before from" } });
  return { from, to, providerId: input.providerId ?? null, patient: input.patient ?? null, outcome: input.outcome ?? null };
}

/** The filter as given, for the audit trail (only what was set). */
export function describeFilter(input: SessionFilterInput): Record<string, string> {
  // The filter's own fields only: a page's input also carries its cursor, which a filter link must drop.
  const keys = new Set(Object.keys(sessionFilterSchema.shape));
  return Object.fromEntries(Object.entries(input).filter((e): e is [string, string] => keys.has(e[0]) && typeof e[1] === "string"));
}

/**
 * The outcome of a visit in SQL. The database derives it (function visit_outcome, the twin of outcomeOf()
 * in lib/admin/session-figures.ts) both as if the visit were over and as if not; which one holds depends
 * only on the clock: over once its scheduled end + VISIT_OVER_AFTER_MS has passed.
 */
export function outcomeSql(now: Date): Prisma.Sql {
  return Prisma.sql`(CASE WHEN s."endsAt" < ${overBefore(now)} THEN s."outcomeIfOver" ELSE s."outcomeIfOpen" END)`;
}

const overBefore = (now: Date) => new Date(now.getTime() - VISIT_OVER_AFTER_MS);

/** Escapes LIKE wildcards so a search for "50%" finds "50%", not everything. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The WHERE conditions of a filter, all but the outcome (always at least `TRUE`). */
export function sessionWhere(filter: SessionFilter): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filter.from) conditions.push(Prisma.sql`s."startsAt" >= ${filter.from}`);
  if (filter.to) conditions.push(Prisma.sql`s."startsAt" < ${filter.to}`);
  if (filter.providerId) conditions.push(Prisma.sql`s."providerId" = ${filter.providerId}`);
  if (filter.patient) {
    const pattern = likePattern(filter.patient);
    conditions.push(
      Prisma.sql`s."patientId" IN (SELECT u.id FROM "User" u WHERE u.name ILIKE ${pattern} OR u.email ILIKE ${pattern} OR u.id = ${filter.patient})`,
    );
  }
  return Prisma.join(conditions, " AND ");
}

/**
 * The outcome condition as disjoint branches, each answerable from one index: visits that are over
 * (by "outcomeIfOver", startsAt) and the few that are not (by endsAt). A list unions the branches.
 */
export function outcomeBranches(filter: SessionFilter, now: Date): Prisma.Sql[] {
  if (!filter.outcome) return [Prisma.sql`TRUE`];
  const before = overBefore(now);
  return [
    Prisma.sql`s."endsAt" < ${before} AND s."outcomeIfOver" = ${filter.outcome}`,
    Prisma.sql`s."endsAt" >= ${before} AND s."outcomeIfOpen" = ${filter.outcome}`,
  ];
}
