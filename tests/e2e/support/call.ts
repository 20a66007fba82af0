// Helpers for the call tests: two signed-in browsers in an admitted visit, proof that real media flows
// (see ../shared/notes/webrtc-e2e.md: decoded frames with an rtpTimestamp, rising bytesReceived,
// framesDecoded > 0, rising currentTime, the selected pair's candidate types), and a throwaway coturn.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { signInAs } from "./auth";
import { createVisitNow, type VisitFixture } from "./visit-fixtures";

export type Side = { context: BrowserContext; page: Page };
export type Call = { visit: VisitFixture; patient: Side; provider: Side; openedAt: number; close(): Promise<void> };

/** createVisitNow against another stack's database (it reads E2E_DATABASE_URL synchronously at its start). */
export async function createVisitIn(databaseUrl: string | undefined) {
  const saved = process.env.E2E_DATABASE_URL;
  if (databaseUrl) process.env.E2E_DATABASE_URL = databaseUrl;
  const pending = createVisitNow();
  process.env.E2E_DATABASE_URL = saved;
  return pending;
}

/**
 * Patient and provider of a fresh visit, checked in and admitted through the API, both on the visit page.
 * Until the dashboard's Admit button drives this in the call tests, the API stands in for the clicks.
 */
export async function startCall(
  browser: Browser,
  options: { baseURL?: string; databaseUrl?: string; patientScript?: string } = {},
): Promise<Call> {
  const visit = await createVisitIn(options.databaseUrl);
  const contextOptions = options.baseURL ? { baseURL: options.baseURL } : {};
  const patientContext = await browser.newContext({ ...contextOptions, timezoneId: "America/New_York" });
  const providerContext = await browser.newContext({ ...contextOptions, timezoneId: "Europe/London" });
  if (options.patientScript) await patientContext.addInitScript(options.patientScript);
  const [patientPage, providerPage] = await Promise.all([patientContext.newPage(), providerContext.newPage()]);
  await Promise.all([
    signInAs(patientPage, visit.patient.email, visit.patient.password),
    signInAs(providerPage, visit.provider.email, visit.provider.password),
  ]);
  const path = `/api/visits/${visit.appointmentId}`;
  expect((await patientPage.request.post(`${path}/check-in`)).status()).toBe(200);
  expect((await providerPage.request.post(`${path}/admit`)).status()).toBe(200);
  const openedAt = Date.now();
  await Promise.all([patientPage.goto(`/visits/${visit.appointmentId}`), providerPage.goto(`/visits/${visit.appointmentId}`)]);
  return {
    visit,
    patient: { context: patientContext, page: patientPage },
    provider: { context: providerContext, page: providerPage },
    openedAt,
    close: () => closeBoth(patientContext, providerContext, patientPage, providerPage),
  };
}

export type FrameTime = { sinceNavigation: number; at: number };

/**
 * The same, through the rooms as people use them: the patient passes the device check and clicks
 * "Check in", the provider clicks "Admit <patient>" on the dashboard's waiting card (which opens the
 * visit). `openedAt` is the moment of the Admit click.
 */
export async function startCallThroughTheRooms(browser: Browser): Promise<Call> {
  const visit = await createVisitNow();
  const patientContext = await browser.newContext({ timezoneId: "America/New_York" });
  const providerContext = await browser.newContext({ timezoneId: "Europe/London" });
  const [patientPage, providerPage] = await Promise.all([patientContext.newPage(), providerContext.newPage()]);
  await Promise.all([
    signInAs(patientPage, visit.patient.email, visit.patient.password),
    signInAs(providerPage, visit.provider.email, visit.provider.password),
  ]);
  await providerPage.goto("/dashboard");
  await expect(providerPage.locator('[data-live="on"]')).toBeVisible();
  await patientPage.goto(`/visits/${visit.appointmentId}`);
  await patientPage.getByRole("button", { name: "Continue" }).click();
  await patientPage.getByRole("button", { name: "Check in" }).click();
  const admit = providerPage
    .locator(`[data-waiting-card="${visit.appointmentId}"]`)
    .getByRole("button", { name: `Admit ${visit.patient.name}` });
  await expect(admit).toBeEnabled();
  const openedAt = Date.now();
  await admit.click();
  await expect(providerPage).toHaveURL(new RegExp(`/visits/${visit.appointmentId}$`));
  return {
    visit,
    patient: { context: patientContext, page: patientPage },
    provider: { context: providerContext, page: providerPage },
    openedAt,
    close: () => closeBoth(patientContext, providerContext, patientPage, providerPage),
  };
}

