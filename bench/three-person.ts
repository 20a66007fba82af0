/**
 * Three-person call (issue 16): set-up of a call of provider, patient and an interpreter (a guest), compared run
 * by run with a floor of three bare simple-peer pages; then CPU and memory per participant during a held call.
 *
 * One Chromium per participant (Debian's, fake camera and microphone, the e2e flags): the provider's, the
 * patient's and the interpreter's pages each run in their own browser, so each browser's processes are one
 * person's and CPU and memory are attributed by process tree, not guessed. The floor's three pages use the
 * same three browsers (page i in browser i).
 *
 * Ours, per run (the timed span):
 *   - Untimed preparation: a new patient and a visit starting in two minutes (SQL); the provider's /dashboard
 *     is live; the patient opens /visits/{id}, passes the device check ("Continue") and clicks "Check in"; the
 *     provider invites an interpreter through the API (POST /api/visits/{id}/guests), who opens the link in
 *     their own browser, passes the device check and checks in. Then everyone is ready as after any real wait:
 *     the patient's and the interpreter's rooms in standby (camera, ICE configuration), the provider's camera
 *     preview playing, and the waiting card showing both "Admit <patient>" and "Let in <interpreter>".
 *   - Timed: the provider clicks "Let in <interpreter>" and then "Admit <patient>" on that one waiting card of
 *     the dashboard, back to back (real clicks; Admit opens the visit page, which starts the call). The span
 *     starts at the FIRST click event as the provider's page receives it (a capture listener stamps it) and
 *     ends when the LAST of the six directed streams (each page receiving from each of its two remotes) has
 *     shown a real frame: requestVideoFrameCallback metadata carrying an rtpTimestamp, on the video element
 *     that shows that person (a tile's `data-remote-id`, or for the one-to-one layout the video whose track
 *     is that pair's receiver track). Page clocks are mapped to Node's by the quickest of several evaluate()
 *     round trips (clockOffset). The gap between the two clicks (Playwright's, not a human's hand) is inside
 *     the span and reported on its own row. Why Let in first: the card offers both, and letting the guest in
 *     first starts all three pairs together when the call opens; Admit first would navigate away from the
 *     card and put the visit page's render before the second click.
 *
 * Floor, the same run (bench/lib/call-floor.ts floorMeshRun): three pages with camera and relay socket ready;
 * page 1 offers to pages 2 and 3 and page 2 to page 3, all started together; timed from the first
 * `new SimplePeer()` to the last of the six directed streams' first real frame. Target: our median ≤ 1.3× the
 * floor's median. The first BENCH_THREE_WARMUP runs (default 2) of both are not counted (cold routes and
 * chunks in next-server, first encoders).
 *
 * Held call: one more call set up the same way and held BENCH_THREE_HOLD_S seconds (default 60). Every 5 s:
 * CPU seconds per second of each participant's whole browser (browser, GPU, network and renderer processes:
 * /proc utime + stime over the process tree) and its renderer processes alone, and the tree's memory as PSS
 * (/proc/<pid>/smaps_rollup; RSS when unreadable, said in the row). Every pair's framesDecoded is read at the
 * start and the end of the hold, so the figures are those of a call in which all six streams flowed.
 *
 * Env: BENCH_THREE_RUNS (counted runs, default 5), BENCH_THREE_WARMUP (2), BENCH_THREE_HOLD_S (60),
 * BENCH_THREE_BUDGET_S (600: no new run starts after this many seconds), BENCH_THREE_DEBUG=1 (per-stream log).
 */
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { launchChromium } from "./lib/browser";
import { clockOffset, floorMeshRun, startFloorServer } from "./lib/call-floor";
import { BENCH_PASSWORD, connect, insertAppointments, insertProvider, insertUsers, middayZone, type Person } from "./lib/fixtures";
import { Client } from "./lib/http";
import { cmdline, cpuSeconds, descendants, memoryMb, parentOf, pssMb } from "./lib/proc";
import { comparisonRow, infoRow, median, round, sleep } from "./lib/stats";
import type { BenchContext, Row } from "./lib/types";

