/**
 * Call setup: the provider's Admit click → the first real remote frame on each side, in Debian's Chromium with
 * fake camera and microphone, on loopback. Compared, run by run alternately, with the floor: bare simple-peer
 * in two pages whose signals pass through a plain WebSocket relay, timed from the initiator's
 * `new SimplePeer()` (bench/lib/call-floor.ts).
 *
 * Ours, per run: a new patient and a visit starting in two minutes (SQL); the provider's /dashboard is live;
 * the patient opens /visits/{id}, passes the device check ("Continue") and clicks "Check in"; once both
 * sides are ready as they are after any real wait (the patient's room in standby, the provider's camera
 * preview playing: what the floor's pages hold before its timer starts), the provider clicks "Admit <name>"
 * on the waiting card, timed from the click event in the provider's page. An init script in both pages
 * stamps the first frame of the
 * remote video whose requestVideoFrameCallback metadata carries an rtpTimestamp (a real, decoded frame).
 * Page clocks are mapped to Node's by the quickest of several evaluate() round trips.
 *
 * Warm (docs/decisions/0009): the same patient steps, but the provider has the visit page open; once both
 * peer connections are up with nothing on them (warm), the provider clicks "Admit <name>" there, timed the
 * same way. Targets: median ≤ WARM_TARGET_MS on each side and ≤ WARM_TARGET_RATIO× the floor of the same run.
 *
 * Relay: a throwaway coturn and a second stack with TURN_URLS/TURN_SECRET/ICE_TRANSPORT_POLICY=relay, the
 * floor then also forced through that coturn (BENCH_CALL_RELAY=0 skips it).
 */
import { createHmac } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { startTurnServer } from "../tests/e2e/support/call";
import { startTestStack, type TestStack } from "../tests/e2e/support/test-stack";
import { launchChromium } from "./lib/browser";
import { clockOffset, floorRun, startFloorServer } from "./lib/call-floor";
import { BENCH_PASSWORD, connect, insertAppointments, insertProvider, insertUsers, middayZone, type Person } from "./lib/fixtures";
import { Client } from "./lib/http";
import { comparisonRow, infoRow, median, sleep } from "./lib/stats";
import type { BenchContext, Row } from "./lib/types";
import { freePort } from "../scripts/free-port.ts";

const RUNS = Number(process.env.BENCH_CALL_RUNS ?? 10);
const RELAY_RUNS = Number(process.env.BENCH_CALL_RELAY_RUNS ?? 5);
/** The first calls after a stack starts are slow (cold routes and chunks in next-server): not counted. */
const WARMUP = 3;
const TARGET_RATIO = 1.3;
const WARM_TARGET_RATIO = 0.4;
const WARM_TARGET_MS = 100;

/** Stamps window.__benchFrameAt (epoch ms, page clock) at the first real frame of any remote video. */
const FRAME_WATCH = `(() => {
  window.__benchFrameAt = null;
  const seen = new WeakSet();
  const watch = (video) => {
    if (seen.has(video)) return;
    seen.add(video);
    const wait = () => video.requestVideoFrameCallback((now, meta) => {
      if (meta.rtpTimestamp === undefined) return wait();
      if (window.__benchFrameAt === null) window.__benchFrameAt = performance.timeOrigin + now;
    });
    wait();
  };
  const scan = () => document.querySelectorAll('[data-testid="remote-video"]').forEach(watch);
  new MutationObserver(scan).observe(document, { childList: true, subtree: true });
  // The Admit click as the page gets it, not as Playwright starts it (its actionability checks come first).
  window.__benchAdmitAt = null;
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("button") : null;
    if (button && /^Admit/.test(button.textContent ?? "")) window.__benchAdmitAt = performance.timeOrigin + performance.now();
  }, true);
})()`;

type Setup = { baseUrl: string; db: ReturnType<typeof connect>; provider: Person; providerContext: BrowserContext; providerPage: Page };

