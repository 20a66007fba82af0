/**
 * Call setup: the provider's Admit click → the first real remote frame on each side, in Debian's Chromium with
 * fake camera and microphone, on loopback. Compared, run by run alternately, with the floor: bare simple-peer
 * in two pages whose signals pass through a plain WebSocket relay, timed from the initiator's
 * `new SimplePeer()` (bench/lib/call-floor.ts).
 *
 * Each configuration (direct; direct with simulated distance; relay through coturn; relay with distance) gets
 * two throwaway stacks of the build being measured: one with WARM_CONNECTIONS_MAX=0 (today's default, the
 * "cold" path) and one with WARM_CONNECTIONS_MAX=5 (docs/decisions/0009). Per run, alternately:
 *
 * - warm, dashboard (the default): the provider's /dashboard live; a new patient and a visit starting in two
 *   minutes (SQL); the patient opens /visits/{id}, passes the device check and checks in (standby); once the
 *   dashboard's warm call for that visit and the patient's peer are connected with nothing on them and the
 *   provider's camera preview plays, the provider clicks "Admit <name>" on the waiting card.
 * - warm, visit page: the same patient steps; the provider opens the visit page; once both peer
 *   connections are up, the provider clicks "Admit <name>" there.
 * - cold (WARM_CONNECTIONS_MAX=0, the path before warming): as the dashboard run, on the cold stack.
 * - floor: two fresh pages holding their camera, `new SimplePeer()` in one.
 * - warm floor: what the physics allow for a warm Admit on this machine, with no app: the same bare pages
 *   set up a warm connection, each camera primed behind the app's own gate worker, and the initiator's
 *   Admit opens its gate, asks for a key frame and says "admit" over the data channel (warmFloorRun).
 *
 * Each warm Admit (ours and the warm floor's) is clicked WARM_WAIT_MS after the warm connection came up, as
 * after a real wait.
 *
 * Ours is timed from the click event in the provider's page (an init script stamps it, and the first frame
 * of the remote video whose requestVideoFrameCallback metadata carries an rtpTimestamp: a real, decoded
 * frame). Page clocks are mapped to Node's by the quickest of several evaluate() round trips. Each side is
 * compared with the same side of the floor (provider ↔ initiator, patient ↔ responder). Warm targets: median
 * ≤ WARM_TARGET_MS on each side and ≤ WARM_TARGET_RATIO× the floor of the same run.
 *
 * Simulated distance: LOCAL_PUSHER_DELAY_MS in the stacks' local Pusher server and the same delay in the
 * floor's relay (BENCH_CALL_DISTANCE_MS, default 100; 0 skips those configurations).
 *
 * Also (direct, no distance): the cost of warm connections, CPU and memory of a separate Chromium holding
 * the provider's page(s) and of one holding the patient's waiting room, for BENCH_WARM_COST_S (60) seconds,
 * against the same pages with warming off; and reconnection, a patient reloading mid-call → real frames
 * again on both sides, warm stack and cold stack alternately, after BENCH_CALL_WARMUP uncounted reloads.
 *
 * BENCH_CALL_PARTS (default "setup,cost,reconnect"), BENCH_CALL_RUNS (10), BENCH_CALL_RELAY_RUNS (10),
 * BENCH_CALL_WARMUP (3), BENCH_CALL_RELAY=0, BENCH_RECONNECT_RUNS (6), BENCH_CALL_DEBUG=1 (per-run
 * breakdown, with each side's video sender: bytes, packets, key frames, pacing delay per packet),
 * BENCH_ADMIT_HOLD_MS (0; an experiment: the provider's /admit request held back this long).
 */
import { createHmac } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { startTurnServer } from "../tests/e2e/support/call";
import { startTestStack, type TestStack } from "../tests/e2e/support/test-stack";
import { VISIT_OPENS_MINUTES_BEFORE } from "../tests/e2e/support/visit-fixtures";
import { chromiumArgs } from "../playwright.config";
import { launchChromium } from "./lib/browser";
import { clockOffset, floorRun, startFloorServer, warmFloorRun, WARM_FLOOR_WAIT_MS, type FloorServer } from "./lib/call-floor";
import { BENCH_PASSWORD, connect, insertAppointments, insertProvider, insertUsers, middayZone, type Person } from "./lib/fixtures";
import { Client } from "./lib/http";
import { cmdline, cpuSeconds, descendants, pids } from "./lib/proc";
import { comparisonRow, infoRow, round, sleep, targetRow } from "./lib/stats";
import type { BenchContext, Row } from "./lib/types";
import { freePort } from "../scripts/free-port.ts";

const RUNS = Number(process.env.BENCH_CALL_RUNS ?? 10);
const RELAY_RUNS = Number(process.env.BENCH_CALL_RELAY_RUNS ?? 10);
/** The first calls after a stack starts are slow (cold routes and chunks in next-server): not counted. */
const WARMUP = Number(process.env.BENCH_CALL_WARMUP ?? 3);
const DISTANCE_MS = Number(process.env.BENCH_CALL_DISTANCE_MS ?? 100);
const PARTS = new Set((process.env.BENCH_CALL_PARTS ?? "setup,cost,reconnect").split(",").map((p) => p.trim()));
const COST_S = Number(process.env.BENCH_WARM_COST_S ?? 60);
const RECONNECT_RUNS = Number(process.env.BENCH_RECONNECT_RUNS ?? 6);
const TARGET_RATIO = 1.3;
const WARM_TARGET_RATIO = 0.4;
const WARM_TARGET_MS = 100;
const WARM_MAX = "5";
const RECONNECT_TARGET_MS = 1500;
const ADMIT_HOLD_MS = Number(process.env.BENCH_ADMIT_HOLD_MS ?? 0);
/**
 * A warm connection is clicked on this long after it came up, as the warm floor's is (WARM_FLOOR_WAIT_MS): a
 * patient who has waited a while. Clicked at once, each side's gate still had the encoder's first key frame
 * of a moment before, which a real wait never leaves it.
 */