const RUNS = Number(process.env.BENCH_THREE_RUNS ?? 5);
const WARMUP = Number(process.env.BENCH_THREE_WARMUP ?? 2);
const HOLD_S = Number(process.env.BENCH_THREE_HOLD_S ?? 60);
const BUDGET_S = Number(process.env.BENCH_THREE_BUDGET_S ?? 600);
const DEBUG = process.env.BENCH_THREE_DEBUG === "1";
const TARGET_RATIO = 1.3;
const SAMPLE_MS = 5000;
/** Untimed preparation steps (page loads, the device check) on two shared cores: generous. */
const PREP_TIMEOUT_MS = 45_000;
const GUEST = "Maria Garcia";

const ROLES = ["provider", "patient", "interpreter"] as const;
type Role = (typeof ROLES)[number];

/**
 * In every page: window.__benchFrames[remote user id] = epoch ms (page clock) of the first real frame shown
 * from that person, until two remotes have one; window.__benchClicks = epoch ms of each Admit / Let in click.
 */
const FRAME_WATCH = `(() => {
  window.__benchFrames = {};
  window.__benchClicks = [];
  const want = 2;
  const seen = new WeakSet();
  const remoteOf = (video) => {
    const tile = video.closest("[data-remote-id]");
    if (tile) return tile.getAttribute("data-remote-id");
    const stream = video.srcObject;
    const track = stream && stream.getVideoTracks ? stream.getVideoTracks()[0] : null;
    const peers = (window.__consultCall && window.__consultCall.peers) || {};
    for (const [id, ref] of Object.entries(peers)) {
      if (track && ref && ref.pc.getReceivers().some((r) => r.track === track)) return id;
    }
    return null;
  };
  const watch = (video) => {
    if (seen.has(video)) return;
    seen.add(video);
    const wait = () => {
      if (Object.keys(window.__benchFrames).length >= want) return;
      video.requestVideoFrameCallback((now, meta) => {
        if (meta.rtpTimestamp !== undefined) {
          const id = remoteOf(video);
          if (id && window.__benchFrames[id] === undefined) window.__benchFrames[id] = performance.timeOrigin + now;
        }
        wait();
      });
    };
    wait();
  };
  const scan = () => document.querySelectorAll('video[data-testid="remote-video"], [data-testid="remote-tile"] video').forEach(watch);
  new MutationObserver(scan).observe(document, { childList: true, subtree: true });
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("button") : null;
    if (button && /^(Admit|Let in)/.test(button.textContent || "")) window.__benchClicks.push(performance.timeOrigin + performance.now());
  }, true);
})()`;

type Participant = { role: Role; browser: Browser; pid: number | null };

/** Top processes of the Chromium instances started by this process (no --type=: not a child process of one). */
function chromiumRoots(): Set<number> {
  const mine = descendants(process.pid).filter((pid) => /chrom/i.test(cmdline(pid)) && !cmdline(pid).includes("--type="));
  const set = new Set(mine);
  return new Set(mine.filter((pid) => !set.has(parentOf(pid) ?? -1)));
}

/** One browser per participant, launched one after another so that each new process tree is known to be its. */
async function launchParticipants(): Promise<Participant[]> {
  const out: Participant[] = [];
  for (const role of ROLES) {
    const before = chromiumRoots();
    const browser = await launchChromium();
    const fresh = [...chromiumRoots()].filter((pid) => !before.has(pid));
    out.push({ role, browser, pid: fresh.length === 1 ? fresh[0]! : null });
  }
  return out;
}

type Setup = { baseUrl: string; db: ReturnType<typeof connect>; provider: Person; providerContext: BrowserContext; providerPage: Page };

async function prepare(browser: Browser, ctx: BenchContext): Promise<Setup> {
  const db = connect(ctx.databaseUrl);
  const provider = await insertProvider(db, { timeZone: middayZone() });
  const providerClient = await new Client(ctx.baseUrl).signIn(provider.email, BENCH_PASSWORD);
  const providerContext = await browser.newContext({ baseURL: ctx.baseUrl });
  await providerContext.addCookies(providerClient.browserCookies());
  await providerContext.addInitScript(FRAME_WATCH);
  const providerPage = await providerContext.newPage();
  return { baseUrl: ctx.baseUrl, db, provider, providerContext, providerPage };
}

type Call = {
  /** ms from the provider's first click (Node clock) to each directed stream's first real frame, "receiver<-sender". */
  streams: Record<string, number>;
  /** ms between the Let in and Admit clicks. */
  gap: number;
  pages: Record<Role, Page>;
  ids: Record<Role, string>;
  close(): Promise<void>;
};

