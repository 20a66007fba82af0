import { csvRow } from "@/lib/admin/csv";
import { listSessions, type SessionRow } from "@/lib/admin/list-sessions";
import type { SessionFilter } from "@/lib/admin/session-filters";
import { outcomeLabels } from "@/lib/admin/session-figures";

export const CSV_COLUMNS = [
  "visit_id",
  "scheduled_start_utc",
  "scheduled_end_utc",
  "provider",
  "patient",
  "patient_email",
  "status",
  "outcome",
  "wait_seconds",
  "call_start_utc",
  "call_end_utc",
  "call_end_estimated",
  "duration_seconds",
  "connection",
  "reconnects",
  "quality",
  "quality_score",
  "quality_samples",
  /** Guests invited (removed ones too); every figure before stays the patient's. */
  "guests",
] as const;

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));

export function sessionCsvLine(s: SessionRow): string {
  const f = s.figures;
  return csvRow([
    s.id,
    s.startsAt,
    s.endsAt,
    s.provider.name,
    s.patient.name,
    s.patient.email,
    s.status,
    outcomeLabels[f.outcome],
    seconds(f.waitMs),
    f.callStartAt,
    f.callEndAt,
    f.callEndAt ? f.endEstimated : null,
    seconds(f.durationMs),
    f.connection,
    f.reconnects,
    f.quality?.label ?? null,
    f.quality?.score ?? null,
    f.quality?.samples ?? 0,
    s.guests,
  ]);
}

/**
 * The filtered sessions as CSV, pulled one page at a time by cursor as the reader consumes it: memory
 * stays at one page however many rows match, and a client that goes away stops the queries.
 */
export function sessionsCsvStream(filter: SessionFilter, now: Date, pageSize = 1000): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(csvRow(CSV_COLUMNS)));
          return;
        }
        const page = await listSessions(filter, { cursor, limit: pageSize }, now);
        if (page.sessions.length > 0) controller.enqueue(encoder.encode(page.sessions.map(sessionCsvLine).join("")));
        cursor = page.nextCursor;
        if (!cursor) controller.close();
      },
    },
    { highWaterMark: 1 },
  );
}
