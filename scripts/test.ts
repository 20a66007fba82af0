/**
 * `npm test`: unit + integration (real PostgreSQL, real Pusher SDKs) with Vitest, then end-to-end tests
 * with Playwright in Debian's Chromium against a production build. Everything runs inside a loopback-only
 * network namespace where the machine allows it, so no test traffic can leave the machine.
 * A failing or skipped test fails the run.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const RESULTS = ".data/test-results";
const started = Date.now();

function run(command: string, args: string[], env: Record<string, string> = {}): number {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function enterLoopbackNamespace(): void {
  if (process.env.CONSULT_IN_NETNS === "1" || process.env.CONSULT_NO_NETNS === "1") return;
  const probe = spawnSync("unshare", ["-n", "true"], { stdio: "ignore" });
  if (probe.status !== 0) {
    console.warn("unshare -n is not permitted here: running tests in the normal network namespace (loopback addresses only).");
    return;
  }
  const self = ["--import", "tsx", "scripts/test.ts", ...process.argv.slice(2)].map((a) => `'${a}'`).join(" ");
  const status = run("unshare", ["-n", "sh", "-c", `ip link set lo up && exec '${process.execPath}' ${self}`], { CONSULT_IN_NETNS: "1" });
  process.exit(status);
}

type Counts = { passed: number; failed: number; skipped: number };

function vitestCounts(file: string): Counts {
  const report = JSON.parse(readFileSync(file, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numTotalTestSuites: number;
    numFailedTestSuites: number;
  };
  return {
    passed: report.numPassedTests,
    // A failed test also fails its describe and its file: count suites only when they failed on their own (setup).
    failed: report.numFailedTests || report.numFailedTestSuites,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

function playwrightCounts(file: string): Counts {
  const report = JSON.parse(readFileSync(file, "utf8")) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
    errors?: unknown[];
  };
  return {
    passed: report.stats.expected,
    failed: report.stats.unexpected + report.stats.flaky + (report.errors?.length ?? 0),
    skipped: report.stats.skipped,
  };
}

/**
 * A cheap guard against tests that depend on the hour: the booking spec again, with the whole stack and
 * the browser under faketime at 19:47 UTC on a Friday, when the first free slot lies inside the
 * cancellation notice (the hour the booking test once failed at). `npm run test:clock` runs more instants.
 */
function clockGuard(add: (c: Counts) => void): void {
  if (spawnSync("faketime", ["-h"], { stdio: "ignore" }).error) {
    console.warn("faketime is missing (apt-get install faketime): the clock guard did not run.");
    return;
  }
  const file = `${RESULTS}/e2e-clock.json`;
  console.log("\nClock guard: the booking spec at Friday 19:47 UTC (faketime)");
  const status = run("faketime", ["2026-12-04 19:47:00", "npx", "playwright", "test", "tests/e2e/booking.spec.ts"], {
    TZ: "UTC",
    E2E_JSON: file,
  });
  const counts = existsSync(file) ? playwrightCounts(file) : { passed: 0, failed: 1, skipped: 0 };
  if (status !== 0 && counts.failed === 0) counts.failed = 1;
  add(counts);
}

function main(): void {
  enterLoopbackNamespace();
  const only = process.argv[2]; // "unit" | "integration" | "e2e" to run one part
  rmSync(RESULTS, { recursive: true, force: true });
  mkdirSync(RESULTS, { recursive: true });
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  const add = (c: Counts) => {
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
  };

  if (run(process.execPath, ["--import", "tsx", "scripts/prisma.ts", "generate"]) !== 0) process.exit(1);

  if (!only || only === "unit" || only === "integration") {
    const unit = ["--project", "unit", "--project", "unit-other-tz"];
    const projects = only === "unit" ? unit : only === "integration" ? ["--project", "integration"] : [...unit, "--project", "integration"];
    const status = run("npx", [
      "vitest",
      "run",
      ...projects,
      "--reporter=default",
      "--reporter=json",
      `--outputFile=${RESULTS}/vitest.json`,
    ]);
    if (existsSync(`${RESULTS}/vitest.json`)) add(vitestCounts(`${RESULTS}/vitest.json`));
    if (status !== 0 && total.failed === 0) total.failed += 1;
  }

  if (!only || only === "e2e") {
    const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
    if (!existsSync(chromium)) {
      console.error(`Chromium is missing at ${chromium}. Install it with: apt-get install -y chromium`);
      total.failed += 1;
    } else if (process.env.E2E_SKIP_BUILD !== "1" && run("npx", ["next", "build"], { NEXT_TELEMETRY_DISABLED: "1" }) !== 0) {
      total.failed += 1;
    } else {
      const status = run("npx", ["playwright", "test"]);
      if (existsSync(`${RESULTS}/e2e.json`)) add(playwrightCounts(`${RESULTS}/e2e.json`));
      if (status !== 0 && total.failed === 0) total.failed += 1;
      // Calls of three browsers and more, one at a time after the rest (see playwright.config.ts).
      const heavyFile = `${RESULTS}/e2e-heavy.json`;
      const heavy = run("npx", ["playwright", "test", "--workers", "1"], { E2E_HEAVY: "1", E2E_JSON: heavyFile });
      const heavyCounts = existsSync(heavyFile) ? playwrightCounts(heavyFile) : { passed: 0, failed: 1, skipped: 0 };
      if (heavy !== 0 && heavyCounts.failed === 0) heavyCounts.failed = 1;
      add(heavyCounts);
      clockGuard(add);
    }
  }

  const seconds = Math.round((Date.now() - started) / 1000);
  if (total.skipped > 0) console.error(`${total.skipped} test(s) were skipped: a skipped test is not a pass.`);
  if (total.passed === 0) console.error("No test ran.");
  console.log(`\nAll suites finished in ${seconds} s.`);
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exit(total.failed > 0 || total.skipped > 0 || total.passed === 0 ? 1 : 0);
}

main();