const WARM_WAIT_MS = WARM_FLOOR_WAIT_MS;

/**
 * Stamps window.__benchFrameAt (epoch ms, page clock) at the first real frame of any remote video, and
 * window.__benchAdmitAt at the Admit click. window.__benchRearm() forgets the frame and waits for a real
 * frame of a different stream than the one shown now (reconnection: the new peer's).
 */
const FRAME_WATCH = `(() => {
  window.__benchFrameAt = null;
  // BENCH_CALL_DEBUG: what kept the page's main thread busy (a first frame is shown only when it is free).
  window.__benchLoaf = [];
  try {
    new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__benchLoaf.push({
      start: e.startTime, duration: e.duration, script: (e.scripts || []).map((x) => x.invoker + " " + Math.round(x.duration)).join(", "),
    }))).observe({ type: "long-animation-frame", buffered: true });
  } catch {}
  let seen = new WeakSet();
  let exclude = null;
  const watch = (video) => {
    if (seen.has(video)) return;
    seen.add(video);
    const mine = seen;
    const wait = () => video.requestVideoFrameCallback((now, meta) => {
      if (mine !== seen) return;
      if (meta.rtpTimestamp === undefined || (exclude !== null && video.srcObject && video.srcObject.id === exclude)) return wait();
      if (window.__benchFrameAt === null) {
        window.__benchFrameAt = performance.timeOrigin + now;
        // BENCH_CALL_DEBUG: when that frame came off the network and reached the compositor, as against the callback.
        window.__benchFrameMeta = { received: meta.receiveTime, presented: meta.presentationTime, callback: now };
      }
    });
    wait();
  };
  // Admit's first picture on the dashboard (admit-stage.tsx) is the patient on the provider's screen too.
  const scan = () => document.querySelectorAll('[data-testid="remote-video"], [data-testid="admit-stage-video"]').forEach(watch);
  new MutationObserver(scan).observe(document, { childList: true, subtree: true });
  window.__benchRearm = () => {
    const video = document.querySelector('[data-testid="remote-video"]');
    exclude = video && video.srcObject ? video.srcObject.id : null;
    window.__benchFrameAt = null;
    seen = new WeakSet();
    scan();
    return exclude;
  };
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

/** BENCH_CALL_DEBUG=1: the first frame's receive and presentation times, ms after the Admit click. */
async function frameMeta(page: Page, t0: number): Promise<string> {
  const m = (await page.evaluate("({ origin: performance.timeOrigin, m: window.__benchFrameMeta ?? null })")) as {
    origin: number;
    m: Record<string, number | undefined> | null;
  };
  if (!m.m) return "no meta";
  const offset = await clockOffset(page);
  const at = (v: number | undefined) => (v === undefined ? "–" : (m.origin + v - offset - t0).toFixed(0));
  return `received ${at(m.m.received)}, presented ${at(m.m.presented)}`;
}

/** BENCH_CALL_DEBUG=1: where a run's time went, ms after the Admit click, from the call's own test hook. */
async function breakdown(page: Page, side: string, t0: number): Promise<string> {
  const epoch = (await page.evaluate(
    "({ origin: performance.timeOrigin, t: window.__consultCall?.timings ?? null, nav: performance.getEntriesByType('navigation')[0]?.toJSON() ?? null, api: performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/')).map((e) => [new URL(e.name).pathname.split('/').slice(-2).join('/'), e.startTime, e.responseEnd]) })",
  )) as {
    origin: number;
    t: (Record<string, number | null> & { gate?: { by: string; afterMs: number } | null }) | null;
    nav: Record<string, number> | null;
    api: [string, number, number][];
  };
  if (!epoch.t) return `${side}: no call`;
  const offset = await clockOffset(page);
  const at = (v: number | null | undefined) => (v == null ? "–" : (epoch.origin + v - offset - t0).toFixed(0));
  const nav = epoch.nav
    ? `page: request ${at(epoch.nav.requestStart)}, first byte ${at(epoch.nav.responseStart)}, html ${at(epoch.nav.responseEnd)}, DOM ready ${at(epoch.nav.domContentLoadedEventEnd)}, load ${at(epoch.nav.loadEventEnd)}; requests ${epoch.api
        .filter(([, start]) => epoch.origin + start - offset - t0 > 0)
        .map(([name, start, end]) => `${name} ${at(start)}–${at(end)}`)
        .join(", ")}; `
    : "";
  return `${side}: ${nav}mounted ${at(epoch.t.mountedAt)}, media ${at(epoch.t.mediaReadyAt)}, ice ${at(epoch.t.iceConfigAt)}, peer ${at(epoch.t.firstPeerAt)}, connected ${at(epoch.t.firstConnectedAt)}, warm admit ${at(epoch.t.warmAdmitAt)}, other's video in ${at(epoch.t.videoArrivedAt)}, ${epoch.t.gate ? `video through the gate by ${epoch.t.gate.by} ${epoch.t.gate.afterMs.toFixed(0)} ms after it opened` : "no gate"}, descriptions ${String(epoch.t.descriptions)}`;
}

