/**
 * Free slots for one provider over 28 days with 300 existing appointments, read by 20 concurrent signed-in
 * patients through GET /api/providers/{id}/slots (issue 3). The target is on server time: the app's
 * Server-Timing, from our handler's start to its answer. The client's own clock (request start to last
 * byte on loopback) is reported beside it: under 20 clients it is mostly the wait for the one Node.js
 * thread, which Next.js's fixed per-request work fills (see the "trivial route" row), not slot work.
 */
import { Client, type Timed } from "./lib/http";
import { BENCH_PASSWORD, connect, insertUsers, seedBusyProvider } from "./lib/fixtures";
import { cpuSeconds } from "./lib/proc";
import { infoRow, pool, targetRow } from "./lib/stats";
import type { BenchContext, Row } from "./lib/types";

const CLIENTS = 20;
const REQUESTS_PER_CLIENT = 25;
const BOOKED = 300;
const TARGET_P95_MS = 50;

export async function benchSlots(ctx: BenchContext): Promise<Row[]> {
  const db = connect(ctx.databaseUrl);
  try {
    // 08:00-20:00 every day, 30 min visits: 24 slots a day, 672 over 28 days, 300 of them booked.
    const { provider, from, to, free: expected } = await seedBusyProvider(db, BOOKED);

    const patients = await insertUsers(db, "PATIENT", CLIENTS, { prefix: "slots-reader" });
    const clients = await pool(patients, 4, (p) => new Client(ctx.baseUrl).signIn(p.email, BENCH_PASSWORD));
    const path = `/api/providers/${provider.id}/slots?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;

    const first = await clients[0]!.timed<{ slots: unknown[] }>("GET", path);
    if (first.status !== 200) throw new Error(`slots answered ${first.status}: ${JSON.stringify(first.body)}`);
    if (first.body.slots.length !== expected) ctx.log(`slots: expected ${expected} free slots, got ${first.body.slots.length}`);

    // Warm-up (JIT, connection pools), not measured.
    await pool(Array.from({ length: 60 }), CLIENTS, (_, i) => clients[i % CLIENTS]!.timed("GET", path));

    // One client alone, and a light signed-in request for comparison (session, user, two small queries).
    const sequential = async (p: string) => {
      const cpu0 = ctx.nextPid === null ? null : cpuSeconds(ctx.nextPid);
      const ms: number[] = [];
      for (let i = 0; i < 80; i++) ms.push((await clients[0]!.timed("GET", p)).ms);
      const cpu1 = ctx.nextPid === null ? null : cpuSeconds(ctx.nextPid);
      return {
        ms,
        cpuNote:
          cpu0 === null || cpu1 === null ? undefined : `next-server CPU ${(((cpu1 - cpu0) * 1000) / ms.length).toFixed(1)} ms/request`,
      };
    };
    for (let i = 0; i < 20; i++) await clients[0]!.timed("GET", "/api/appointments");
    const alone = await sequential(path);
    const baseline = await sequential("/api/appointments");

    const cpuBefore = ctx.nextPid === null ? null : cpuSeconds(ctx.nextPid);
    const { answers, seconds } = await backToBack(clients, path);
    const cpuAfter = ctx.nextPid === null ? null : cpuSeconds(ctx.nextPid);
    const concurrent = answers.map((r) => r.ms);
    const serverTimes = answers.flatMap((r) => (r.serverMs === null ? [] : [r.serverMs]));
    const errors = answers.filter((r) => r.status !== 200 || r.serverMs === null).length;
    const loaded = targetRow(
      `slots: 28 days, ${BOOKED} booked, ${CLIENTS} concurrent clients, server time`,
      serverTimes,
      "ms",
      TARGET_P95_MS,
      {
        note: `${expected} free slots, ${Math.round(concurrent.length / seconds)} req/s${errors ? `, ${errors} errors` : ""}`,
      },
    );
    if (errors > 0) loaded.pass = false;
    const rows = [
      loaded,
      infoRow(`slots: same, as the clients saw it (queueing for the Node.js thread included)`, concurrent, "ms"),
      infoRow("slots: same query, 1 client", alone.ms, "ms", { note: alone.cpuNote }),
      infoRow("baseline: GET /api/appointments (signed in, none booked), 1 client", baseline.ms, "ms", { note: baseline.cpuNote }),
      await trivialRoute(ctx),
    ];
    if (cpuBefore !== null && cpuAfter !== null) {
      const perRequest = ((cpuAfter - cpuBefore) * 1000) / concurrent.length;
      rows.push({
        ...infoRow("slots: next-server CPU per request under load", [perRequest], "ms"),
        p95: null,
        note: `${Math.round(((cpuAfter - cpuBefore) / seconds) * 100)} % of a core busy`,
      });
    }
    return rows;
  } finally {
    await db.end();
  }
}

/**
 * The floor any route pays here: GET /api/health (one `SELECT 1`, no session) from the same 20 clients.
 * With one Node.js thread its client-side p95 bounds what a signed-in route can reach on this machine.
 */
async function trivialRoute(ctx: BenchContext): Promise<Row> {
  const { answers, seconds } = await backToBack(
    Array.from({ length: CLIENTS }, () => new Client(ctx.baseUrl)),
    "/api/health",
  );
  const rate = Math.round(answers.length / seconds);
  return infoRow(
    `trivial route (GET /api/health), ${CLIENTS} concurrent clients, as the clients saw it`,
    answers.map((r) => r.ms),
    "ms",
    { note: `${rate} req/s` },
  );
}

/** Every client issues REQUESTS_PER_CLIENT GETs of `path` back to back, all clients at once. */
async function backToBack(clients: Client[], path: string): Promise<{ answers: Timed[]; seconds: number }> {
  const answers: Timed[] = [];
  const started = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      for (let i = 0; i < REQUESTS_PER_CLIENT; i++) answers.push(await client.timed("GET", path));
    }),
  );
  return { answers, seconds: (performance.now() - started) / 1000 };
}
