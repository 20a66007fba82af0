import { defineConfig, devices } from "@playwright/test";

// Debian's Chromium with fake camera and microphone; never a downloaded browser (see docs/testing.md).
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
  "--allow-loopback-in-peer-connection",
  "--disable-features=WebRtcHideLocalIpsWithMdns",
  "--autoplay-policy=no-user-gesture-required",
];

/**
 * A device descriptor in Chromium (the descriptors name WebKit for Apple devices), upright or turned. Turned,
 * it is Playwright's landscape descriptor where there is one (an iPhone 13 on its side shows 750x342 of page
 * once Safari's bars and the notch are taken off its 844x390 screen), else the same viewport swapped.
 */
function onDevice(name: "iPhone 13" | "iPad (gen 7)", orientation: "portrait" | "landscape") {
  const device = orientation === "landscape" ? (devices[`${name} landscape`] ?? devices[name]) : devices[name];
  if (!device) throw new Error(`Playwright has no device named ${name}`);
  const { width, height } = device.viewport;
  const viewport =
    orientation === "portrait"
      ? { width: Math.min(width, height), height: Math.max(width, height) }
      : { width: Math.max(width, height), height: Math.min(width, height) };
  return { ...device, viewport, browserName: "chromium" as const };
}

/**
 * Calls of three browsers and more (guests, five warm patients), and the fault tests (a cluster of their own:
 * two Next.js instances, PostgreSQL and Pusher, beside a call), run apart, one at a time, after the rest
 * (scripts/test.ts runs them with E2E_HEAVY=1): beside the other call tests on two cores they starve them,
 * and a call starved for seconds is not what the fault tests are about (it failed them twice on CI).
 */
const HEAVY = [/\/guests\.spec\.ts$/, /\/phone-guests\.spec\.ts$/, /\/warm-admit\.spec\.ts$/, /\/faults\.spec\.ts$/];
const heavyRun = process.env.E2E_HEAVY === "1";
/** This run's share of a project's files: the heavy ones in the heavy run, the others otherwise. */
const share = (ignore: RegExp[]) => (heavyRun ? { testMatch: HEAVY, testIgnore: ignore } : { testIgnore: [...ignore, ...HEAVY] });

// The phone and tablet projects run only the touch-size walk (tests/e2e/devices/); the desktop project everything else.
// The call on a phone (devices/phone-*.spec.ts) runs in the phone projects only: a call costs two browsers.
const deviceProjects = (["iPhone 13", "iPad (gen 7)"] as const).flatMap((name) =>
  (["portrait", "landscape"] as const).map((orientation) => ({
    name: `${name.startsWith("iPhone") ? "phone" : "tablet"}-${orientation}`,
    ...(heavyRun
      ? { testMatch: name.startsWith("iPhone") ? /devices\/phone-guests\.spec\.ts$/ : /(?!)/ }
      : {
          testMatch: /devices\/.*\.spec\.ts$/,
          testIgnore: [...(name.startsWith("iPhone") ? [] : [/devices\/phone-.*\.spec\.ts$/]), ...HEAVY],
        }),
    use: onDevice(name, orientation),
  })),
);

export default defineConfig({
  testDir: "tests/e2e",
  globalSetup: "./tests/e2e/global-setup.ts",
  fullyParallel: true,
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: process.env.E2E_JSON ?? ".data/test-results/e2e.json" }]],
  use: {
    baseURL: process.env.E2E_BASE_URL,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: chromiumArgs },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  outputDir: ".data/test-results/e2e-artifacts",
  projects: [{ name: "desktop", ...share([/devices\/.*\.spec\.ts$/]) }, ...deviceProjects],
});