async function waitEnabled(button: ReturnType<Page["locator"]>, what: string): Promise<void> {
  await button.waitFor({ timeout: PREP_TIMEOUT_MS });
  for (let i = 0; !(await button.isEnabled()); i++) {
    if (i > 500) throw new Error(`${what} stayed disabled`);
    await sleep(20);
  }
}

/** Frames from both remotes on a page: epoch ms (Node clock) per remote user id. */
async function framesOf(page: Page, role: Role): Promise<Record<string, number>> {
  await page
    .waitForFunction(() => Object.keys((window as unknown as { __benchFrames?: object }).__benchFrames ?? {}).length >= 2, undefined, {
      timeout: 45_000,
      polling: 50,
    })
    .catch(async () => {
      const got = (await page.evaluate("JSON.stringify(window.__benchFrames)").catch(() => "?")) as string;
      throw new Error(`the ${role}'s page did not show real frames from both others within 45 s (got ${got})`);
    });
  const frames = (await page.evaluate("window.__benchFrames")) as Record<string, number>;
  const offset = await clockOffset(page);
  return Object.fromEntries(Object.entries(frames).map(([id, at]) => [id, at - offset]));
}

/** One three-person call, set up and timed (see the header). The caller closes it. */
async function oursCall(s: Setup, participants: Participant[], label: string): Promise<Call> {
  const browserOf = (role: Role) => participants.find((p) => p.role === role)!.browser;
  const [patient] = await insertUsers(s.db, "PATIENT", 1, { prefix: "three" });
  const start = new Date(Date.now() + 2 * 60_000);
  const [id] = await insertAppointments(s.db, [
    { patientId: patient!.id, providerId: s.provider.id, start, end: new Date(start.getTime() + 30 * 60_000) },
  ]);
  const contexts: BrowserContext[] = [];
  const close = async () => {
    await Promise.all([s.providerPage, ...contexts.flatMap((c) => c.pages())].map((p) => p.goto("about:blank").catch(() => undefined)));
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await s.db.query(`UPDATE "Appointment" SET status = 'CANCELLED', "cancelledAt" = now(), "updatedAt" = now() WHERE id = $1`, [id]);
  };
  try {
    const patientClient = await new Client(s.baseUrl).signIn(patient!.email, BENCH_PASSWORD);
    const patientContext = await browserOf("patient").newContext({ baseURL: s.baseUrl });
    contexts.push(patientContext);
    await patientContext.addCookies(patientClient.browserCookies());
    await patientContext.addInitScript(FRAME_WATCH);
    const patientPage = await patientContext.newPage();

    const dash = await s.providerPage.goto("/dashboard");
    if (dash?.status() !== 200) throw new Error(`/dashboard answered ${dash?.status()} for the provider`);
    await s.providerPage.locator('[data-live="on"]').first().waitFor({ timeout: PREP_TIMEOUT_MS });
    await patientPage.goto(`/visits/${id}`);
    await patientPage.getByRole("button", { name: "Continue" }).click({ timeout: PREP_TIMEOUT_MS });
    await patientPage.getByRole("button", { name: "Check in" }).click({ timeout: PREP_TIMEOUT_MS });

    // The interpreter: invited by the provider through the API, joins by link in their own browser.
    const invite = await s.providerPage.request.post(`/api/visits/${id}/guests`, {
      data: { name: GUEST, role: "INTERPRETER", detail: "Spanish" },
    });
    if (invite.status() !== 201) throw new Error(`inviting the interpreter answered ${invite.status()}: ${await invite.text()}`);
    const invited = (await invite.json()) as { guest: { id: string; guestId: string }; link: string };
    const guestContext = await browserOf("interpreter").newContext({ baseURL: s.baseUrl });
    contexts.push(guestContext);
    await guestContext.addInitScript(FRAME_WATCH);
    const guestPage = await guestContext.newPage();
    await guestPage.goto(new URL(invited.link).pathname);
    await guestPage.getByText(`Joining as ${GUEST}`).first().waitFor({ timeout: PREP_TIMEOUT_MS });
    await guestPage.getByRole("button", { name: "Continue" }).click({ timeout: PREP_TIMEOUT_MS });
    await guestPage.getByRole("button", { name: "Check in" }).click({ timeout: PREP_TIMEOUT_MS });

    // Everyone ready as after any real wait.
    const card = s.providerPage.locator(`[data-waiting-card="${id}"]`);
    const admit = card.getByRole("button", { name: `Admit ${patient!.name}` });
    const letIn = card.getByRole("button", { name: `Let in ${GUEST}` });
    await waitEnabled(admit, "the Admit button");
    await waitEnabled(letIn, "the Let in button");
    await patientPage.locator('[data-call-status="standby"]').waitFor({ timeout: PREP_TIMEOUT_MS });
    await guestPage.locator('[data-call-status="standby"]').waitFor({ timeout: PREP_TIMEOUT_MS });
    await s.providerPage.waitForFunction(
      () => (document.querySelector<HTMLVideoElement>('video[aria-label^="Your camera"]')?.readyState ?? 0) >= 2,
      undefined,
      { timeout: PREP_TIMEOUT_MS, polling: 20 },
    );

    await letIn.click();
    await admit.click();
    await s.providerPage.waitForURL(new RegExp(`/visits/${id}$`), { timeout: PREP_TIMEOUT_MS });
    const clicks = (await s.providerPage.evaluate("window.__benchClicks")) as number[];
    if (clicks.length < 2) throw new Error(`the provider's page saw ${clicks.length} of the two clicks`);
    const t0 = clicks[0]! - (await clockOffset(s.providerPage));
    const pages: Record<Role, Page> = { provider: s.providerPage, patient: patientPage, interpreter: guestPage };
    const ids: Record<Role, string> = { provider: s.provider.id, patient: patient!.id, interpreter: invited.guest.id };
    const seen = await Promise.all(ROLES.map((role) => framesOf(pages[role], role)));
    const streams: Record<string, number> = {};
    ROLES.forEach((role, i) => {
      for (const other of ROLES) {
        if (other === role) continue;
        const at = seen[i]![ids[other]];
        if (at === undefined)
          throw new Error(`the ${role}'s page showed frames from ${Object.keys(seen[i]!).join(", ")}, not the ${other}`);
        streams[`${role}<-${other}`] = at - t0;
      }
    });
    if (DEBUG)
      console.error(
        `[three-person] ${label}: ${Object.entries(streams)
          .map(([k, v]) => `${k} ${v.toFixed(0)}`)
          .join(", ")}; click gap ${(clicks[1]! - clicks[0]!).toFixed(0)} ms`,
      );
    return { streams, gap: clicks[1]! - clicks[0]!, pages, ids, close };
  } catch (error) {
    await close();
    throw error;
  }
}

