/**
 * Seeds the admin-sessions benchmark: 50 providers, 5,000 patients, 100,000 visits over ~6 weeks and
 * 2,000,000 visit events (20 per visit), all with generate_series so it takes seconds, not minutes.
 * Events go in through the real VisitEvent table, so the VisitSummary trigger does its normal work.
 *
 * Visit i: provider i % 50, patient i % 5000, slot i / 50 (30 minutes each), so neither exclusion
 * constraint (no overlapping visits per provider or per patient) is ever hit. Variant i % 20 decides
 * the story: 0 cancelled, 1 no-show, 3 never connected, 4 dropped, 5-7 relayed, 8 reconnects, else completed.
 */
import pg from "pg";

export const PROVIDERS = 50;
export const PATIENTS = 5000;
export const VISITS = 100_000;
export const EVENTS_PER_VISIT = 20;

const Q = (n: number) => Array<string>(n).fill("QUALITY");
const STORIES: Record<string, string[]> = {
  completed: ["DEVICE_CHECK", "CHECKED_IN", "ADMITTED", "JOINED", "JOINED", "CONNECTED", "CONNECTED", ...Q(11), "ENDED", "LEFT"],
  cancelled: Array<string>(20).fill("RUNNING_LATE"),
  noShow: [...Array<string>(19).fill("RUNNING_LATE"), "NO_SHOW"],
  neverConnected: [
    "DEVICE_CHECK",
    "CHECKED_IN",
    "RUNNING_LATE",
    "ADMITTED",
    ...Array<string[]>(7).fill(["JOINED", "LEFT"]).flat(),
    "ENDED",
    "LEFT",
  ],
  dropped: [
    "DEVICE_CHECK",
    "CHECKED_IN",
    "ADMITTED",
    "JOINED",
    "JOINED",
    "CONNECTED",
    "CONNECTED",
    ...Q(9),
    "RECONNECTING",
    "RECONNECTING",
    "LEFT",
    "LEFT",
  ],
  reconnects: [
    "DEVICE_CHECK",
    "CHECKED_IN",
    "ADMITTED",
    "JOINED",
    "JOINED",
    "CONNECTED",
    "CONNECTED",
    ...Q(4),
    "RECONNECTING",
    "RECONNECTED",
    ...Q(5),
    "ENDED",
    "LEFT",
  ],
};
for (const [name, story] of Object.entries(STORIES))
  if (story.length !== EVENTS_PER_VISIT) throw new Error(`story ${name} has ${story.length} events`);

/**
 * Bulk-load practice: drops the secondary indexes, exclusion and foreign-key constraints of `tables`
 * (primary keys stay: the triggers' upserts need them) and returns a function that rebuilds exactly
 * those definitions, each in one pass, which validates every row just as row-by-row checks would.
 */
async function deferIndexes(client: pg.Client, tables: string[]): Promise<() => Promise<void>> {
  const restore: string[] = [];
  for (const table of tables) {
    const rel = `"${table}"`;
    const constraints = await client.query<{ name: string; def: string }>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass AND contype IN ('x', 'f')`,
      [rel],
    );
    const indexes = await client.query<{ name: string; def: string }>(
      `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
       WHERE x.indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
      [rel],
    );
    for (const c of constraints.rows) {
      await client.query(`ALTER TABLE ${rel} DROP CONSTRAINT "${c.name}"`);
      restore.push(`ALTER TABLE ${rel} ADD CONSTRAINT "${c.name}" ${c.def}`);
    }
    for (const i of indexes.rows) {
      await client.query(`DROP INDEX "${i.name}"`);
      restore.push(i.def);
    }
  }
  return async () => {
    for (const statement of restore) await client.query(statement);
  };
}