async function prepare(browser: Browser, baseUrl: string, databaseUrl: string): Promise<Setup> {
  const db = connect(databaseUrl);
  const provider = await insertProvider(db, { timeZone: middayZone() });
  const providerClient = await new Client(baseUrl).signIn(provider.email, BENCH_PASSWORD);
  const providerContext = await browser.newContext({ baseURL: baseUrl });
  await providerContext.addCookies(providerClient.browserCookies());
  await providerContext.addInitScript(FRAME_WATCH);
  const providerPage = await providerContext.newPage();
  return { baseUrl, db, provider, providerContext, providerPage };
}

/** BENCH_CALL_DEBUG=1: where a run's time went, ms after the Admit click, from the call's own test hook. */
async function breakdown(page: Page, side: string, t0: number): Promise<string> {
  const epoch = (await page.evaluate("({ origin: performance.timeOrigin, t: window.__consultCall?.timings ?? null })")) as {
    origin: number;
    t: Record<string, number | null> | null;
  };
  if (!epoch.t) return `${side}: no call`;
  const offset = await clockOffset(page);
  const at = (v: number | null | undefined) => (v == null ? "–" : (epoch.origin + v - offset - t0).toFixed(0));
  return `${side}: mounted ${at(epoch.t.mountedAt)}, media ${at(epoch.t.mediaReadyAt)}, ice ${at(epoch.t.iceConfigAt)}, peer ${at(epoch.t.firstPeerAt)}, connected ${at(epoch.t.firstConnectedAt)}`;
}

async function frameAt(page: Page): Promise<number> {
  // A function, not a string: the app's CSP forbids eval, which a string predicate needs.
  await page.waitForFunction(() => (window as unknown as { __benchFrameAt?: number | null }).__benchFrameAt != null, undefined, {
    timeout: 20_000,
    polling: 50,
  });
  const at = (await page.evaluate("window.__benchFrameAt")) as number;
  return at - (await clockOffset(page));
}

/** One call through the rooms; ms from the Admit click (Node clock) to each side's first real remote frame. */
async function oursRun(browser: Browser, s: Setup): Promise<{ patient: number; provider: number }> {
  const [patient] = await insertUsers(s.db, "PATIENT", 1, { prefix: "call" });
  const start = new Date(Date.now() + 2 * 60_000);
  const [id] = await insertAppointments(s.db, [
    { patientId: patient!.id, providerId: s.provider.id, start, end: new Date(start.getTime() + 30 * 60_000) },
  ]);
  const patientClient = await new Client(s.baseUrl).signIn(patient!.email, BENCH_PASSWORD);
  const patientContext = await browser.newContext({ baseURL: s.baseUrl });
  try {
    await patientContext.addCookies(patientClient.browserCookies());
    await patientContext.addInitScript(FRAME_WATCH);
    const patientPage = await patientContext.newPage();
    const dash = await s.providerPage.goto("/dashboard");
    if (dash?.status() !== 200) throw new Error(`/dashboard answered ${dash?.status()} for the provider`);
    await s.providerPage.locator('[data-live="on"]').first().waitFor({ timeout: 15_000 });
    await patientPage.goto(`/visits/${id}`);
    await patientPage.getByRole("button", { name: "Continue" }).click({ timeout: 15_000 });
    await patientPage.getByRole("button", { name: "Check in" }).click({ timeout: 15_000 });
    const admit = s.providerPage.locator(`[data-waiting-card="${id}"]`).getByRole("button", { name: `Admit ${patient!.name}` });
    await admit.waitFor({ timeout: 15_000 });
    for (let i = 0; !(await admit.isEnabled()); i++) {
      if (i > 300) throw new Error("the Admit button stayed disabled");
      await sleep(20);
    }
    // Both sides ready as after any real wait, the state the floor's pages are in when its timer starts:
    // the patient's room in standby (camera, ICE, peer) and the provider's own camera preview playing.
    await patientPage.locator('[data-call-status="standby"]').waitFor({ timeout: 15_000 });
    await s.providerPage.waitForFunction(
      () => (document.querySelector<HTMLVideoElement>('video[aria-label^="Your camera"]')?.readyState ?? 0) >= 2,
      undefined,
      { timeout: 15_000, polling: 20 },
    );
    await admit.click();
    await s.providerPage.waitForURL(new RegExp(`/visits/${id}$`), { timeout: 15_000 });
    const t0 = ((await s.providerPage.evaluate("window.__benchAdmitAt")) as number) - (await clockOffset(s.providerPage));
    const [p, d] = await Promise.all([frameAt(patientPage), frameAt(s.providerPage)]);
    if (process.env.BENCH_CALL_DEBUG === "1")
      console.error(
        `[call] ${await breakdown(s.providerPage, "provider", t0)}; ${await breakdown(patientPage, "patient", t0)}; frames patient ${(p - t0).toFixed(0)} provider ${(d - t0).toFixed(0)}`,
      );
    // Leaving the pages destroys the peers (and any TURN allocation).
    await Promise.all([patientPage.goto("about:blank").catch(() => undefined), s.providerPage.goto("about:blank").catch(() => undefined)]);
    return { patient: p - t0, provider: d - t0 };
  } finally {
    await patientContext.close().catch(() => undefined);
    await s.db.query(`UPDATE "Appointment" SET status = 'CANCELLED', "cancelledAt" = now(), "updatedAt" = now() WHERE id = $1`, [id]);
  }
}