const last = (streams: Record<string, number>) => Math.max(...Object.values(streams));

type Samples = {
  ours: number[];
  floor: number[];
  gaps: number[];
  oursStreams: Record<string, number>[];
  floorStreams: Record<string, number>[];
  failures: string[];
};

function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
}

async function alternate(ctx: BenchContext, s: Setup, participants: Participant[], floorUrl: string): Promise<Samples> {
  const out: Samples = { ours: [], floor: [], gaps: [], oursStreams: [], floorStreams: [], failures: [] };
  const started = Date.now();
  for (let run = 0; run < WARMUP + RUNS; run++) {
    if (Date.now() - started > BUDGET_S * 1000) {
      out.failures.push(`stopped before run ${run}: the ${BUDGET_S} s budget was spent`);
      ctx.log(`three-person: budget of ${BUDGET_S} s spent after ${run} runs`);
      break;
    }
    const counted = run >= WARMUP;
    try {
      const call = await oursCall(s, participants, `run ${run}`);
      await call.close();
      if (counted) {
        out.ours.push(last(call.streams));
        out.gaps.push(call.gap);
        out.oursStreams.push(call.streams);
      }
      ctx.log(`three-person run ${run}${counted ? "" : " (warm-up)"}: ours ${Math.round(last(call.streams))} ms`);
    } catch (error) {
      out.failures.push(`ours run ${run}: ${firstLine(error)}`);
      ctx.log(`three-person run ${run}: ours FAILED: ${String(error)}`);
    }
    try {
      const floor = await floorMeshRun(
        participants.map((p) => p.browser),
        floorUrl,
        `three-${run}`,
      );
      if (Object.keys(floor).length !== 6) throw new Error(`the floor timed ${Object.keys(floor).length} of 6 streams`);
      if (counted) {
        out.floor.push(last(floor));
        out.floorStreams.push(floor);
      }
      ctx.log(`three-person run ${run}${counted ? "" : " (warm-up)"}: floor ${Math.round(last(floor))} ms`);
    } catch (error) {
      out.failures.push(`floor run ${run}: ${firstLine(error)}`);
      ctx.log(`three-person run ${run}: floor FAILED: ${String(error)}`);
    }
    await sleep(300);
  }
  return out;
}

