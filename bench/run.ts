/**
 * `npm run bench`: every benchmark against a production build, on loopback only, in one run.
 *
 * - Re-runs itself inside a private loopback-only network namespace (`unshare -n`) where the machine allows
 *   it, as scripts/test.ts does, so no benchmark traffic can leave the machine.
 * - Builds (`next build`) when .next is missing or older than the sources (BENCH_SKIP_BUILD=1 to skip).
 * - Starts one throwaway stack (embedded PostgreSQL, local Pusher server, `next start`) like the e2e tests.
 * - Runs each benchmark module in turn and prints one Markdown table; the same data goes to
 *   .bench/results.json.
 *
 * A benchmark is a module in bench/ exporting `async function benchX(ctx: BenchContext): Promise<Row[]>`.
 * Modules listed in ORDER run in that order (optional ones are skipped with a note when absent); any other
 * bench/*.ts exporting bench* functions runs after them. `npm run bench -- slots booking` runs only those.
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { startTestStack, type TestStack } from "../tests/e2e/support/test-stack";
import { cpuSnapshot, environ, findStackProcesses, othersShare, runQueueWaitMs, systemBusy } from "./lib/proc";
import { markdownTable, round } from "./lib/stats";
import type { BenchContext, BenchFunction, Row } from "./lib/types";

const ROOT = process.cwd();
const OUT_DIR = join(ROOT, ".bench");
/** Known modules, in run order. The load test runs last: it leaves the most data behind. */
const ORDER: { file: string; optional?: boolean; minTimeoutMs?: number }[] = [
  { file: "slots" },
  { file: "booking" },
  { file: "pusher-echo" },
  { file: "check-in-card" },
  // Four configurations of warm, cold and floor runs, the cost windows and reconnection: 25–40 min here.
  { file: "call-setup", optional: true, minTimeoutMs: 45 * 60_000 },
  // Three browsers, 5 + 2 calls of three and their floor, then a 60 s held call: longer than the default.
  { file: "three-person", optional: true, minTimeoutMs: 15 * 60_000 },
  { file: "admin-sessions", optional: true },
  { file: "page-weight" },
  { file: "reminders" },
  { file: "load" },
];
const MODULE_TIMEOUT_MS = Number(process.env.BENCH_MODULE_TIMEOUT_MS ?? 5 * 60_000);
const TOTAL_TIMEOUT_MS = Number(process.env.BENCH_TOTAL_TIMEOUT_MS ?? 20 * 60_000);

/** The time a module says it needs in ORDER (0: the default will do). */
function minTimeoutMs(name: string): number {
  return ORDER.find((o) => o.file === name.split(":")[0])?.minTimeoutMs ?? 0;
}