export async function seedAdminBench(url: string, log: (m: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET maintenance_work_mem = '256MB'`);
    const restoreIndexes = await deferIndexes(client, ["Appointment", "VisitEvent", "VisitSummary"]);
    const t0 = Date.now();
    const base = new Date(Math.floor((Date.now() - 40 * 86_400_000) / 1_800_000) * 1_800_000);
    await client.query(`
      INSERT INTO "User" (id, email, name, "passwordHash", role, "timeZone", "updatedAt")
      SELECT 'bench-dr-' || g, 'bench-dr-' || g || '@bench.test', 'Dr. Bench ' || g, 'x', 'PROVIDER', 'Europe/London', now() FROM generate_series(0, ${PROVIDERS - 1}) g;
      INSERT INTO "ProviderProfile" ("userId", specialty) SELECT 'bench-dr-' || g, 'General practice' FROM generate_series(0, ${PROVIDERS - 1}) g;
      INSERT INTO "User" (id, email, name, "passwordHash", role, "timeZone", "updatedAt")
      SELECT 'bench-pat-' || g, 'patient' || g || '@bench.test', 'Patient ' || g, 'x', 'PATIENT', 'Europe/London', now() FROM generate_series(0, ${PATIENTS - 1}) g;`);
    await client.query(
      `INSERT INTO "Appointment" (id, "patientId", "providerId", "startsAt", "endsAt", "blockedUntil", reason, status, "updatedAt")
       SELECT 'bench-v-' || i, 'bench-pat-' || (i % ${PATIENTS}), 'bench-dr-' || (i % ${PROVIDERS}), s, s + interval '30 minutes', s + interval '30 minutes', 'Benchmark visit',
         (CASE i % 20 WHEN 0 THEN 'CANCELLED' WHEN 1 THEN 'NO_SHOW' WHEN 4 THEN 'SCHEDULED' ELSE 'COMPLETED' END)::"AppointmentStatus", now()
       FROM generate_series(0, ${VISITS - 1}) i, LATERAL (SELECT $1::timestamptz + (i / ${PROVIDERS}) * interval '30 minutes' AS s) t`,
      [base],
    );
    log(`seeded ${VISITS} visits in ${Date.now() - t0} ms; inserting ${VISITS * EVENTS_PER_VISIT} events`);
    const batch = 10_000;
    for (let lo = 0; lo < VISITS; lo += batch) {
      await client.query(
        `INSERT INTO "VisitEvent" ("appointmentId", type, "actorId", at, data)
         SELECT 'bench-v-' || i, story[k]::"VisitEventType",
           CASE WHEN story[k] IN ('NO_SHOW', 'RUNNING_LATE') THEN NULL WHEN k % 2 = 1 THEN 'bench-pat-' || (i % ${PATIENTS}) ELSE 'bench-dr-' || (i % ${PROVIDERS}) END,
           $1::timestamptz + (i / ${PROVIDERS}) * interval '30 minutes' + (k - 3) * interval '1 minute',
           CASE story[k]
             WHEN 'QUALITY' THEN jsonb_build_object('rttMs', 20 + (i * k) % 300, 'jitterMs', k, 'packetLossPct', ((i + k) % 60) / 10.0, 'inKbps', 300 + (i * 7 + k * 13) % 1200,
               'outKbps', 300 + (i * 11 + k) % 1200, 'fps', 30, 'width', 640, 'height', 480, 'quality', (ARRAY['good', 'good', 'good', 'fair', 'poor'])[1 + (i + k) % 5])
             WHEN 'CONNECTED' THEN jsonb_build_object('relayed', i % 20 IN (5, 6, 7), 'localCandidateType', CASE WHEN i % 20 IN (5, 6, 7) THEN 'relay' ELSE 'host' END, 'remoteCandidateType', 'srflx')
             WHEN 'RECONNECTED' THEN jsonb_build_object('relayed', false)
             ELSE '{}'::jsonb END
         FROM generate_series($2::int, $3::int) i
         CROSS JOIN LATERAL (SELECT CASE i % 20 WHEN 0 THEN $4::text[] WHEN 1 THEN $5::text[] WHEN 3 THEN $6::text[] WHEN 4 THEN $7::text[] WHEN 8 THEN $8::text[] ELSE $9::text[] END AS story) s
         CROSS JOIN generate_series(1, ${EVENTS_PER_VISIT}) k`,
        [
          base,
          lo,
          Math.min(VISITS, lo + batch) - 1,
          STORIES.cancelled,
          STORIES.noShow,
          STORIES.neverConnected,
          STORIES.dropped,
          STORIES.reconnects,
          STORIES.completed,
        ],
      );
    }
    log(`events inserted at ${Date.now() - t0} ms`);
    await restoreIndexes();
    log(`indexes and constraints rebuilt at ${Date.now() - t0} ms`);
    await client.query(`VACUUM ANALYZE`);
    log(`vacuumed at ${Date.now() - t0} ms`);
  } finally {
    await client.end();
  }
}