/** CPU ticks of a process tree, split into its renderer processes and the rest. */
function treeCpu(root: number): { all: number; renderers: number } {
  let all = 0;
  let renderers = 0;
  for (const pid of [root, ...descendants(root)]) {
    const cpu = cpuSeconds(pid) ?? 0;
    all += cpu;
    if (cmdline(pid).includes("--type=renderer")) renderers += cpu;
  }
  return { all, renderers };
}

/** Memory of a process tree: PSS summed (shared pages split), or RSS summed when smaps_rollup is unreadable. */
function treeMemory(root: number): { mb: number; kind: "PSS" | "RSS" } {
  const pids = [root, ...descendants(root)];
  const pss = pids.map(pssMb);
  if (pss.every((v) => v !== null)) return { mb: pss.reduce((a, b) => a + b!, 0), kind: "PSS" };
  return { mb: pids.reduce((sum, pid) => sum + (memoryMb(pid)?.rss ?? 0), 0), kind: "RSS" };
}

/** framesDecoded per directed stream right now, "receiver<-sender". */
async function framesNow(call: Call): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const role of ROLES) {
    for (const other of ROLES) {
      if (other === role) continue;
      out[`${role}<-${other}`] = await call.pages[role].evaluate(async (id) => {
        const report = await window.__consultCall?.statsOf(id);
        const inbound = report ? [...report.values()].find((s) => s.type === "inbound-rtp" && s.kind === "video") : undefined;
        return Number(inbound?.framesDecoded ?? 0);
      }, call.ids[other]);
    }
  }
  return out;
}

async function hold(ctx: BenchContext, s: Setup, participants: Participant[]): Promise<Row[]> {
  const call = await oursCall(s, participants, "held call");
  try {
    await sleep(2000); // past the first seconds of bandwidth estimation
    const before = await framesNow(call);
    const cpu = new Map<Role, { all: number[]; renderers: number[]; memory: number[]; kind: string }>();
    const lastCpu = new Map<Role, { all: number; renderers: number; at: number }>();
    const firstCpu = new Map<Role, { all: number; renderers: number; at: number }>();
    for (const p of participants) {
      cpu.set(p.role, { all: [], renderers: [], memory: [], kind: "PSS" });
      if (p.pid === null) continue;
      lastCpu.set(p.role, { ...treeCpu(p.pid), at: performance.now() });
      firstCpu.set(p.role, lastCpu.get(p.role)!);
    }
    const t0 = performance.now();
    for (let i = 0; i < Math.ceil((HOLD_S * 1000) / SAMPLE_MS) && performance.now() - t0 < HOLD_S * 1000 + SAMPLE_MS; i++) {
      await sleep(Math.min(SAMPLE_MS, Math.max(0, HOLD_S * 1000 - (performance.now() - t0))));
      for (const p of participants) {
        if (p.pid === null) continue;
        const now = { ...treeCpu(p.pid), at: performance.now() };
        const prev = lastCpu.get(p.role)!;
        const seconds = (now.at - prev.at) / 1000;
        if (seconds <= 0.5) continue;
        const entry = cpu.get(p.role)!;
        entry.all.push((now.all - prev.all) / seconds);
        entry.renderers.push((now.renderers - prev.renderers) / seconds);
        const memory = treeMemory(p.pid);
        entry.memory.push(memory.mb);
        entry.kind = memory.kind;
        lastCpu.set(p.role, now);
      }
    }
    const heldS = (performance.now() - t0) / 1000;
    const after = await framesNow(call);
    const stalled = Object.keys(before).filter((k) => (after[k] ?? 0) <= (before[k] ?? 0));
    const flowing = stalled.length === 0 ? "all 6 streams decoding frames throughout" : `NOT decoding: ${stalled.join(", ")}`;
    ctx.log(`three-person held call: ${heldS.toFixed(1)} s, ${flowing}`);
    const rows: Row[] = [];
    for (const p of participants) {
      const entry = cpu.get(p.role)!;
      if (p.pid === null || entry.all.length === 0) {
        rows.push({
          metric: `three-person call: CPU of the ${p.role}'s browser: not found`,
          median: null,
          p95: null,
          unit: "",
          reference: "",
          ratio: null,
        });
        continue;
      }
      const first = firstCpu.get(p.role)!;
      const final = lastCpu.get(p.role)!;
      const total = (final.all - first.all) / ((final.at - first.at) / 1000);
      rows.push(
        infoRow(
          `three-person call held ${Math.round(heldS)} s: CPU of the ${p.role}'s browser, all its processes (${SAMPLE_MS / 1000} s samples)`,
          entry.all,
          "CPU s/s",
          {
            note: `renderer processes alone median ${round(median(entry.renderers), 2)} CPU s/s; mean over the hold ≈ ${round(total, 2)}; ${flowing}`,
            detail: entry,
          },
        ),
        infoRow(
          `three-person call held ${Math.round(heldS)} s: memory of the ${p.role}'s browser (${entry.kind}, all its processes)`,
          entry.memory,
          "MB",
        ),
      );
    }
    return rows;
  } finally {
    await call.close();
  }
}

