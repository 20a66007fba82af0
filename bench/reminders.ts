/**
 * Reminders at scale: 10,000 reminders fall due within the same minute, sent by two worker instances (the
 * workers every app instance runs, as separate processes: scripts/job-worker.ts) through pg-boss on a
 * throwaway PostgreSQL, to an SMTP sink on 127.0.0.1. Reports lateness (due -> handed to SMTP: the moment the
 * sink accepted the message), median and p95, and throughput; counts any reminder lost or delivered twice.
 * Target: p95 < 60 s, none lost or doubled. REMINDER_BENCH_COUNT changes the number (default 10,000).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { cpus, loadavg } from "node:os";
import pg from "pg";
import PgBoss from "pg-boss";
import { createDatabase, startThrowawayPostgres } from "../scripts/local-postgres.ts";
import { migrateDeploy } from "../scripts/prisma.ts";
import { QUEUES } from "../lib/jobs/queues.ts";
import { startSmtpSink } from "../tests/support/smtp-sink.ts";
import { median, p95, round } from "./lib/stats";
import type { Row } from "./lib/types";

const COUNT = Number(process.env.REMINDER_BENCH_COUNT ?? 10_000);
const TARGET_P95_S = 60;
type Log = (message: string) => void;

const jobId = (key: string) => {
  const h = createHash("sha256").update(key).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const messageIdOf = (reminderId: string) => `<${createHash("sha256").update(`reminder:${reminderId}`).digest("hex").slice(0, 32)}@consult>`;

async function seed(url: string, dueFrom: number, log: Log): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`INSERT INTO "User" (id, email, name, "passwordHash", role, "timeZone", "updatedAt") VALUES
      ('bench_patient', 'patient@bench.local', 'Bench Patient', '', 'PATIENT', 'Europe/London', now()),
      ('bench_provider', 'provider@bench.local', 'Dr Bench', 'x', 'PROVIDER', 'UTC', now())`);
    await client.query(`INSERT INTO "ProviderProfile" ("userId", specialty) VALUES ('bench_provider', 'General practice')`);
    // One pair, consecutive half hours from tomorrow on: the exclusion constraints hold; each visit has one reminder.
    await client.query(
      `INSERT INTO "Appointment" (id, "patientId", "providerId", "startsAt", "endsAt", "blockedUntil", reason, "updatedAt")
       SELECT 'bench_a' || i, 'bench_patient', 'bench_provider', s, s + interval '30 minutes', s + interval '30 minutes', 'Check-up', now()
       FROM generate_series(1, $1::int) i, LATERAL (SELECT date_trunc('hour', now()) + interval '1 day' + (i * interval '30 minutes') AS s) t`,
      [COUNT],
    );
    // Due times spread over one minute starting at dueFrom.
    const rows = await client.query<{ id: string; due: Date }>(
      `INSERT INTO "Reminder" (id, "appointmentId", "offsetMinutes", "startsAt", "dueAt")
       SELECT 'bench_r' || substr(a.id, 8), a.id, 60, a."startsAt", to_timestamp($1::double precision / 1000) + (random() * interval '59 seconds')
       FROM "Appointment" a WHERE a.id LIKE 'bench_a%' RETURNING id, "dueAt" AS due`,
      [dueFrom],
    );
    log(`seeded ${rows.rowCount} appointments with a reminder each`);
    return new Map(rows.rows.map((r) => [r.id, r.due.getTime()]));
  } finally {
    await client.end();
  }
}

function startWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/job-worker.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (c: Buffer) => {
      output += c.toString();
      if (output.includes("ready")) resolve(child);
    });
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    child.once("exit", (code) => reject(new Error(`worker exited with ${code}: ${output.slice(-2000)}`)));
  });
}

export async function benchReminders(ctx: { log: Log } = { log: (m) => process.stderr.write(`[reminders] ${m}\n`) }): Promise<Row[]> {
  const { log } = ctx;
  const server = await startThrowawayPostgres();
  const sink = await startSmtpSink();
  const workers: ChildProcess[] = [];
  try {
    const url = await createDatabase(server.adminUrl, "reminder_bench");
    await migrateDeploy(url);
    const dueFrom = Date.now() + 25_000;
    const due = await seed(url, dueFrom, log);

    // Queue one job per reminder, as bookings do (same job ids and earliest-due-first priority as lib/reminders/reminder-store.ts).
    const boss = new PgBoss({ connectionString: url, schema: "pgboss", max: 4, supervise: false, schedule: false });
    boss.on("error", () => undefined);
    await boss.start();
    for (const [name, options] of Object.entries(QUEUES)) await boss.createQueue(name, { name, ...options });
    const ids = [...due.keys()];
    for (let i = 0; i < ids.length; i += 1000) {
      await boss.insert(
        ids.slice(i, i + 1000).map((id) => ({
          id: jobId(`reminder:${id}:${new Date(due.get(id)!).toISOString()}:0`),
          name: "reminder",
          data: { reminderId: id },
          startAfter: new Date(due.get(id)!),
          priority: -Math.floor(due.get(id)! / 1000),
        })),
      );
    }
    await boss.stop({ graceful: false, wait: true });
    log(`queued ${ids.length} jobs; starting two workers`);

    const env = {
      ...process.env,
      DATABASE_URL: url,
      SMTP_URL: sink.url,
      NEXTAUTH_URL: "http://127.0.0.1:3000",
      NEXTAUTH_SECRET: "reminder-bench-secret-0123456789",
      PUSHER_APP_ID: "bench",
      PUSHER_KEY: "bench",
      PUSHER_SECRET: "bench",
      PUSHER_HOST: "127.0.0.1",
      PUSHER_PORT: "1",
      PUSHER_USE_TLS: "false",
    };
    workers.push(...(await Promise.all([startWorker(env), startWorker(env)])));
    if (Date.now() > dueFrom) log("warning: the workers started after the first reminders fell due");

    const wanted = new Map(ids.map((id) => [messageIdOf(id), id]));
    const deadline = dueFrom + 60_000 + 240_000;
    let lastCount = -1;
    while (Date.now() < deadline) {
      const got = new Set(sink.received.filter((m) => wanted.has(m.messageId)).map((m) => m.messageId)).size;
      if (got >= ids.length) break;
      if (got !== lastCount && got > 0 && got % 1000 < 50) log(`${got} delivered`);
      lastCount = got;
      await new Promise((r) => setTimeout(r, 500));
    }
    const arrivals = sink.received.filter((m) => wanted.has(m.messageId));
    const firstArrival = new Map<string, number>();
    for (const m of arrivals) if (!firstArrival.has(m.messageId)) firstArrival.set(m.messageId, m.at);
    const lateness = [...firstArrival].map(([mid, at]) => (at - due.get(wanted.get(mid)!)!) / 1000);
    const lost = ids.length - firstArrival.size;
    const doubled = arrivals.length - firstArrival.size;
    const span = (Math.max(...firstArrival.values()) - Math.min(...firstArrival.values())) / 1000;
    const throughput = firstArrival.size / Math.max(span, 0.001);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const events = Number(
      (await client.query<{ n: string }>(`SELECT count(*) AS n FROM "VisitEvent" WHERE type = 'REMINDER_SENT'`)).rows[0]?.n ?? 0,
    );
    await client.end();
    log(`lost ${lost}, doubled ${doubled}, REMINDER_SENT events ${events}`);
    const p95Late = p95(lateness);
    return [
      {
        metric: `reminder lateness, due -> SMTP (${ids.length} due in one minute, 2 instances)`,
        median: round(median(lateness), 1),
        p95: round(p95Late, 1),
        unit: "s",
        reference: `p95 < ${TARGET_P95_S} s`,
        ratio: round(p95Late / TARGET_P95_S),
        pass: p95Late < TARGET_P95_S && lost === 0 && doubled === 0 && events === ids.length,
        samples: lateness.length,
        note: `not delivered within the window (lost or late) ${lost}, doubled ${doubled}, timeline records ${events}; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`,
      },
      {
        metric: "reminder throughput (first to last delivery)",
        median: round(throughput, 0),
        p95: null,
        unit: "msg/s",
        reference: "",
        ratio: null,
        samples: firstArrival.size,
        note: `${round(span, 1)} s for ${firstArrival.size} messages`,
      },
    ];
  } finally {
    for (const w of workers) if (w.exitCode === null) w.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    for (const w of workers) if (w.exitCode === null) w.kill("SIGKILL");
    await sink.close();
    await server.stop();
  }
}

// `npx tsx bench/reminders.ts` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  benchReminders().then(
    (rows) => console.log(JSON.stringify(rows, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