async function closeBoth(...[patientContext, providerContext, patientPage, providerPage]: [BrowserContext, BrowserContext, Page, Page]) {
  // Leaving the page destroys the peer (and its TURN allocation); closing the context alone does not.
  await Promise.all([patientPage.goto("about:blank").catch(() => undefined), providerPage.goto("about:blank").catch(() => undefined)]);
  await Promise.all([patientContext.close(), providerContext.close()]);
}

/** When the first real remote frame (one with an rtpTimestamp) was shown: ms after navigation, and epoch ms. */
// 30 s by default: on a loaded two-core CI machine a call's first frames once took longer than 15 s to come.
export async function firstRealFrame(page: Page, timeoutMs = 30_000): Promise<FrameTime> {
  await page.getByTestId("remote-video").waitFor({ state: "attached", timeout: timeoutMs });
  return page.evaluate(
    (timeout) =>
      new Promise<FrameTime>((resolve, reject) => {
        const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
        if (!video) return reject(new Error("no remote video element"));
        const timer = setTimeout(() => reject(new Error("no real remote frame")), timeout);
        const wait = () =>
          video.requestVideoFrameCallback((now, meta) => {
            if (meta.rtpTimestamp === undefined) return wait();
            clearTimeout(timer);
            resolve({ sinceNavigation: now, at: performance.timeOrigin + now });
          });
        wait();
      }),
    timeoutMs,
  );
}

export type Flow = {
  rtpTimestamp: number | null;
  frameWidth: number;
  frameHeight: number;
  videoWidth: number;
  before: { bytes: number; frames: number; time: number };
  after: { bytes: number; frames: number; time: number };
  local: string | null;
  remote: string | null;
};

/**
 * Reads the remote video and the call's getStats() twice, 600 ms apart (longer, up to 6 s, until they rise). With `remoteId` (a call of three or
 * four), that person's tile and that pair's own connection; without, the one-to-one call's.
 */
export function measureFlow(page: Page, remoteId?: string): Promise<Flow> {
  return page.evaluate(async (id) => {
    const video = document.querySelector<HTMLVideoElement>(id ? `[data-remote-id="${id}"] video` : '[data-testid="remote-video"]');
    const hook = window.__consultCall;
    const readStats = () => (id ? hook?.statsOf(id) : hook?.pc?.getStats()) ?? Promise.resolve(null);
    if (!video || !hook) throw new Error(`no call on this page${id ? ` with ${id}` : ""}`);
    const frame = await new Promise<{ rtpTimestamp: number | null; width: number; height: number }>((resolve) => {
      const timer = setTimeout(() => resolve({ rtpTimestamp: null, width: 0, height: 0 }), 5000);
      const wait = () =>
        video.requestVideoFrameCallback((_now, meta) => {
          if (meta.rtpTimestamp === undefined) return wait();
          clearTimeout(timer);
          resolve({ rtpTimestamp: meta.rtpTimestamp, width: meta.width, height: meta.height });
        });
      wait();
    });
    const read = async () => {
      const report = await readStats();
      const stats = report ? [...report.values()] : [];
      const inbound = stats.find((s) => s.type === "inbound-rtp" && s.kind === "video");
      const transport = stats.find((s) => s.type === "transport");
      const pair =
        stats.find((s) => s.id === transport?.selectedCandidatePairId) ??
        stats.find((s) => s.type === "candidate-pair" && s.nominated && s.state === "succeeded");
      const local = stats.find((s) => s.id === pair?.localCandidateId);
      const remote = stats.find((s) => s.id === pair?.remoteCandidateId);
      return {
        flow: { bytes: Number(inbound?.bytesReceived ?? 0), frames: Number(inbound?.framesDecoded ?? 0), time: video.currentTime },
        local: (local?.candidateType as string | undefined) ?? null,
        remote: (remote?.candidateType as string | undefined) ?? null,
      };
    };
    const before = await read();
    // At least 600 ms, and up to 6 s for the counters to move: on two loaded cores (CI) a sender has gone
    // quiet for longer than 600 ms now and then. Media that never moves in 6 s still fails.
    let after = before;
    for (const started = performance.now(); performance.now() - started < 6000;) {
      await new Promise((r) => setTimeout(r, 600));
      after = await read();
      if (after.flow.bytes > before.flow.bytes && after.flow.frames > 0 && after.flow.time > before.flow.time) break;
    }
    return {
      rtpTimestamp: frame.rtpTimestamp,
      frameWidth: frame.width,
      frameHeight: frame.height,
      videoWidth: video.videoWidth,
      before: before.flow,
      after: after.flow,
      local: after.local,
      remote: after.remote,
    };
  }, remoteId);
}