/** Each side's video sender after the first frames: was the key frame large, or held in the pacer? */
async function senderStats(page: Page): Promise<string> {
  return (await page.evaluate(`(async () => {
    const report = await window.__consultCall?.stats();
    if (!report) return "none";
    const out = [];
    report.forEach((s) => {
      if (s.type === "outbound-rtp" && s.kind === "video")
        out.push("sent " + s.bytesSent + " B in " + s.packetsSent + " packets, " + s.keyFramesEncoded + " key frames, pacing " +
          (1000 * s.totalPacketSendDelay / Math.max(1, s.packetsSent)).toFixed(0) + " ms/packet, " + s.frameWidth + "x" + s.frameHeight);
      if (s.type === "candidate-pair" && s.nominated) out.push("available " + Math.round(s.availableOutgoingBitrate / 1000) + " kbps");
    });
    return out.join(", ");
  })()`)) as string;
}

/** BENCH_CALL_DEBUG=1: the page's long animation frames (≥ 50 ms) from just before the click to 600 ms after it. */
async function busy(page: Page, t0: number): Promise<string> {
  const r = (await page.evaluate("({ origin: performance.timeOrigin, loaf: window.__benchLoaf ?? [] })")) as {
    origin: number;
    loaf: { start: number; duration: number; script: string }[];
  };
  const offset = await clockOffset(page);
  const at = (v: number) => Math.round(r.origin + v - offset - t0);
  const shown = r.loaf.filter((e) => at(e.start) > -100 && at(e.start) < 600);
  return shown.length === 0 ? "none" : shown.map((e) => `${at(e.start)}+${Math.round(e.duration)} [${e.script}]`).join(", ");
}

async function frameAt(page: Page, timeout = 20_000): Promise<number> {
  // A function, not a string: the app's CSP forbids eval, which a string predicate needs.
  await page.waitForFunction(() => (window as unknown as { __benchFrameAt?: number | null }).__benchFrameAt != null, undefined, {
    timeout,
    polling: 20,
  });
  const at = (await page.evaluate("window.__benchFrameAt")) as number;
  return at - (await clockOffset(page));
}

type Waiting = { id: string; patient: Person; patientContext: BrowserContext; patientPage: Page; done(): Promise<void> };

/** A new patient with a visit in two minutes, checked in from their room (standby); `patientBrowser` hosts their page. */
async function waitingPatient(patientBrowser: Browser, s: Setup, prefix: string, slot = 0): Promise<Waiting> {
  const [patient] = await insertUsers(s.db, "PATIENT", 1, { prefix });
  // Several at once (slot 1, 2, ...) go back to back, three minutes each from a minute from now (a provider's
  // visits may not overlap), all within the room's opening window (the server's VISIT_OPENS_MINUTES_BEFORE).
  const minutesAhead = slot === 0 ? 2 : 1 + 3 * (slot - 1);
  if (minutesAhead >= VISIT_OPENS_MINUTES_BEFORE) throw new Error(`slot ${slot} starts after the visit room's opening window`);
  const start = new Date(Date.now() + minutesAhead * 60_000);
  const end = new Date(start.getTime() + (slot === 0 ? 30 : 3) * 60_000);
  const [id] = await insertAppointments(s.db, [{ patientId: patient!.id, providerId: s.provider.id, start, end }]);
  const patientClient = await new Client(s.baseUrl).signIn(patient!.email, BENCH_PASSWORD);
  const patientContext = await patientBrowser.newContext({ baseURL: s.baseUrl });
  const done = async () => {
    await patientContext.close().catch(() => undefined);
    await s.db.query(`UPDATE "Appointment" SET status = 'CANCELLED', "cancelledAt" = now(), "updatedAt" = now() WHERE id = $1`, [id]);
  };
  try {
    await patientContext.addCookies(patientClient.browserCookies());
    await patientContext.addInitScript(FRAME_WATCH);
    const patientPage = await patientContext.newPage();
    // Several patients' pages in one browser (the cost of five warm connections) each run a camera: slower.
    const timeout = slot === 0 ? 15_000 : 60_000;
    await patientPage.goto(`/visits/${id}`);
    await patientPage.getByRole("button", { name: "Continue" }).click({ timeout });
    await patientPage.getByRole("button", { name: "Check in" }).click({ timeout });
    await patientPage.locator('[data-call-status="standby"]').waitFor({ timeout });
    return { id: id!, patient: patient!, patientContext, patientPage, done };
  } catch (error) {
    await done();
    throw error;
  }
}

const warmConnected = () =>
  (window as unknown as { __consultCall?: { pc: RTCPeerConnection | null } }).__consultCall?.pc?.connectionState === "connected";

async function admitAndTime(s: Setup, w: Waiting, admit: ReturnType<Page["locator"]>): Promise<{ patient: number; provider: number }> {
  // An experiment (decision 9): the provider's /admit request held back, so that neither page has the server's word meanwhile.
  if (ADMIT_HOLD_MS > 0)
    await s.providerPage.route("**/api/visits/*/admit", async (route) => {
      await sleep(ADMIT_HOLD_MS);
      await route.continue().catch(() => undefined);
    });
  await admit.click();
  const t0 = ((await s.providerPage.evaluate("window.__benchAdmitAt")) as number) - (await clockOffset(s.providerPage));
  const [p, d] = await Promise.all([frameAt(w.patientPage), frameAt(s.providerPage)]);
  if (process.env.BENCH_CALL_DEBUG === "1")
    console.error(
      `[call] video sender: provider ${await senderStats(s.providerPage)}; patient ${await senderStats(w.patientPage)}; ${await breakdown(s.providerPage, "provider", t0)}; ${await breakdown(w.patientPage, "patient", t0)}; frames patient ${(p - t0).toFixed(0)} (${await frameMeta(w.patientPage, t0)}) provider ${(d - t0).toFixed(0)} (${await frameMeta(s.providerPage, t0)})`,
    );
  if (process.env.BENCH_CALL_DEBUG === "1")
    console.error(
      `[call] long frames (ms after the click + duration): provider ${await busy(s.providerPage, t0)}; patient ${await busy(w.patientPage, t0)}`,
    );
  if (ADMIT_HOLD_MS > 0) await s.providerPage.unrouteAll({ behavior: "ignoreErrors" });
  return { patient: p - t0, provider: d - t0 };
}

