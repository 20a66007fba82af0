/**
 * Admin session review at scale (issue 6): 100,000 visits and 2,000,000 events in a throwaway PostgreSQL,
 * then, calling lib/admin directly with DATABASE_URL pointed at it:
 * - p95 of the filtered sessions list, a page of 50, over a mix of filters (none, date range, provider,
 *   patient search, outcome, outcome + provider, a deep keyset page); target ≤ 100 ms;
 * - p95 of the session detail (visit, every event, figures, timeline, series); target ≤ 100 ms;
 * - the time to stream the full CSV (all 100,000 rows) and this process's peak RSS while doing it.
 *
 * `npx tsx bench/admin-sessions.ts` prints a table; `npm run bench` runs it with the others.
 */
import "../scripts/server-only-off.ts"; // before the server modules it imports below
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDatabase, startThrowawayPostgres } from "../scripts/local-postgres.ts";
import { migrateDeploy } from "../scripts/prisma.ts";
import { seedAdminBench, VISITS } from "./lib/admin-seed.ts";
import { infoRow, markdownTable, now, targetRow } from "./lib/stats.ts";
import type { Row } from "./lib/types.ts";

const RUNS_PER_FILTER = 30;
const DETAIL_RUNS = 200;
const TARGET_MS = 100;

type Log = (message: string) => void;

export async function benchAdminSessions(
  ctx: { log: Log } = { log: (m) => process.stderr.write(`[admin-sessions] ${m}\n`) },
): Promise<Row[]> {
  const { log } = ctx;
  // ADMIN_BENCH_DATABASE_URL: measure an already seeded database instead (for working on the queries).
  const reuse = process.env.ADMIN_BENCH_DATABASE_URL;
  const server = reuse ? null : await startThrowawayPostgres();
  try {
    let url = reuse ?? "";
    if (server) {
      const t0 = now();
      url = await createDatabase(server.adminUrl, "admin_bench");
      await migrateDeploy(url);
      await seedAdminBench(url, log);
      log(`seeded in ${((now() - t0) / 1000).toFixed(1)} s`);
    }
    Object.assign(process.env, {
      DATABASE_URL: url,
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || "admin-bench-secret-0123456789",
      PUSHER_APP_ID: process.env.PUSHER_APP_ID || "bench",
      PUSHER_KEY: process.env.PUSHER_KEY || "bench",
      PUSHER_SECRET: process.env.PUSHER_SECRET || "bench",
    });
    const { db } = await import("../lib/db.ts");
    try {
      const [{ name }] = await db.$queryRaw<[{ name: string }]>`SELECT current_database() AS name`;
      if (name !== new URL(url).pathname.slice(1))
        throw new Error(`lib/db is connected to ${name}, not the benchmark database (its configuration was read earlier in this process)`);
      return await measure(log);
    } finally {
      await db.$disconnect();
      delete (globalThis as { prisma?: unknown }).prisma;
    }
  } finally {
    await server?.stop();
  }
}

async function measure(log: Log): Promise<Row[]> {
  const { listSessions } = await import("../lib/admin/list-sessions.ts");
  const { resolveSessionFilter } = await import("../lib/admin/session-filters.ts");
  const { loadSessionDetail } = await import("../lib/admin/session-detail.ts");
  const { sessionsCsvStream } = await import("../lib/admin/export-sessions.ts");
  const at = new Date();
  const tz = "Europe/London";
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const deep = await (async () => {
    let cursor: string | null = null;
    for (let i = 0; i < 20; i++) cursor = (await listSessions(resolveSessionFilter({}, tz), { cursor, limit: 50 }, at)).nextCursor;
    return cursor;
  })();
  const filters: { name: string; input: Parameters<typeof resolveSessionFilter>[0]; cursor?: string | null }[] = [
    { name: "no filter", input: {} },
    { name: "one week", input: { from: day(-21), to: day(-15) } },
    { name: "provider", input: { providerId: "bench-dr-7" } },
    { name: "patient search", input: { patient: "patient 123" } },
    { name: "outcome dropped", input: { outcome: "dropped" } },
    { name: "outcome never connected + provider", input: { outcome: "never-connected", providerId: "bench-dr-13" } },
    { name: "outcome no-show + one week", input: { outcome: "no-show", from: day(-30), to: day(-24) } },
    { name: "page 21 (keyset)", input: {}, cursor: deep },
  ];
  const all: number[] = [];
  const perFilter: Row[] = [];
  for (const f of filters) {
    const filter = resolveSessionFilter(f.input, tz);
    const samples: number[] = [];
    for (let i = 0; i < RUNS_PER_FILTER + 3; i++) {
      const start = now();
      const page = await listSessions(filter, { cursor: f.cursor ?? null, limit: 50 }, at);
      if (i >= 3) samples.push(now() - start);
      if (page.sessions.length === 0) throw new Error(`the "${f.name}" filter found nothing`);
    }
    all.push(...samples);
    perFilter.push(infoRow(`sessions list: ${f.name}`, samples, "ms"));
  }
  log("list measured");
  const detail: number[] = [];
  for (let i = 0; i < DETAIL_RUNS; i++) {
    const id = `bench-v-${(i * 7919) % VISITS}`;
    const start = now();
    await loadSessionDetail(id, at);
    detail.push(now() - start);
  }
  log("detail measured");
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const start = now();
  let bytes = 0;
  let lines = 0;
  const reader = sessionsCsvStream(resolveSessionFilter({}, tz), at).getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    bytes += r.value.byteLength;
    for (const b of r.value) if (b === 10) lines++;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const csvMs = now() - start;
  clearInterval(sampler);
  if (lines !== VISITS + 1) throw new Error(`the CSV has ${lines} lines, expected ${VISITS + 1}`);
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  return [
    targetRow("admin sessions list, page of 50 (mixed filters, 100k visits / 2M events)", all, "ms", TARGET_MS),
    ...perFilter,
    targetRow("admin session detail (visit, events, figures, timeline, series)", detail, "ms", TARGET_MS),
    infoRow(`CSV export, full stream (${VISITS} rows, ${mb(bytes)} MB)`, [csvMs], "ms"),
    infoRow("peak RSS while streaming the CSV", [mb(peak)], "MB", {
      note: `before: ${mb(rssBefore)} MB, growth ${mb(peak - rssBefore)} MB`,
    }),
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  benchAdminSessions().then(
    (rows) => {
      console.log(`\n${markdownTable(rows)}\n\n${rows.length} figures in ${Math.round((Date.now() - started) / 1000)} s.`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
