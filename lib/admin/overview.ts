import "server-only";
import { z } from "@/lib/validation/zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { inReviewYears, isCalendarDate, outcomeSql, REVIEW_YEARS } from "@/lib/admin/session-filters";
import { addDays, localDateOf, wallTimeToInstant } from "@/lib/scheduling/zoned-time";

/**
 * Per provider and day (in the admin's time zone), over visits that were not cancelled:
 * - visits:              booked, not cancelled
 * - noShowRate:          no-shows / visits
 * - medianWaitMs:        median of check-in to admission, over visits with both
 * - relayedShare:        relayed / visits that connected
 * - neverConnectedShare: never connected / visits the patient attended (outcome completed, dropped or never connected)
 * A share is null when its denominator is 0.
 */
export type OverviewRow = {
  providerId: string;
  providerName: string;
  day: string;
  visits: number;
  noShows: number;
  noShowRate: number | null;
  medianWaitMs: number | null;
  connected: number;
  relayed: number;
  relayedShare: number | null;
  attended: number;
  neverConnected: number;
  neverConnectedShare: number | null;
};

const DATE = z
  .string()
  .refine(isCalendarDate, "must be a date (YYYY-MM-DD)")
  .refine(inReviewYears, `must be between the years ${REVIEW_YEARS.min} and ${REVIEW_YEARS.max}`);
const blankIsUnset = (v: unknown) => (v === "" ? undefined : v);
export const overviewQuerySchema = z.object({
  from: z.preprocess(blankIsUnset, DATE.optional()),
  to: z.preprocess(blankIsUnset, DATE.optional()),
});
export const MAX_OVERVIEW_DAYS = 92;

/** The range asked for, or the last 14 days up to today; both ends inclusive. */
export function overviewRange(input: z.infer<typeof overviewQuerySchema>, timeZone: string, now: Date): { from: string; to: string } {
  const to = input.to ?? localDateOf(now, timeZone).date;
  const from = input.from ?? addDays(to, -13);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (days < 0)
    throw new AppError("UNPROCESSABLE", "Invalid input (to: must not be before from).", { fields: { to: "must not be before from" } });
  if (days >= MAX_OVERVIEW_DAYS)
    throw new AppError("UNPROCESSABLE", `Invalid input (to: at most ${MAX_OVERVIEW_DAYS} days after from).`, {
      fields: { to: `must be at most ${MAX_OVERVIEW_DAYS} days after from` },
    });
  return { from, to };
}

const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);

export async function loadOverview(range: { from: string; to: string }, timeZone: string, now: Date): Promise<OverviewRow[]> {
  const start = wallTimeToInstant(range.from, 0, timeZone);
  const end = wallTimeToInstant(addDays(range.to, 1), 0, timeZone);
  const rows = await db.$queryRaw<Omit<OverviewRow, "noShowRate" | "relayedShare" | "neverConnectedShare">[]>`
    WITH v AS (
      SELECT s."providerId", to_char(s."startsAt" AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day, ${outcomeSql(now)} AS outcome,
        GREATEST(0, EXTRACT(EPOCH FROM (s."admittedAt" - s."checkedInAt")) * 1000)::float8 AS wait_ms,
        s."firstConnectedAt" IS NOT NULL AS connected, COALESCE(s.relayed, false) AS relayed
      FROM "VisitSummary" s
      WHERE s."startsAt" >= ${start} AND s."startsAt" < ${end} AND s.status <> 'CANCELLED'
    )
    SELECT v."providerId", u.name AS "providerName", v.day,
      count(*)::int AS visits,
      (count(*) FILTER (WHERE outcome = 'no-show'))::int AS "noShows",
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY wait_ms) FILTER (WHERE wait_ms IS NOT NULL))::float8 AS "medianWaitMs",
      (count(*) FILTER (WHERE connected))::int AS connected,
      (count(*) FILTER (WHERE connected AND relayed))::int AS relayed,
      (count(*) FILTER (WHERE outcome IN ('completed', 'dropped', 'never-connected')))::int AS attended,
      (count(*) FILTER (WHERE outcome = 'never-connected'))::int AS "neverConnected"
    FROM v JOIN "User" u ON u.id = v."providerId"
    GROUP BY v."providerId", u.name, v.day
    ORDER BY v.day DESC, u.name, v."providerId"`;
  return rows.map((r) => ({
    ...r,
    medianWaitMs: r.medianWaitMs === null ? null : Math.round(r.medianWaitMs),
    noShowRate: share(r.noShows, r.visits),
    relayedShare: share(r.relayed, r.connected),
    neverConnectedShare: share(r.neverConnected, r.attended),
  }));
}