async function leave(s: Setup, w: Waiting): Promise<void> {
  // Leaving the pages destroys the peers (and any TURN allocation).
  await Promise.all([w.patientPage.goto("about:blank").catch(() => undefined), s.providerPage.goto("about:blank").catch(() => undefined)]);
}

/** The dashboard's warm call for this visit is up (docs/decisions/0009): its connection, not the page's. */
const dashboardWarmConnected = (id: string) =>
  (window as unknown as { __consultCalls?: Record<string, { pc: RTCPeerConnection | null }> }).__consultCalls?.[id]?.pc?.connectionState ===
  "connected";

/** One call through the dashboard: Admit on the waiting card (`warm`: once its warm connection is up). */
async function dashboardRun(browser: Browser, s: Setup, warm = false): Promise<{ patient: number; provider: number }> {
  const dash = await s.providerPage.goto("/dashboard");
  if (dash?.status() !== 200) throw new Error(`/dashboard answered ${dash?.status()} for the provider`);
  await s.providerPage.locator('[data-live="on"]').first().waitFor({ timeout: 15_000 });
  const w = await waitingPatient(browser, s, "call");
  try {
    const admit = s.providerPage.locator(`[data-waiting-card="${w.id}"]`).getByRole("button", { name: `Admit ${w.patient.name}` });
    await admit.waitFor({ timeout: 15_000 });
    for (let i = 0; !(await admit.isEnabled()); i++) {
      if (i > 300) throw new Error("the Admit button stayed disabled");
      await sleep(20);
    }
    // Both sides ready as after any real wait, the state the floor's pages are in when its timer starts:
    // the patient's room in standby (camera, ICE, peer) and the provider's own camera preview playing.
    await s.providerPage.waitForFunction(
      () => (document.querySelector<HTMLVideoElement>('video[aria-label^="Your camera"]')?.readyState ?? 0) >= 2,
      undefined,
      { timeout: 15_000, polling: 20 },
    );
    if (warm) {
      await Promise.all([
        s.providerPage.waitForFunction(dashboardWarmConnected, w.id, { timeout: 15_000, polling: 20 }),
        w.patientPage.waitForFunction(warmConnected, undefined, { timeout: 15_000, polling: 20 }),
      ]);
      await sleep(WARM_WAIT_MS);
    }
    const out = await admitAndTime(s, w, admit);
    await leave(s, w);
    return out;
  } finally {
    await w.done();
  }
}

/** The provider on the visit page of a waiting patient, both connections up and silent (warm). */
async function warmVisit(browser: Browser, s: Setup, patientBrowser: Browser = browser): Promise<Waiting> {
  const w = await waitingPatient(patientBrowser, s, "warm");
  try {
    await s.providerPage.goto(`/visits/${w.id}`);
    await Promise.all(
      [w.patientPage, s.providerPage].map((p) => p.waitForFunction(warmConnected, undefined, { timeout: 15_000, polling: 20 })),
    );
    await sleep(WARM_WAIT_MS);
    return w;
  } catch (error) {
    await w.done();
    throw error;
  }
}

/** One warm call: Admit on the visit page over the warm connection. */
async function warmRun(browser: Browser, s: Setup): Promise<{ patient: number; provider: number }> {
  const w = await warmVisit(browser, s);
  try {
    const out = await admitAndTime(s, w, s.providerPage.getByRole("button", { name: `Admit ${w.patient.name}` }));
    await leave(s, w);
    return out;
  } finally {
    await w.done();
  }
}

/** ms from the patient's reload (Node clock) to real frames of the new connection on each side. */
async function reconnectRun(browser: Browser, s: Setup, warm: boolean): Promise<{ patient: number; provider: number }> {
  let w: Waiting;
  if (warm) {
    w = await warmVisit(browser, s);
    await s.providerPage.getByRole("button", { name: `Admit ${w.patient.name}` }).click();
  } else {
    await s.providerPage.goto("/dashboard");
    await s.providerPage.locator('[data-live="on"]').first().waitFor({ timeout: 15_000 });
    w = await waitingPatient(browser, s, "reload");
    await s.providerPage
      .locator(`[data-waiting-card="${w.id}"]`)
      .getByRole("button", { name: `Admit ${w.patient.name}` })
      .click();
  }
  try {
    await Promise.all([frameAt(w.patientPage), frameAt(s.providerPage)]);
    await sleep(1000); // a call under way, not one just set up
    const excluded = await s.providerPage.evaluate("window.__benchRearm()");
    if (!excluded) throw new Error("the provider's remote video has no stream to tell the new one from");
    const t0 = performance.timeOrigin + performance.now();
    await w.patientPage.reload();
    const [p, d] = await Promise.all([frameAt(w.patientPage, 30_000), frameAt(s.providerPage, 30_000)]);
    if (process.env.BENCH_CALL_DEBUG === "1")
      console.error(
        `[reconnect ${warm ? "warm" : "cold"}] patient ${(p - t0).toFixed(0)} provider ${(d - t0).toFixed(0)}; ${await breakdown(w.patientPage, "patient", t0)}; ${await breakdown(s.providerPage, "provider", t0)}`,
      );
    await leave(s, w);
    return { patient: p - t0, provider: d - t0 };
  } finally {
    await w.done();
  }
}