/** A module's time limit: BENCH_MODULE_TIMEOUT_MS, or more for modules that say they need it in ORDER. */
function moduleTimeout(name: string): number {
  return Math.max(MODULE_TIMEOUT_MS, minTimeoutMs(name));
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function enterLoopbackNamespace(): void {
  if (process.env.BENCH_IN_NETNS === "1" || process.env.CONSULT_NO_NETNS === "1") return;
  const probe = spawnSync("unshare", ["-n", "true"], { stdio: "ignore" });
  if (probe.status !== 0) {
    log("unshare -n is not permitted here: running in the normal network namespace (every benchmark still targets 127.0.0.1 only).");
    return;
  }
  const self = ["--import", "tsx", "bench/run.ts", ...process.argv.slice(2)].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
  const result = spawnSync("unshare", ["-n", "sh", "-c", `ip link set lo up && exec '${process.execPath}' ${self}`], {
    stdio: "inherit",
    env: { ...process.env, BENCH_IN_NETNS: "1" },
  });
  process.exit(result.status ?? 1);
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "generated" || entry === "node_modules") continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/**
 * The build to measure, as a private copy (see snapshotBuild): .next as it is when current; otherwise a
 * fresh `next build` (BENCH_SKIP_BUILD=1 skips it). The existing build is copied first, because a failed
 * `next build` leaves .next empty: the run then measures that earlier build and says so.
 */
async function prepareBuild(tmpDir: string): Promise<{ appDir: string; status: string }> {
  const buildId = join(ROOT, ".next/BUILD_ID");
  // .next without BUILD_ID and touched lately: someone else's build is under way; let it finish first.
  if (!existsSync(buildId) && existsSync(join(ROOT, ".next")) && Date.now() - statSync(join(ROOT, ".next")).mtimeMs < 180_000) {
    await waitForBuildId().catch(() => undefined);
  }
  const sources = Math.max(
    ...["app", "components", "lib", "next.config.mjs", "package-lock.json", "postcss.config.mjs", "proxy.ts"].map((p) =>
      newestMtime(join(ROOT, p)),
    ),
  );
  const stale = !existsSync(buildId) || statSync(buildId).mtimeMs < sources;
  const previous = existsSync(buildId) ? await snapshotBuild(tmpDir, "previous") : null;
  if (!stale && previous) return { appDir: previous, status: "current" };
  if (process.env.BENCH_SKIP_BUILD === "1") {
    if (!previous) throw new Error("BENCH_SKIP_BUILD=1 but there is no production build in .next");
    log("BENCH_SKIP_BUILD=1: measuring a build older than the sources");
    return { appDir: previous, status: "older than the sources (BENCH_SKIP_BUILD=1)" };
  }
  log(previous ? "the production build is older than the sources: building" : "no production build: building");
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  const generate = spawnSync(process.execPath, ["--import", "tsx", "scripts/prisma.ts", "generate"], { stdio: "inherit", env });
  const build = generate.status === 0 ? spawnSync("npx", ["next", "build"], { stdio: "inherit", env }) : generate;
  if (build.status === 0) return { appDir: await snapshotBuild(tmpDir, "fresh"), status: "current (built by this run)" };
  if (!previous) throw new Error("next build failed and there was no earlier build to measure");
  log("next build FAILED: measuring the previous build instead");
  return { appDir: previous, status: "older than the sources (this run's next build failed)" };
}

async function loadModules(only: string[]): Promise<{ name: string; fn?: BenchFunction; note?: string }[]> {
  const files = readdirSync(join(ROOT, "bench"))
    .filter((f) => f.endsWith(".ts") && f !== "run.ts")
    .map((f) => f.slice(0, -3));
  const ordered = [...ORDER.map((o) => o.file), ...files.filter((f) => !ORDER.some((o) => o.file === f)).sort()];
  const out: { name: string; fn?: BenchFunction; note?: string }[] = [];
  for (const name of ordered) {
    if (only.length > 0 && !only.includes(name)) continue;
    if (!files.includes(name)) {
      const known = ORDER.find((o) => o.file === name);
      out.push({ name, note: known?.optional ? `bench/${name}.ts is not there yet: skipped` : `bench/${name}.ts is missing` });
      continue;
    }
    const mod = (await import(pathToFileURL(resolve(ROOT, "bench", `${name}.ts`)).href)) as Record<string, unknown>;
    const fns = Object.entries(mod).filter(([key, value]) => key.startsWith("bench") && typeof value === "function");
    if (fns.length === 0) out.push({ name, note: `bench/${name}.ts exports no bench* function: skipped` });
    for (const [key, fn] of fns) out.push({ name: fns.length > 1 ? `${name}:${key}` : name, fn: fn as BenchFunction });
  }
  return out;
}

/** Waits (bounded) while another process's `next build` is under way (.next without BUILD_ID). */
async function waitForBuildId(): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (!existsSync(join(ROOT, ".next/BUILD_ID")) && Date.now() < deadline) {
    log("no .next/BUILD_ID (another build under way?): waiting");
    await new Promise((r) => setTimeout(r, 5000));
  }
  if (!existsSync(join(ROOT, ".next/BUILD_ID"))) throw new Error("no production build appeared in .next within 3 minutes");
}

/**
 * A private copy of the production build, with every other top-level entry linked to the repository, so
 * that another process rebuilding .next during the run cannot change what is being measured.
 */