/** One warm call: the provider on the visit page, both connections up and silent, then Admit there. */
async function warmRun(browser: Browser, s: Setup): Promise<{ patient: number; provider: number }> {
  const [patient] = await insertUsers(s.db, "PATIENT", 1, { prefix: "warm" });
  const start = new Date(Date.now() + 2 * 60_000);
  const [id] = await insertAppointments(s.db, [
    { patientId: patient!.id, providerId: s.provider.id, start, end: new Date(start.getTime() + 30 * 60_000) },
  ]);
  const patientClient = await new Client(s.baseUrl).signIn(patient!.email, BENCH_PASSWORD);
  const patientContext = await browser.newContext({ baseURL: s.baseUrl });
  try {
    await patientContext.addCookies(patientClient.browserCookies());
    await patientContext.addInitScript(FRAME_WATCH);
    const patientPage = await patientContext.newPage();
    await patientPage.goto(`/visits/${id}`);
    await patientPage.getByRole("button", { name: "Continue" }).click({ timeout: 15_000 });
    await patientPage.getByRole("button", { name: "Check in" }).click({ timeout: 15_000 });
    await patientPage.locator('[data-call-status="standby"]').waitFor({ timeout: 15_000 });
    await s.providerPage.goto(`/visits/${id}`);
    const warm = () =>
      (window as unknown as { __consultCall?: { pc: RTCPeerConnection | null } }).__consultCall?.pc?.connectionState === "connected";
    await Promise.all([patientPage, s.providerPage].map((p) => p.waitForFunction(warm, undefined, { timeout: 15_000, polling: 20 })));
    const admit = s.providerPage.getByRole("button", { name: `Admit ${patient!.name}` });
    await admit.click();
    const t0 = ((await s.providerPage.evaluate("window.__benchAdmitAt")) as number) - (await clockOffset(s.providerPage));
    const [p, d] = await Promise.all([frameAt(patientPage), frameAt(s.providerPage)]);
    await Promise.all([patientPage.goto("about:blank").catch(() => undefined), s.providerPage.goto("about:blank").catch(() => undefined)]);
    return { patient: p - t0, provider: d - t0 };
  } finally {
    await patientContext.close().catch(() => undefined);
    await s.db.query(`UPDATE "Appointment" SET status = 'CANCELLED', "cancelledAt" = now(), "updatedAt" = now() WHERE id = $1`, [id]);
  }
}

const warmEnabled = Number(process.env.WARM_CONNECTIONS_MAX ?? 0) > 0;

type Samples = {
  patient: number[];
  provider: number[];
  warmPatient: number[];
  warmProvider: number[];
  floorInitiator: number[];
  floorResponder: number[];
  failures: string[];
};