type Pair = { patient: number[]; provider: number[] };
type Sides = { initiator: number[]; responder: number[] };
type Samples = { cold: Pair; warm: Pair; dashboardWarm: Pair; floor: Sides; warmFloor: Sides; failures: string[] };

async function attempt(
  what: string,
  run: number,
  out: Samples,
  label: string,
  log: (m: string) => void,
  fn: () => Promise<Record<string, number>>,
  keep: (r: Record<string, number>) => void,
) {
  try {
    const r = await fn();
    if (run >= WARMUP) keep(r);
    log(
      `call-setup ${label} run ${run}: ${what} ${Object.entries(r)
        .map(([k, v]) => `${k} ${Math.round(v)} ms`)
        .join(", ")}`,
    );
  } catch (error) {
    out.failures.push(`${what} run ${run}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    log(`call-setup ${label} run ${run}: ${what} FAILED: ${String(error).split("\n")[0]}`);
  }
}

async function alternate(
  browser: Browser,
  cold: Setup,
  warm: Setup,
  floorUrl: string,
  runs: number,
  floorConfig: () => RTCConfiguration,
  label: string,
  log: (m: string) => void,
): Promise<Samples> {
  const pair = (): Pair => ({ patient: [], provider: [] });
  const sides = (): Sides => ({ initiator: [], responder: [] });
  const out: Samples = { cold: pair(), warm: pair(), dashboardWarm: pair(), floor: sides(), warmFloor: sides(), failures: [] };
  const pushSides = (to: Sides) => (r: Record<string, number>) => {
    to.initiator.push(r.initiator!);
    to.responder.push(r.responder!);
  };
  const push = (p: Pair) => (r: Record<string, number>) => {
    p.patient.push(r.patient!);
    p.provider.push(r.provider!);
  };
  for (let run = 0; run < WARMUP + runs; run++) {
    await attempt("warm", run, out, label, log, () => warmRun(browser, warm), push(out.warm));
    await attempt("cold", run, out, label, log, () => dashboardRun(browser, cold), push(out.cold));
    await attempt("dashboard-warm", run, out, label, log, () => dashboardRun(browser, warm, true), push(out.dashboardWarm));
    await attempt(
      "floor",
      run,
      out,
      label,
      log,
      () => floorRun(browser, floorUrl, `${label.replace(/\W+/g, "-")}-${run}`, floorConfig()),
      pushSides(out.floor),
    );
    await attempt(
      "warm floor",
      run,
      out,
      label,
      log,
      () => warmFloorRun(browser, floorUrl, `warm-${label.replace(/\W+/g, "-")}-${run}`, floorConfig()),
      pushSides(out.warmFloor),
    );
    await sleep(200);
  }
  return out;
}

function rows(samples: Samples, label: string, minRuns: number): Row[] {
  const { cold, warm, floor } = samples;
  if (warm.patient.length < minRuns || floor.initiator.length < minRuns) {
    throw new Error(
      `${label}: only ${warm.patient.length} warm calls, ${cold.patient.length} cold calls and ${floor.initiator.length} floor calls succeeded (${samples.failures.slice(0, 3).join("; ")})`,
    );
  }
  const floorName = (side: "initiator" | "responder") =>
    `bare simple-peer + WebSocket relay, new SimplePeer() → first real frame, ${side === "initiator" ? "initiator (provider's side)" : "responder (patient's side)"}`;
  const note = (n: number) =>
    `${n} runs alternating with the floor${samples.failures.length ? `, ${samples.failures.length} failed attempts (any path)` : ""}`;
  const warmTarget = (r: Row): Row => ({
    ...r,
    reference: `${r.reference}; target median ≤ ${WARM_TARGET_MS} ms and ≤ ${WARM_TARGET_RATIO}× floor`,
    pass: (r.median ?? Infinity) <= WARM_TARGET_MS && (r.ratio ?? Infinity) <= WARM_TARGET_RATIO,
  });
  const coldTarget = (r: Row): Row => ({
    ...r,
    reference: `${r.reference}; target median ≤ ${TARGET_RATIO}× floor`,
    pass: (r.ratio ?? Infinity) <= TARGET_RATIO,
  });
  const side = (name: string, p: Pair, t: (r: Row) => Row) =>
    p.patient.length === 0
      ? []
      : [
          t(
            comparisonRow(
              `call setup ${label}, ${name}: Admit click → first real remote frame, patient page`,
              p.patient,
              floor.responder,
              "ms",
              floorName("responder"),
              { note: note(p.patient.length) },
            ),
          ),
          t(
            comparisonRow(
              `call setup ${label}, ${name}: Admit click → first real remote frame, provider page`,
              p.provider,
              floor.initiator,
              "ms",
              floorName("initiator"),
              { note: note(p.provider.length) },
            ),
          ),
        ];
  const later = (p: Pair) => p.patient.map((v, i) => Math.max(v, p.provider[i] ?? v));
  const floorBoth = floor.initiator.map((v, i) => Math.max(v, floor.responder[i] ?? v));
  return [
    ...side(`warm, dashboard (WARM_CONNECTIONS_MAX=${WARM_MAX}, the default)`, samples.dashboardWarm, warmTarget),
    ...side(`warm, visit page (WARM_CONNECTIONS_MAX=${WARM_MAX})`, warm, warmTarget),
    ...side("cold (WARM_CONNECTIONS_MAX=0: the path before warming), dashboard", cold, coldTarget),
    infoRow(`call setup ${label}: floor, new SimplePeer() → first real frame, initiator`, floor.initiator, "ms"),
    infoRow(`call setup ${label}: floor, new SimplePeer() → first real frame, responder`, floor.responder, "ms"),
    // What the physics allow here: Admit over a warm connection with no app at all (bench/lib/call-floor.ts).
    ...(["initiator", "responder"] as const).flatMap((sideName) =>
      samples.warmFloor[sideName].length === 0
        ? []
        : [
            comparisonRow(
              `call setup ${label}: warm floor (bare pages, a warm connection primed behind the app's gate, no app), Admit → first real frame, ${sideName === "initiator" ? "initiator (provider's side)" : "responder (patient's side)"}`,
              samples.warmFloor[sideName],
              floor[sideName],
              "ms",
              floorName(sideName),
            ),
          ],
    ),
    {
      ...comparisonRow(
        `call setup ${label}, warm dashboard: both sides showing real frames (later of the two)`,
        later(samples.dashboardWarm),
        floorBoth,
        "ms",
        "floor, later of the two sides",
      ),
      detail: samples,
    },
  ];
}