async function snapshotBuild(tmpDir: string, name: string): Promise<string> {
  const skip = new Set(["cache", "dev", "lock", "trace", "trace-build", "diagnostics"]);
  for (let attempt = 1; attempt <= 5; attempt++) {
    await waitForBuildId();
    const id = readFileSync(join(ROOT, ".next/BUILD_ID"), "utf8");
    const dir = join(tmpDir, name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    for (const entry of readdirSync(ROOT)) {
      if ([".next", ".git", ".data", ".bench"].includes(entry)) continue;
      symlinkSync(join(ROOT, entry), join(dir, entry));
    }
    try {
      cpSync(join(ROOT, ".next"), join(dir, ".next"), {
        recursive: true,
        verbatimSymlinks: true,
        filter: (src) => !skip.has(relative(join(ROOT, ".next"), src).split(sep)[0] ?? ""),
      });
    } catch (error) {
      log(`copying .next failed (${String(error)}): retrying`);
      continue;
    }
    const now = existsSync(join(ROOT, ".next/BUILD_ID")) ? readFileSync(join(ROOT, ".next/BUILD_ID"), "utf8") : "";
    if (now === id && readFileSync(join(dir, ".next/BUILD_ID"), "utf8") === id) return dir;
    log(".next changed while it was copied: copying again");
  }
  throw new Error("could not copy a consistent .next: another process keeps rebuilding it");
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish in ${Math.round(ms / 1000)} s`)), ms);
    }),
  ]);
}

/**
 * Waits (bounded) for the machine to be mostly idle, since other work on the same two cores skews every
 * figure. BENCH_QUIET_WAIT_S=0 skips the wait.
 */
async function waitForQuiet(notes: string[]): Promise<void> {
  const limitS = Number(process.env.BENCH_QUIET_WAIT_S ?? 180);
  const threshold = 0.25;
  const t0 = Date.now();
  let busy = await systemBusy();
  while (busy > threshold && Date.now() - t0 < limitS * 1000) {
    log(`the CPUs are ${Math.round(busy * 100)} % busy with other work: waiting for them to calm down (at most ${limitS} s)`);
    busy = await systemBusy(5000);
  }
  if (busy > threshold)
    notes.push(
      `Other work kept the CPUs ${Math.round(busy * 100)} % busy when the run started (waited ${limitS} s): figures are pessimistic.`,
    );
  else log(`CPUs ${Math.round(busy * 100)} % busy: starting`);
}

async function main(): Promise<void> {
  enterLoopbackNamespace();
  const started = Date.now();
  const only = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const modules = await loadModules(only);
  const notes: string[] = [];
  const rows: Row[] = [];
  const contention: { module: string; seconds: number; otherProcessesCpuShare: number; nextServerRunQueueWaitShare: number | null }[] = [];
  const tmpDir = mkdtempSync(join(tmpdir(), "consult-bench-"));
  let prepared: { appDir: string; status: string };
  try {
    prepared = await prepareBuild(tmpDir);
  } catch (error) {
    rmSync(tmpDir, { recursive: true, force: true });
    throw error;
  }
  const { appDir, status: buildStatus } = prepared;
  let stack: TestStack | undefined;
  let servedBuild = "";
  await waitForQuiet(notes);

  // The long modules' own limits, plus the rest's time, fit in the whole run's.
  const totalLimitMs = Math.max(TOTAL_TIMEOUT_MS, modules.reduce((sum, m) => sum + minTimeoutMs(m.name), 0) + 15 * 60_000);
  const watchdog = setTimeout(() => {
    log(`the whole run exceeded ${Math.round(totalLimitMs / 60_000)} min: stopping`);
    void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(2));
  }, totalLimitMs);
  watchdog.unref();

  try {
    log("starting the stack (embedded PostgreSQL, local Pusher server, next start)");
    // Rate limits stay on (their cost is part of every request) but with allowances scaled up: the
    // benchmarks sign in hundreds of users from one loopback address within minutes.
    process.chdir(appDir); // the stack runs `next start` in its working directory: the private copy
    try {
      stack = await startTestStack({ OUTBOX_DIR: join(tmpDir, "outbox"), RATE_LIMIT_SCALE: process.env.RATE_LIMIT_SCALE ?? "100" });
    } finally {
      process.chdir(ROOT);
    }
    notes.push(
      `Stack started with RATE_LIMIT_SCALE=${process.env.RATE_LIMIT_SCALE ?? "100"} (rate limits counted, allowances ×100: one address signs in hundreds of users).`,
    );
    const port = Number(new URL(stack.baseUrl).port);
    const pgPort = new URL(stack.databaseUrl).port;
    const { nextPid, stackPid } = findStackProcesses(port, pgPort);
    if (nextPid === null) notes.push("The next-server process was not found: memory and CPU are not reported.");
    const env = nextPid === null ? new Map<string, string>() : environ(nextPid);
    const pusher = env.get("PUSHER_PORT")
      ? {
          key: env.get("PUSHER_KEY") ?? "",
          host: env.get("PUSHER_HOST") ?? "127.0.0.1",
          port: Number(env.get("PUSHER_PORT")),
          appId: env.get("PUSHER_APP_ID") ?? "",
          secret: env.get("PUSHER_SECRET") ?? "",
        }
      : null;
    const ctx: BenchContext = {
      baseUrl: stack.baseUrl,
      databaseUrl: stack.databaseUrl,
      nextPid,
      stackPid,
      pusher,
      root: ROOT,
      tmpDir,
      log,
    };
    log(`stack up at ${stack.baseUrl} (next-server pid ${nextPid ?? "?"})`);
    servedBuild = readFileSync(join(appDir, ".next/BUILD_ID"), "utf8").trim();

    for (const entry of modules) {
      if (!entry.fn) {
        notes.push(entry.note ?? `${entry.name}: skipped`);
        log(entry.note ?? `${entry.name}: skipped`);
        continue;
      }
      const t0 = Date.now();
      const before = cpuSnapshot();
      const waitBefore = nextPid === null ? null : runQueueWaitMs(nextPid);
      log(`${entry.name}: running`);
      try {
        const produced = await withTimeout(entry.fn(ctx), moduleTimeout(entry.name), entry.name);
        rows.push(...produced.map((r) => ({ bench: entry.name, ...r })));
        const others = othersShare(before, cpuSnapshot());
        const waitAfter = nextPid === null ? null : runQueueWaitMs(nextPid);
        const waited = waitBefore !== null && waitAfter !== null ? (waitAfter - waitBefore) / (Date.now() - t0) : null;
        contention.push({
          module: entry.name,
          seconds: round((Date.now() - t0) / 1000, 1),
          otherProcessesCpuShare: round(others, 2),
          nextServerRunQueueWaitShare: waited === null ? null : round(waited, 3),
        });
        const waitedText = waited === null ? "" : `; next-server threads waited for a CPU ${Math.round(waited * 1000)} ms per second`;
        if (others > 0.1)
          notes.push(
            `While ${entry.name} ran, other processes used ${Math.round(others * 100)} % of the machine's CPU${waitedText}: its figures are pessimistic.`,
          );
        log(
          `${entry.name}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s (other processes used ${Math.round(others * 100)} % of the CPUs meanwhile${waitedText})`,
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log(`${entry.name}: FAILED: ${error instanceof Error ? (error.stack ?? message) : message}`);
        rows.push({
          bench: entry.name,
          metric: `${entry.name}: failed`,
          median: null,
          p95: null,
          unit: "",
          reference: message.split("\n")[0]!.slice(0, 200),
          ratio: null,
          pass: false,
        });
      }
    }
  } finally {
    clearTimeout(watchdog);
    await stack?.stop().catch((e: unknown) => log(`stopping the stack: ${String(e)}`));
    rmSync(tmpDir, { recursive: true, force: true });
  }

  notes.unshift(`Build ${servedBuild || "?"}: ${buildStatus}.`);
  const table = markdownTable(rows);
  const seconds = Math.round((Date.now() - started) / 1000);
  mkdirSync(OUT_DIR, { recursive: true });
  const results = {
    startedAt: new Date(started).toISOString(),
    durationSeconds: seconds,
    command: "npm run bench",
    buildId: servedBuild,
    buildStatus,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? "",
      node: process.version,
      loopbackNamespace: process.env.BENCH_IN_NETNS === "1",
      modules: contention,
    },
    rows,
    notes,
    table,
  };
  writeFileSync(join(OUT_DIR, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${table}\n`);
  for (const note of notes) console.log(`- ${note}`);
  console.log(`\n${rows.length} figures in ${seconds} s on ${cpus().length} CPUs; JSON in .bench/results.json.`);
  process.exit(rows.some((r) => r.metric.endsWith(": failed")) ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