function setupRows(samples: Samples): Row[] {
  if (samples.ours.length === 0 || samples.floor.length === 0) {
    throw new Error(
      `three-person: ${samples.ours.length} calls and ${samples.floor.length} floor calls succeeded (${samples.failures.slice(0, 3).join("; ")})`,
    );
  }
  const note = `${samples.ours.length} runs alternating with the floor after ${WARMUP} warm-up${samples.failures.length ? `; ${samples.failures.length} failed: ${samples.failures.slice(0, 2).join("; ")}` : ""}`;
  const floorName = "3 bare simple-peer pages + WebSocket relay, first new SimplePeer() → last of 6 streams' first real frame";
  const compared = comparisonRow(
    "three-person set-up: provider's first click (Let in, then Admit, on the waiting card) → real frames on all 6 directed streams",
    samples.ours,
    samples.floor,
    "ms",
    floorName,
    { note, detail: samples },
  );
  const perReceiver = (streams: Record<string, number>[], role: string) =>
    streams.map((s) =>
      Math.max(
        ...Object.entries(s)
          .filter(([k]) => k.startsWith(`${role}<-`))
          .map(([, v]) => v),
      ),
    );
  const floorPage: Record<Role, string> = { provider: "p0", patient: "p1", interpreter: "p2" };
  return [
    {
      ...compared,
      reference: `${compared.reference}; target median ≤ ${TARGET_RATIO}× floor`,
      pass: (compared.ratio ?? Infinity) <= TARGET_RATIO,
    },
    ...ROLES.map((role) =>
      infoRow(`three-person set-up: first click → the ${role}'s page showing both others`, perReceiver(samples.oursStreams, role), "ms"),
    ),
    infoRow("three-person set-up: gap between the Let in and Admit clicks (inside the span)", samples.gaps, "ms"),
    ...ROLES.map((role) =>
      infoRow(
        `three-person floor: first new SimplePeer() → page ${floorPage[role]} (as the ${role}) showing both others`,
        perReceiver(samples.floorStreams, floorPage[role]),
        "ms",
      ),
    ),
  ];
}

export async function benchThreePerson(ctx: BenchContext): Promise<Row[]> {
  const participants = await launchParticipants();
  const floor = await startFloorServer(ctx.root);
  let s: Setup | undefined;
  try {
    const provider = participants.find((p) => p.role === "provider")!;
    s = await prepare(provider.browser, ctx);
    const samples = await alternate(ctx, s, participants, floor.url);
    const rows = setupRows(samples);
    try {
      rows.push(...(await hold(ctx, s, participants)));
    } catch (error) {
      ctx.log(`three-person held call FAILED: ${String(error)}`);
      rows.push({
        metric: "three-person held call: failed",
        median: null,
        p95: null,
        unit: "",
        reference: firstLine(error).slice(0, 200),
        ratio: null,
      });
    }
    return rows;
  } finally {
    await s?.providerContext.close().catch(() => undefined);
    await s?.db.end().catch(() => undefined);
    await floor.close();
    await Promise.all(participants.map((p) => p.browser.close().catch(() => undefined)));
  }
}
