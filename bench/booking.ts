/**
 * Booking through POST /api/appointments (session check, zod, slot rules, the exclusion constraints, the
 * live announcements and the deferred confirmation emails) against the floor: a plain SQL INSERT of the same
 * row into the same table (constraints and all), from this process over loopback. Batches alternate between
 * the two; each booking has its own patient and its own free slot (issue 3).
 */
import type pg from "pg";
import { Client } from "./lib/http";
import { ALL_WEEK, BENCH_PASSWORD, connect, insertProvider, insertUsers, type Person } from "./lib/fixtures";
import { comparisonRow, pool } from "./lib/stats";
import type { BenchContext, Row } from "./lib/types";

const DAY = 24 * 3600_000;
const VISIT_MIN = 15;
const LATENCY_ROUNDS = 6;
const LATENCY_BATCH = 10;
const THROUGHPUT_ROUNDS = 4;
const THROUGHPUT_BATCH = 24;
const CONCURRENCY = 8;
const WARMUP = 5;

type Booker = (start: Date) => Promise<number>;

export async function benchBooking(ctx: BenchContext): Promise<Row[]> {
  const db = connect(ctx.databaseUrl);
  try {
    // Open all day, every day, 15-minute visits: plenty of distinct free slots from two days ahead.
    const provider = await insertProvider(db, {
      timeZone: "UTC",
      visitMinutes: VISIT_MIN,
      minNoticeMinutes: 60,
      horizonDays: 60,
      hours: ALL_WEEK(0, 1440),
    });
    const firstDay = Math.ceil((Date.now() + 2 * DAY) / DAY) * DAY;
    let slotIndex = 0;
    const nextSlot = () => new Date(firstDay + slotIndex++ * VISIT_MIN * 60_000);

    const oursNeeded = WARMUP + LATENCY_ROUNDS * LATENCY_BATCH + THROUGHPUT_ROUNDS * THROUGHPUT_BATCH;
    const patients = await insertUsers(db, "PATIENT", oursNeeded, { prefix: "book-api" });
    const floorPatients = await insertUsers(db, "PATIENT", oursNeeded, { prefix: "book-sql" });
    const clients = await pool(patients, 4, (p) => new Client(ctx.baseUrl).signIn(p.email, BENCH_PASSWORD));
    let nextClient = 0;
    let nextFloorPatient = 0;
    let errors = 0;

    const ours: Booker = async (start) => {
      const client = clients[nextClient++]!;
      const r = await client.timed("POST", "/api/appointments", {
        providerId: provider.id,
        start: start.toISOString(),
        reason: "Benchmark booking",
      });
      if (r.status !== 201) {
        errors++;
        ctx.log(`booking: POST /api/appointments answered ${r.status}: ${JSON.stringify(r.body)}`);
      }
      return r.ms;
    };
    const floor: Booker = async (start) => sqlInsert(db, floorPatients[nextFloorPatient++]!, provider, start);

    // Warm-up, not measured.
    for (let i = 0; i < WARMUP; i++) {
      await ours(nextSlot());
      await floor(nextSlot());
    }

    // Per-booking latency: one at a time, batches alternating (and which side goes first alternating too).
    const oursMs: number[] = [];
    const floorMs: number[] = [];
    for (let round = 0; round < LATENCY_ROUNDS; round++) {
      const sides: [Booker, number[]][] =
        round % 2 === 0
          ? [
              [ours, oursMs],
              [floor, floorMs],
            ]
          : [
              [floor, floorMs],
              [ours, oursMs],
            ];
      for (const [book, into] of sides) for (let i = 0; i < LATENCY_BATCH; i++) into.push(await book(nextSlot()));
    }

    // Throughput: a batch of bookings with CONCURRENCY in flight, alternating sides.
    const oursRate: number[] = [];
    const floorRate: number[] = [];
    for (let round = 0; round < THROUGHPUT_ROUNDS; round++) {
      const sides: [Booker, number[]][] =
        round % 2 === 0
          ? [
              [ours, oursRate],
              [floor, floorRate],
            ]
          : [
              [floor, floorRate],
              [ours, oursRate],
            ];
      for (const [book, into] of sides) {
        const slots = Array.from({ length: THROUGHPUT_BATCH }, nextSlot);
        const t0 = performance.now();
        await pool(slots, CONCURRENCY, (start) => book(start));
        into.push(THROUGHPUT_BATCH / ((performance.now() - t0) / 1000));
      }
    }

    const errorNote = errors > 0 ? `, ${errors} failed bookings` : "";
    return [
      comparisonRow("booking: POST /api/appointments, one at a time", oursMs, floorMs, "ms", "SQL INSERT", {
        note: `${oursMs.length} bookings${errorNote}`,
        ...(errors > 0 ? { pass: false } : {}),
      }),
      comparisonRow(`booking throughput, ${CONCURRENCY} in flight`, oursRate, floorRate, "bookings/s", "SQL INSERT", {
        note: `${THROUGHPUT_ROUNDS} batches of ${THROUGHPUT_BATCH}; ratio = ours/floor, higher is better`,
      }),
    ];
  } finally {
    await db.end();
  }
}

/** The same row the API writes, inserted directly (the exclusion constraints still check it). */
async function sqlInsert(db: pg.Pool, patient: Person, provider: Person, start: Date): Promise<number> {
  const end = new Date(start.getTime() + VISIT_MIN * 60_000);
  const id = `bench-sql-${start.getTime().toString(36)}-${patient.id.slice(-8)}`;
  const t0 = performance.now();
  await db.query(
    `INSERT INTO "Appointment" (id, "patientId", "providerId", "startsAt", "endsAt", "blockedUntil", reason, "updatedAt")
     VALUES ($1, $2, $3, $4, $5, $5, $6, now()) RETURNING id, "providerId", "startsAt", "endsAt", status`,
    [id, patient.id, provider.id, start, end, "Benchmark booking"],
  );
  return performance.now() - t0;
}