/** Media arrives on this page now, over a pair of the given candidate type. */
export async function expectMediaFlowing(page: Page, candidateType: "host" | "relay"): Promise<Flow> {
  await expect(page.locator('[data-call-status="connected"]')).toBeVisible({ timeout: 15_000 });
  return expectFlow(await measureFlow(page), candidateType);
}

/** What proves a measured flow real: a decoded frame with an rtpTimestamp, rising bytes, frames and time, the pair's type. */
export function expectFlow(flow: Flow, candidateType: "host" | "relay", from = ""): Flow {
  expect(flow.rtpTimestamp, `a decoded frame with an rtpTimestamp${from}`).not.toBeNull();
  expect(flow.videoWidth).toBeGreaterThanOrEqual(160);
  expect(flow.after.bytes).toBeGreaterThan(flow.before.bytes);
  expect(flow.after.frames).toBeGreaterThan(0);
  expect(flow.after.time).toBeGreaterThan(flow.before.time);
  expect([flow.local, flow.remote]).toEqual([candidateType, candidateType]);
  return flow;
}

export type Turn = { url: string; secret: string; stop(): Promise<void> };

/** coturn on 127.0.0.1 with a random shared secret and a small relay port range (see the notes). */
export async function startTurnServer(port: number): Promise<Turn> {
  const dir = mkdtempSync(join(tmpdir(), "consult-turn-"));
  const secret = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  const minPort = 50_000 + Math.floor(Math.random() * 100) * 100;
  const child: ChildProcess = spawn(
    "turnserver",
    // prettier-ignore
    ["-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", `--listening-port=${port}`, "--use-auth-secret", `--static-auth-secret=${secret}`,
      "--realm=consult.test", "--allow-loopback-peers", "--no-cli", "--no-tls", "--no-dtls", "--no-multicast-peers",
      `--min-port=${minPort}`, `--max-port=${minPort + 40}`, "--log-file=stdout", "--simple-log", `--pidfile=${dir}/turn.pid`, `--db=${dir}/turndb`],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`turnserver did not start:\n${output}`)), 10_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Total General servers")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`turnserver exited with ${code}:\n${output}`)));
  });
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    secret,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An init script that keeps every camera and microphone track a page opens, to check they are released. */
export const TRACK_MEDIA = `(() => {
  window.__mediaTracks = [];
  const devices = navigator.mediaDevices;
  if (!devices) return;
  const open = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    const stream = await open(constraints);
    window.__mediaTracks.push(...stream.getTracks());
    return stream;
  };
})();`;

/** How many of the camera and microphone tracks this page opened are still live (TRACK_MEDIA). */
export function liveMediaTracks(page: Page): Promise<number> {
  return page.evaluate(
    () => ((window as unknown as { __mediaTracks?: MediaStreamTrack[] }).__mediaTracks ?? []).filter((t) => t.readyState === "live").length,
  );
}
