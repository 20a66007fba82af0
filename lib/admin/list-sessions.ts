import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { inReviewYears, outcomeBranches, sessionWhere, type SessionFilter } from "@/lib/admin/session-filters";
import { sessionFigures, type AppointmentStatus, type SessionFigures, type VisitSummaryFigures } from "@/lib/admin/session-figures";

export type SessionRow = {
  id: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  patient: { id: string; name: string; email: string };
  provider: { id: string; name: string };
  figures: SessionFigures;
  /** Guests invited to the visit (removed ones too). */
  guests: number;
};
export type SessionPage = { sessions: SessionRow[]; nextCursor: string | null };

type Row = VisitSummaryFigures & {
  id: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  patientId: string;
  patientName: string;
  patientEmail: string;
  providerId: string;
  providerName: string;
  guestCount: number;
};

/** An opaque keyset cursor: the last row's (startsAt, id), newest first. */
export function encodeCursor(row: { startsAt: Date; id: string }): string {
  return Buffer.from(`${row.startsAt.toISOString()}|${row.id}`).toString("base64url");
}

export function decodeCursor(cursor: string): { startsAt: Date; id: string } {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const bar = text.indexOf("|");
  const startsAt = new Date(bar > 0 ? text.slice(0, bar) : "");
  const id = text.slice(bar + 1);
  // Only what encodeCursor makes: a real instant in range and an id (a NUL or year 0 would fail the query).
  if (bar < 0 || !/^[A-Za-z0-9_-]{1,64}$/.test(id) || Number.isNaN(startsAt.getTime()) || !inReviewYears(startsAt.toISOString()))
    throw new AppError("UNPROCESSABLE", "Invalid input (cursor: is not a cursor from this list).", {
      fields: { cursor: "is not a cursor from this list" },
    });
  return { startsAt, id };
}

function toSession(row: Row, now: Date): SessionRow {
  return {
    id: row.id,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    status: row.status,
    patient: { id: row.patientId, name: row.patientName, email: row.patientEmail },
    provider: { id: row.providerId, name: row.providerName },
    figures: sessionFigures(row, row, now),
    guests: row.guestCount,
  };
}

const COLUMNS = Prisma.sql`s."appointmentId", s."startsAt", s."endsAt", s.status, s."patientId", s."providerId",
  s."eventCount", s."checkedInAt", s."admittedAt", s."firstJoinedAt", s."firstConnectedAt", s."lastRecoveredAt",
  s."lastReconnectingAt", s."lastCallActivityAt", s."endedAt", s."noShowAt", s.relayed,
  s."patientReconnects", s."providerReconnects", s."qualitySamples", s."qualityScore"`;
const NEWEST_FIRST = Prisma.sql`ORDER BY s."startsAt" DESC, s."appointmentId" DESC`;

/**
 * The page's SQL (exported for EXPLAIN in the benchmark): each outcome branch is an index range scan in
 * list order that stops after `limit` rows, the branches are merged, and only the page is joined to names.
 */
export function sessionsQuery(filter: SessionFilter, page: { cursor?: string | null; limit: number }, now: Date): Prisma.Sql {
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const keyset = after ? Prisma.sql`AND (s."startsAt", s."appointmentId") < (${after.startsAt}, ${after.id})` : Prisma.empty;
  const where = sessionWhere(filter);
  const branches = outcomeBranches(filter, now).map(
    (outcome) =>
      Prisma.sql`(SELECT ${COLUMNS} FROM "VisitSummary" s WHERE ${where} AND ${outcome} ${keyset} ${NEWEST_FIRST} LIMIT ${page.limit + 1})`,
  );
  return Prisma.sql`
    SELECT s."appointmentId" AS id, s."startsAt", s."endsAt", s.status::text AS status, s."patientId", s."providerId",
      p.name AS "patientName", p.email AS "patientEmail", d.name AS "providerName",
      s."eventCount", s."checkedInAt", s."admittedAt", s."firstJoinedAt", s."firstConnectedAt", s."lastRecoveredAt",
      s."lastReconnectingAt", s."lastCallActivityAt", s."endedAt", s."noShowAt", s.relayed,
      s."patientReconnects", s."providerReconnects", s."qualitySamples", s."qualityScore",
      (SELECT count(*)::int FROM "VisitGuest" g WHERE g."appointmentId" = s."appointmentId") AS "guestCount"
    FROM (SELECT * FROM (${Prisma.join(branches, " UNION ALL ")}) u ORDER BY u."startsAt" DESC, u."appointmentId" DESC LIMIT ${page.limit + 1}) s
    JOIN "User" p ON p.id = s."patientId"
    JOIN "User" d ON d.id = s."providerId"
    ${NEWEST_FIRST}`;
}

/**
 * One page of visits, newest first. Filter, outcome and keyset are SQL over the trigger-kept VisitSummary
 * rows (no per-request aggregation of events), so a page costs about the same at 100k visits as at 100.
 */
export async function listSessions(
  filter: SessionFilter,
  page: { cursor?: string | null; limit: number },
  now: Date,
): Promise<SessionPage> {
  const limit = Math.max(1, Math.floor(page.limit));
  const rows = await db.$queryRaw<Row[]>(sessionsQuery(filter, { cursor: page.cursor, limit }, now));
  const sessions = rows.slice(0, limit).map((row) => toSession(row, now));
  const last = sessions.at(-1);
  return { sessions, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
