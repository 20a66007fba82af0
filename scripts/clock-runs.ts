/**
 * `npm run test:clock`: the booking, waiting-room and call end-to-end specs with every process (test
 * runner, the stack's Node and PostgreSQL, Chromium) started under faketime at instants where a test
 * that depends on the hour, weekday or date would break. Needs Debian's `faketime` and a production
 * build (`npx next build`). Runs inside a loopback-only network namespace where permitted.
 *   npm run test:clock                 all instants
 *   npm run test:clock -- kolkata      the instants whose name contains "kolkata"
 */
import { spawnSync } from "node:child_process";

export const RISKY_INSTANTS: { name: string; utc: string }[] = [
  { name: "23:50 in Asia/Kolkata (18:20 UTC, a Thursday)", utc: "2026-12-03 18:20:00" },
  { name: "01:30 in America/New_York on its DST day (06:30 UTC)", utc: "2027-03-14 06:30:00" },
  { name: "23:59 UTC on New Year's Eve", utc: "2026-12-31 23:59:00" },
  { name: "a Sunday, 10:00 UTC", utc: "2027-01-03 10:00:00" },
  { name: "19:47 UTC, the hour the booking test once failed", utc: "2026-12-02 19:47:00" },
  { name: "Friday 22:30 UTC (next free slot after a weekend)", utc: "2026-12-04 22:30:00" },
];

const SPECS = ["tests/e2e/booking.spec.ts", "tests/e2e/waiting-room.spec.ts", "tests/e2e/call.spec.ts"];

function main(): void {
  if (spawnSync("faketime", ["-h"], { stdio: "ignore" }).error) {
    console.error("faketime is missing: apt-get install -y faketime");
    process.exit(1);
  }
  const filter = process.argv[2]?.toLowerCase();
  const netns = spawnSync("unshare", ["-n", "true"], { stdio: "ignore" }).status === 0;
  const results: string[] = [];
  let failed = 0;
  for (const instant of RISKY_INSTANTS.filter((i) => !filter || i.name.toLowerCase().includes(filter))) {
    const command = `TZ=UTC faketime '${instant.utc}' npx playwright test ${SPECS.join(" ")}`;
    const shell = netns ? ["unshare", "-n", "sh", "-c", `ip link set lo up && ${command}`] : ["sh", "-c", command];
    console.log(`\n=== ${instant.name}: ${instant.utc} UTC ===`);
    const status = spawnSync(shell[0]!, shell.slice(1), { stdio: "inherit" }).status;
    if (status !== 0) failed++;
    results.push(`${status === 0 ? "passed" : "FAILED"}  ${instant.utc} UTC  ${instant.name}`);
  }
  console.log(`\n${results.join("\n")}`);
  process.exit(failed > 0 ? 1 : 0);
}

main();
