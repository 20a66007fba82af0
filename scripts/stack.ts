/**
 * `npm run dev` / `npm start`: runs Consult with whatever is not configured started locally.
 * DATABASE_URL unset -> embedded PostgreSQL under .data/postgres (migrated, seeded on first run).
 * PUSHER_* unset      -> the project's own Pusher-protocol server on 127.0.0.1.
 * SMTP_URL unset      -> MailDev (SMTP + web inbox) on 127.0.0.1; every email lands in its inbox.
 * Ctrl-C stops everything it started.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { demoAccounts, DEMO_PASSWORD } from "../prisma/demo-accounts.ts";
import { seedDemoData } from "../prisma/seed.ts";
import { ensureDemoVisit } from "../prisma/demo-visit.ts";
import { startLocalPostgres } from "./local-postgres.ts";
import { migrateDeploy } from "./prisma.ts";
import { startLocalPusher } from "../lib/local-pusher/server.ts";
import { startLocalMail } from "./local-mail.ts";
import { assertPortFree, fail, loadDotEnv, persistentSecret, waitForHttp } from "./stack-support.ts";

type Mode = "dev" | "start";
const mode: Mode = process.argv[2] === "start" ? "start" : "dev";
const cleanups: (() => Promise<void>)[] = [];
let next: ChildProcess | undefined;
let stopping: Promise<never> | null = null;

/**
 * One stop, however many ask: Next.js exiting on our SIGTERM asks again, and exiting then would cut the
 * cleanups short and leave PostgreSQL running with no parent.
 */
function stopAll(code: number): Promise<never> {
  stopping ??= (async () => {
    if (next && next.exitCode === null) {
      next.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    process.exit(code);
  })();
  return stopping;
}

async function main() {
  loadDotEnv();
  const dataDir = process.env.CONSULT_DATA_DIR || ".data";
  const host = process.env.HOST || "127.0.0.1";
  const port = Number(process.env.PORT || 3000);
  const baseUrl = process.env.NEXTAUTH_URL || `http://${host}:${port}`;
  if (mode === "start" && !existsSync(".next/BUILD_ID")) fail("No production build found. Run `npm run build` first.");
  // Every port is checked before anything starts: a refusal then leaves no PostgreSQL behind (fail() exits at once).
  const localPusher = !process.env.PUSHER_APP_ID && !process.env.PUSHER_KEY && !process.env.PUSHER_SECRET;
  const localMail = !process.env.SMTP_URL;
  const pusherPort = Number(process.env.LOCAL_PUSHER_PORT || 6001);
  const [smtpPort, inboxPort] = [Number(process.env.LOCAL_SMTP_PORT || 1025), Number(process.env.LOCAL_INBOX_PORT || 1080)];
  await assertPortFree(host, port, "Next.js (set PORT to use another)");
  if (localPusher) await assertPortFree("127.0.0.1", pusherPort, "the local Pusher server (set LOCAL_PUSHER_PORT to use another)");
  if (localMail) {
    await assertPortFree("127.0.0.1", smtpPort, "the local mail server (set LOCAL_SMTP_PORT to use another)");
    await assertPortFree("127.0.0.1", inboxPort, "the local mail inbox (set LOCAL_INBOX_PORT to use another)");
  }

  let seeded = false;
  let demoVisit: { start: Date } | null = null;
  if (!process.env.DATABASE_URL) {
    const pg = await startLocalPostgres({ dataDir: `${dataDir}/postgres`, port: Number(process.env.LOCAL_POSTGRES_PORT || 54329) });
    cleanups.push(pg.stop);
    process.env.DATABASE_URL = pg.url;
    await migrateDeploy(pg.url);
    await seedDemoData(pg.url);
    if (process.env.CONSULT_DEMO_VISIT !== "0") demoVisit = await ensureDemoVisit(pg.url);
    seeded = true;
  } else {
    await migrateDeploy(process.env.DATABASE_URL);
  }

  if (localPusher) {
    const credentials = { appId: "100001", key: "consult-local-key", secret: persistentSecret(dataDir, "pusher-secret") };
    const local = await startLocalPusher({ ...credentials, port: pusherPort, webhookUrl: `http://${host}:${port}/api/pusher/webhook` });
    cleanups.push(() => local.close());
    Object.assign(process.env, {
      PUSHER_APP_ID: credentials.appId,
      PUSHER_KEY: credentials.key,
      PUSHER_SECRET: credentials.secret,
      PUSHER_HOST: "127.0.0.1",
      PUSHER_PORT: String(local.port),
      PUSHER_USE_TLS: "false",
    });
  }
  let inboxUrl: string | null = null;
  if (localMail) {
    const mail = await startLocalMail({ smtpPort, inboxPort, mailDirectory: `${dataDir}/inbox` });
    cleanups.push(mail.stop);
    process.env.SMTP_URL = mail.smtpUrl;
    inboxUrl = mail.inboxUrl;
  }
  process.env.NEXTAUTH_URL = baseUrl;
  process.env.NEXTAUTH_SECRET ||= persistentSecret(dataDir, "nextauth-secret");
  process.env.NEXT_TELEMETRY_DISABLED = "1";

  const nextBin = "node_modules/next/dist/bin/next";
  // Idle keep-alive sockets outlive any client's or proxy's own (Node's default closes them after 5 s, and a
  // client reusing one just as it closes gets ECONNRESET: seen in the e2e suite's API requests).
  const keepAlive = mode === "start" ? ["--keepAliveTimeout", "65000"] : [];
  next = spawn(process.execPath, [nextBin, mode, "-p", String(port), "-H", host, ...keepAlive], { stdio: "inherit", env: process.env });
  next.on("exit", (code) => void stopAll(code ?? 1));

  await waitForHttp(`${baseUrl}/api/health`, 120_000);
  printBanner(baseUrl, seeded, demoVisit, inboxUrl);
}

function printBanner(baseUrl: string, seeded: boolean, demoVisit: { start: Date } | null, inboxUrl: string | null) {
  const rows = demoAccounts.map((a) => `  ${a.role.padEnd(9)} ${a.email.padEnd(28)} ${a.name}`);
  console.log(
    [
      "",
      `Consult is running at ${baseUrl}`,
      seeded ? `Embedded PostgreSQL: DATABASE_URL=${process.env.DATABASE_URL}` : "Using the configured DATABASE_URL.",
      seeded ? `Demo accounts (password for all: ${DEMO_PASSWORD}):` : "",
      ...(seeded ? rows : []),
      ...(demoVisit
        ? [
            `Try a visit now: alex@consult.test has one with Dr. Okafor at ${demoVisit.start.toISOString().slice(11, 16)} UTC (room open); sign in as both in two browsers.`,
          ]
        : []),
      inboxUrl ? `Email inbox (every invitation and reminder lands here): ${inboxUrl}` : "Email goes to the configured SMTP_URL.",
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
}

process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));
main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  void stopAll(1);
});