async function alternate(
  browser: Browser,
  s: Setup,
  floorUrl: string,
  runs: number,
  floorConfig: () => RTCConfiguration,
  label: string,
  log: (m: string) => void,
): Promise<Samples> {
  const out: Samples = {
    patient: [],
    provider: [],
    warmPatient: [],
    warmProvider: [],
    floorInitiator: [],
    floorResponder: [],
    failures: [],
  };
  for (let run = 0; run < WARMUP + runs; run++) {
    try {
      const ours = await oursRun(browser, s);
      if (run >= WARMUP) {
        out.patient.push(ours.patient);
        out.provider.push(ours.provider);
      }
      log(`call-setup ${label} run ${run}: ours patient ${Math.round(ours.patient)} ms, provider ${Math.round(ours.provider)} ms`);
    } catch (error) {
      out.failures.push(`ours run ${run}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
      log(`call-setup ${label} run ${run}: ours FAILED: ${String(error)}`);
    }
    // Warm connections are off unless WARM_CONNECTIONS_MAX is set (decision 9): without them there is no warm
    // path to time, and each attempt would only wait out its timeout.
    if (warmEnabled) {
      try {
        const warm = await warmRun(browser, s);
        if (run >= WARMUP) {
          out.warmPatient.push(warm.patient);
          out.warmProvider.push(warm.provider);
        }
        log(`call-setup ${label} run ${run}: warm patient ${Math.round(warm.patient)} ms, provider ${Math.round(warm.provider)} ms`);
      } catch (error) {
        out.failures.push(`warm run ${run}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
        log(`call-setup ${label} run ${run}: warm FAILED: ${String(error)}`);
      }
    }
    try {
      const floor = await floorRun(browser, floorUrl, `${label}-${run}`, floorConfig());
      if (run >= WARMUP) {
        out.floorInitiator.push(floor.initiator);
        out.floorResponder.push(floor.responder);
      }
      log(`call-setup ${label} run ${run}: floor initiator ${Math.round(floor.initiator)} ms, responder ${Math.round(floor.responder)} ms`);
    } catch (error) {
      out.failures.push(`floor run ${run}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
      log(`call-setup ${label} run ${run}: floor FAILED: ${String(error)}`);
    }
    await sleep(200);
  }
  return out;
}

function rows(samples: Samples, label: string, minRuns: number): Row[] {
  if (samples.patient.length < minRuns || samples.floorInitiator.length < minRuns) {
    throw new Error(
      `${label}: only ${samples.patient.length} calls and ${samples.floorInitiator.length} floor calls succeeded (${samples.failures.slice(0, 3).join("; ")})`,
    );
  }
  const floorBoth = samples.floorInitiator.map((v, i) => Math.max(v, samples.floorResponder[i] ?? v));
  const oursBoth = samples.patient.map((v, i) => Math.max(v, samples.provider[i] ?? v));
  const floorName = `bare simple-peer + WebSocket relay, new SimplePeer() → first real frame (initiator / responder medians ${Math.round(median(samples.floorInitiator))} / ${Math.round(median(samples.floorResponder))} ms)`;
  const target = (r: Row): Row => ({
    ...r,
    reference: `${r.reference}; target median ≤ ${TARGET_RATIO}× floor`,
    pass: (r.ratio ?? Infinity) <= TARGET_RATIO,
  });
  const note = `${samples.patient.length} runs alternating with the floor${samples.failures.length ? `, ${samples.failures.length} failed runs` : ""}`;
  const warmTarget = (r: Row): Row => ({
    ...r,
    reference: `${r.reference}; target median ≤ ${WARM_TARGET_MS} ms and ≤ ${WARM_TARGET_RATIO}× floor`,
    pass: (r.median ?? Infinity) <= WARM_TARGET_MS && (r.ratio ?? Infinity) <= WARM_TARGET_RATIO,
  });
  const warmRows =
    samples.warmPatient.length > 0
      ? [
          warmTarget(
            comparisonRow(
              `call setup ${label}, warm: Admit click → first real remote frame, patient page`,
              samples.warmPatient,
              floorBoth,
              "ms",
              floorName,
              { note },
            ),
          ),
          warmTarget(
            comparisonRow(
              `call setup ${label}, warm: Admit click → first real remote frame, provider page`,
              samples.warmProvider,
              floorBoth,
              "ms",
              floorName,
              { note },
            ),
          ),
        ]
      : [];
  return [
    ...warmRows,
    target(
      comparisonRow(
        `call setup ${label}: Admit click → first real remote frame, patient page`,
        samples.patient,
        floorBoth,
        "ms",
        floorName,
        { note },
      ),
    ),
    target(
      comparisonRow(
        `call setup ${label}: Admit click → first real remote frame, provider page`,
        samples.provider,
        floorBoth,
        "ms",
        floorName,
        { note },
      ),
    ),
    infoRow(`call setup ${label}: floor, new SimplePeer() → first real frame, initiator`, samples.floorInitiator, "ms"),
    infoRow(`call setup ${label}: floor, new SimplePeer() → first real frame, responder`, samples.floorResponder, "ms"),
    {
      ...comparisonRow(
        `call setup ${label}: both sides showing real frames (later of the two)`,
        oursBoth,
        floorBoth,
        "ms",
        "floor, later of the two sides",
      ),
      detail: samples,
    },
  ];
}

export async function benchCallSetup(ctx: BenchContext): Promise<Row[]> {
  const browser = await launchChromium();
  const floor = await startFloorServer(ctx.root);
  try {
    return await measure(ctx, browser, floor.url);
  } finally {
    await floor.close();
    await browser.close();
  }
}

async function measure(ctx: BenchContext, browser: Browser, floorUrl: string): Promise<Row[]> {
  const out: Row[] = [];
  let direct: Setup | undefined;
  try {
    direct = await prepare(browser, ctx.baseUrl, ctx.databaseUrl);
    const samples = await alternate(browser, direct, floorUrl, RUNS, () => ({ iceServers: [] }), "direct", ctx.log);
    out.push(...rows(samples, "direct", Math.min(RUNS, 10)));
  } finally {
    await direct?.providerContext.close().catch(() => undefined);
    await direct?.db.end().catch(() => undefined);
  }

  if (process.env.BENCH_CALL_RELAY === "0") {
    out.push({ metric: "call setup relay: skipped (BENCH_CALL_RELAY=0)", median: null, p95: null, unit: "", reference: "", ratio: null });
  } else {
    let turn: Awaited<ReturnType<typeof startTurnServer>> | undefined;
    let stack: TestStack | undefined;
    let relay: Setup | undefined;
    try {
      turn = await startTurnServer(await freePort());
      // The second stack serves the same private build copy as the first (bench/run.ts's snapshot).
      const appDir = ["fresh", "previous"].map((d) => join(ctx.tmpDir, d)).find((d) => existsSync(join(d, ".next/BUILD_ID"))) ?? ctx.root;
      const cwd = process.cwd();
      process.chdir(appDir);
      try {
        stack = await startTestStack({
          TURN_URLS: turn.url,
          TURN_SECRET: turn.secret,
          ICE_TRANSPORT_POLICY: "relay",
          OUTBOX_DIR: join(ctx.tmpDir, "outbox-relay"),
          RATE_LIMIT_SCALE: process.env.RATE_LIMIT_SCALE ?? "100",
        });
      } finally {
        process.chdir(cwd);
      }
      relay = await prepare(browser, stack.baseUrl, stack.databaseUrl);
      const secret = turn.secret;
      const url = turn.url;
      // The floor through the same coturn, with TURN REST credentials as the app issues them.
      const turnConfig = (): RTCConfiguration => {
        const username = `${Math.floor(Date.now() / 1000) + 3600}:bench-floor`;
        const credential = createHmac("sha1", secret).update(username).digest("base64");
        return { iceServers: [{ urls: [url], username, credential }], iceTransportPolicy: "relay" };
      };
      const samples = await alternate(browser, relay, floorUrl, RELAY_RUNS, turnConfig, "relay", ctx.log);
      out.push(...rows(samples, "relay (coturn)", Math.min(RELAY_RUNS, 5)));
    } catch (error) {
      const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
      ctx.log(`call-setup relay: skipped: ${message}`);
      out.push({
        metric: "call setup relay (coturn): skipped",
        median: null,
        p95: null,
        unit: "",
        reference: message.slice(0, 200),
        ratio: null,
      });
    } finally {
      await relay?.providerContext.close().catch(() => undefined);
      await relay?.db.end().catch(() => undefined);
      await stack?.stop().catch(() => undefined);
      await turn?.stop().catch(() => undefined);
    }
  }
  return out;
}