// ---- Stacks

type Pairs = { cold: Setup; warm: Setup; stop(): Promise<void> };

/** Two stacks of the measured build (warming off and on), with `env` (TURN, distance), a provider signed in on each. */
async function startPairs(ctx: BenchContext, browser: Browser, env: Record<string, string>, name: string): Promise<Pairs> {
  // The stacks serve the same private build copy as the run's own (bench/run.ts's snapshot).
  const appDir = ["fresh", "previous"].map((d) => join(ctx.tmpDir, d)).find((d) => existsSync(join(d, ".next/BUILD_ID"))) ?? ctx.root;
  const started: TestStack[] = [];
  const setups: Setup[] = [];
  const stop = async () => {
    for (const s of setups) {
      await s.providerContext.close().catch(() => undefined);
      await s.db.end().catch(() => undefined);
    }
    await Promise.all(started.map((s) => s.stop().catch(() => undefined)));
  };
  try {
    for (const warm of ["0", WARM_MAX]) {
      const cwd = process.cwd();
      process.chdir(appDir);
      try {
        started.push(
          await startTestStack({
            OUTBOX_DIR: join(ctx.tmpDir, `outbox-${name}-${warm}`),
            RATE_LIMIT_SCALE: process.env.RATE_LIMIT_SCALE ?? "100",
            LOCAL_PUSHER_DELAY_MS: "0",
            ...env,
            WARM_CONNECTIONS_MAX: warm,
          }),
        );
      } finally {
        process.chdir(cwd);
      }
      const stack = started.at(-1)!;
      setups.push(await prepare(browser, stack.baseUrl, stack.databaseUrl));
    }
    return { cold: setups[0]!, warm: setups[1]!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

// ---- Cost: CPU and memory of a browser holding warm connections

/** Debian's Chromium, tagged so that its processes can be found in /proc (the tag is an unknown switch it ignores). */
async function taggedChromium(tag: string): Promise<{ browser: Browser; processes(): number[] }> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  const browser = await chromium.launch({ executablePath, args: [...chromiumArgs, `--bench-cost=${tag}`] });
  const root = pids().find((pid) => cmdline(pid).includes(`--bench-cost=${tag}`) && !cmdline(pid).includes("--type="));
  if (root === undefined) {
    await browser.close();
    throw new Error(`the Chromium tagged ${tag} was not found in /proc`);
  }
  return { browser, processes: () => [root, ...descendants(root)] };
}

/** Proportional set size (shared pages divided among the processes sharing them), MB. */
function pssMb(pid: number): number {
  try {
    return Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

type Usage = { cpuPercent: number; pssMb: number; rendererCpuPercent: number; rendererPssMb: number };

/** CPU (% of one core over the window, all of the browser's processes and its renderers alone) and PSS at the end. */
async function usageOver(processes: () => number[], seconds: number): Promise<Usage> {
  const cpu = () => new Map(processes().map((pid) => [pid, cpuSeconds(pid) ?? 0]));
  const before = cpu();
  await sleep(seconds * 1000);
  const after = cpu();
  const list = processes();
  const renderer = (pid: number) => cmdline(pid).includes("--type=renderer");
  const used = (pids: number[]) => pids.reduce((n, pid) => n + ((after.get(pid) ?? 0) - (before.get(pid) ?? 0)), 0);
  return {
    cpuPercent: round((100 * used(list)) / seconds, 1),
    pssMb: round(
      list.reduce((n, pid) => n + pssMb(pid), 0),
      0,
    ),
    rendererCpuPercent: round((100 * used(list.filter(renderer))) / seconds, 1),
    rendererPssMb: round(
      list.filter(renderer).reduce((n, pid) => n + pssMb(pid), 0),
      0,
    ),
  };
}

/**
 * The provider's browser with `count` visit pages open, each with a patient waiting (their own browser), on
 * the warm or the cold stack; measured for COST_S seconds once every warm connection is up. With count 1 the
 * patient's browser is measured over the same window.
 */
async function costCase(s: Setup, count: number, warm: boolean, onDashboard: boolean): Promise<{ provider: Usage; patient: Usage | null }> {
  const provider = await taggedChromium(`provider-${count}-${warm ? "warm" : "cold"}`);
  const patients = await taggedChromium(`patients-${count}-${warm ? "warm" : "cold"}`);
  const waiting: Waiting[] = [];
  try {
    const context = await provider.browser.newContext({ baseURL: s.baseUrl });
    await context.addCookies(await s.providerContext.cookies());
    const dashboard = onDashboard ? await context.newPage() : null;
    await dashboard?.goto("/dashboard");
    for (let i = 0; i < count; i++) {
      const w = await waitingPatient(patients.browser, s, "cost", count > 1 ? i + 1 : 0);
      waiting.push(w);
      if (dashboard) {
        await dashboard.locator(`[data-waiting-card="${w.id}"]`).waitFor({ timeout: 30_000 });
        if (warm)
          await Promise.all([
            dashboard.waitForFunction(dashboardWarmConnected, w.id, { timeout: 30_000, polling: 50 }),
            w.patientPage.waitForFunction(warmConnected, undefined, { timeout: 30_000, polling: 50 }),
          ]);
        continue;
      }
      const page = await context.newPage();
      await page.goto(`/visits/${w.id}`);
      await page.getByRole("button", { name: `Admit ${w.patient.name}` }).waitFor({ timeout: 15_000 });
      if (warm)
        await Promise.all([w.patientPage, page].map((p) => p.waitForFunction(warmConnected, undefined, { timeout: 15_000, polling: 50 })));
    }
    await sleep(2000); // settled
    const [providerUsage, patientUsage] = await Promise.all([
      usageOver(provider.processes, COST_S),
      count === 1 ? usageOver(patients.processes, COST_S) : Promise.resolve(null),
    ]);
    if (warm) {
      // Still warm at the end: nothing broke during the window.
      for (const w of waiting)
        if (!(await w.patientPage.evaluate(warmConnected))) throw new Error("a warm connection dropped during the cost window");
    }
    return { provider: providerUsage, patient: patientUsage };
  } finally {
    for (const w of waiting) await w.done();
    await provider.browser.close().catch(() => undefined);
    await patients.browser.close().catch(() => undefined);
  }
}

async function costRows(pairs: Pairs, log: (m: string) => void): Promise<Row[]> {
  const out: Row[] = [];
  const row = (metric: string, value: number, unit: string, note: string): Row => ({
    metric,
    median: value,
    p95: null,
    unit,
    reference: "",
    ratio: null,
    samples: 1,
    note,
  });
  const cases: { name: string; setup: Setup; count: number; warm: boolean; onDashboard: boolean }[] = [
    {
      name: "no warm connection (WARM_CONNECTIONS_MAX=0), dashboard, 1 waiting",
      setup: pairs.cold,
      count: 1,
      warm: false,
      onDashboard: true,
    },
    { name: "1 warm connection, dashboard, 1 waiting", setup: pairs.warm, count: 1, warm: true, onDashboard: true },
    {
      name: "no warm connection (WARM_CONNECTIONS_MAX=0), dashboard, 5 waiting",
      setup: pairs.cold,
      count: 5,
      warm: false,
      onDashboard: true,
    },
    { name: "5 warm connections, dashboard, 5 waiting", setup: pairs.warm, count: 5, warm: true, onDashboard: true },
  ];
  for (const c of cases) {
    log(`call-setup cost: ${c.name}, ${COST_S} s`);
    let measured: Awaited<ReturnType<typeof costCase>>;
    try {
      measured = await costCase(c.setup, c.count, c.warm, c.onDashboard);
    } catch (error) {
      log(`call-setup cost: ${c.name}: FAILED ${String(error).split("\n")[0]}`);
      out.push({
        metric: `warm cost, ${c.name}: failed`,
        median: null,
        p95: null,
        unit: "",
        reference: String(error).slice(0, 200),
        ratio: null,
        pass: false,
      });
      continue;
    }
    const { provider, patient } = measured;
    log(`call-setup cost: ${c.name}: provider ${JSON.stringify(provider)}; patient ${JSON.stringify(patient)}`);
    const how = `${COST_S} s window; whole Chromium (browser, GPU, network, renderers) from /proc: CPU utime+stime as % of one core, PSS at the end`;
    out.push(
      row(
        `warm cost, provider's browser, ${c.name}: CPU`,
        provider.cpuPercent,
        "% of a core",
        `${how}; its renderers alone ${provider.rendererCpuPercent} %`,
      ),
      row(
        `warm cost, provider's browser, ${c.name}: memory (PSS)`,
        provider.pssMb,
        "MB",
        `${how}; its renderers alone ${provider.rendererPssMb} MB`,
      ),
    );
    if (patient)
      out.push(
        row(
          `warm cost, patient's browser (waiting room, camera on), ${c.warm ? "warm" : "not warm"}: CPU`,
          patient.cpuPercent,
          "% of a core",
          `${how}; its renderers alone ${patient.rendererCpuPercent} %`,
        ),
        row(
          `warm cost, patient's browser (waiting room, camera on), ${c.warm ? "warm" : "not warm"}: memory (PSS)`,
          patient.pssMb,
          "MB",
          `${how}; its renderers alone ${patient.rendererPssMb} MB`,
        ),
      );
  }
  return out;
}

async function reconnectRows(browser: Browser, pairs: Pairs, log: (m: string) => void): Promise<Row[]> {
  const warm: Pair = { patient: [], provider: [] };
  const cold: Pair = { patient: [], provider: [] };
  const failures: string[] = [];
  // Warm-up runs first, as for set-up: a reload in use follows the page's own first load, so the server has
  // rendered that route and the browser holds its scripts; a standalone run of this part has not, yet.
  for (let run = 0; run < WARMUP + RECONNECT_RUNS; run++) {
    for (const [name, setup, into] of [
      ["warm", pairs.warm, warm],
      ["cold", pairs.cold, cold],
    ] as const) {
      try {
        const r = await reconnectRun(browser, setup, name === "warm");
        const counted = run >= WARMUP;
        if (counted) {
          into.patient.push(r.patient);
          into.provider.push(r.provider);
        }
        const mark = counted ? "" : " (warm-up, not counted)";
        log(`call-setup reconnect ${name} run ${run}: patient ${Math.round(r.patient)} ms, provider ${Math.round(r.provider)} ms${mark}`);
      } catch (error) {
        failures.push(`${name} run ${run}: ${String(error).split("\n")[0]}`);
        log(`call-setup reconnect ${name} run ${run}: FAILED ${String(error).split("\n")[0]}`);
      }
    }
  }
  const later = (p: Pair) => p.patient.map((v, i) => Math.max(v, p.provider[i] ?? v));
  const note = (p: Pair) =>
    `${p.patient.length} runs${failures.length ? `, ${failures.length} failed (${failures.slice(0, 2).join("; ")})` : ""}`;
  const out: Row[] = [];
  for (const [name, p] of [
    [`warm stack (WARM_CONNECTIONS_MAX=${WARM_MAX})`, warm],
    ["cold stack (WARM_CONNECTIONS_MAX=0)", cold],
  ] as const) {
    if (p.patient.length === 0) continue;
    out.push(
      targetRow(
        `reconnection, ${name}: patient reloads mid-call → real frames of the new connection on both sides (later of the two)`,
        later(p),
        "ms",
        RECONNECT_TARGET_MS,
        { note: note(p) },
      ),
      infoRow(`reconnection, ${name}: patient's page`, p.patient, "ms"),
      infoRow(`reconnection, ${name}: provider's page`, p.provider, "ms"),
    );
  }
  return out;
}

export async function benchCallSetup(ctx: BenchContext): Promise<Row[]> {
  const browser = await launchChromium();
  const floor = await startFloorServer(ctx.root);
  try {
    return await measure(ctx, browser, floor);
  } finally {
    await floor.close();
    await browser.close();
  }
}

async function measure(ctx: BenchContext, browser: Browser, floor: FloorServer): Promise<Row[]> {
  const out: Row[] = [];
  let turn: Awaited<ReturnType<typeof startTurnServer>> | undefined;
  const configs: { label: string; delay: number; relay: boolean }[] = [
    { label: "direct", delay: 0, relay: false },
    ...(DISTANCE_MS > 0 ? [{ label: `direct +${DISTANCE_MS} ms distance`, delay: DISTANCE_MS, relay: false }] : []),
    ...(process.env.BENCH_CALL_RELAY === "0"
      ? []
      : [
          { label: "relay (coturn)", delay: 0, relay: true },
          ...(DISTANCE_MS > 0 ? [{ label: `relay (coturn) +${DISTANCE_MS} ms distance`, delay: DISTANCE_MS, relay: true }] : []),
        ]),
  ];
  try {
    for (const config of configs) {
      const first = config === configs[0];
      if (!PARTS.has("setup") && !first) continue;
      let pairs: Pairs | undefined;
      try {
        let env: Record<string, string> = { LOCAL_PUSHER_DELAY_MS: String(config.delay) };
        let floorConfig = (): RTCConfiguration => ({ iceServers: [] });
        if (config.relay) {
          turn ??= await startTurnServer(await freePort());
          const { secret, url } = turn;
          env = { ...env, TURN_URLS: url, TURN_SECRET: secret, ICE_TRANSPORT_POLICY: "relay" };
          // The floor through the same coturn, with TURN REST credentials as the app issues them.
          floorConfig = () => {
            const username = `${Math.floor(Date.now() / 1000) + 3600}:bench-floor`;
            const credential = createHmac("sha1", secret).update(username).digest("base64");
            return { iceServers: [{ urls: [url], username, credential }], iceTransportPolicy: "relay" };
          };
        }
        ctx.log(`call-setup ${config.label}: starting two stacks (WARM_CONNECTIONS_MAX 0 and ${WARM_MAX})`);
        pairs = await startPairs(ctx, browser, env, config.label.replace(/\W+/g, "-"));
        floor.setDelay(config.delay);
        if (PARTS.has("setup")) {
          const runs = config.relay ? RELAY_RUNS : RUNS;
          const samples = await alternate(browser, pairs.cold, pairs.warm, floor.url, runs, floorConfig, config.label, ctx.log);
          out.push(...rows(samples, config.label, Math.min(runs, 10)));
        }
        if (first && PARTS.has("reconnect")) out.push(...(await reconnectRows(browser, pairs, ctx.log)));
        if (first && PARTS.has("cost")) out.push(...(await costRows(pairs, ctx.log)));
      } catch (error) {
        const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
        ctx.log(`call-setup ${config.label}: FAILED: ${message}`);
        out.push({
          metric: `call setup ${config.label}: failed`,
          median: null,
          p95: null,
          unit: "",
          reference: message.slice(0, 200),
          ratio: null,
          pass: false,
        });
      } finally {
        await pairs?.stop();
      }
    }
  } finally {
    floor.setDelay(0);
    await turn?.stop().catch(() => undefined);
  }
  return out;
}
