/**
 * Load held by this machine (issue 8): N simulated users, one in five a provider with four patients, for a
 * fixed time per step; N doubles until the p95 of any API exceeds 200 ms or a request fails.
 *
 * Every user is signed in and holds a pusher-js connection to the stack's local Pusher server, subscribed
 * through /api/pusher/auth to its own channels. During a step each patient:
 *   - browses a provider's free slots (7 days) about every 6 s;
 *   - checks in to a visit that starts within minutes, then joins the visit's presence channel;
 *   - re-reads the visit (GET /api/visits/{id}) on every event on its user channel, as the room does;
 *   - half of the patients book a slot (each its own) on another provider;
 *   - once admitted, posts a quality sample about every 5 s.
 * Each provider re-reads its day (GET /api/provider/day) on every waiting-room event, admits each checked-in
 * patient after 0.5-2 s, joins the presence channel and posts a quality sample about every 5 s per call.
 * A short unmeasured warm-up step first loads every route's code (Next loads it on the first request).
 * The load generator runs on the same two cores as the server, so the figures are conservative.
 * CPU and memory of next-server (and of the whole stack: Next, PostgreSQL, Pusher) are sampled every 500 ms.
 */
import type pg from "pg";
import PusherJS, { type Channel } from "pusher-js";
import { Client } from "./lib/http";
import {
  ALL_WEEK,
  BENCH_PASSWORD,
  connect,
  insertAppointments,
  insertProvider,
  insertUsers,
  seedBusyProvider,
  type Person,
} from "./lib/fixtures";
import { ProcessSampler } from "./lib/proc";
import { median, p95, pool, round, sleep } from "./lib/stats";
import type { BenchContext, Row } from "./lib/types";

const STEP_SECONDS = Number(process.env.BENCH_LOAD_STEP_SECONDS ?? 20);
const WARMUP_SECONDS = 10;
const FIRST_N = Number(process.env.BENCH_LOAD_FIRST_N ?? 10);
/** No new step starts once this much time has gone into the load test. */
const BUDGET_SECONDS = Number(process.env.BENCH_LOAD_BUDGET_SECONDS ?? 150);
const P95_LIMIT_MS = 200;
/** Fewer requests than this in a step are too few for a p95 of their own (see runStep). */
const MIN_SAMPLES = 20;
const PATIENTS_PER_PROVIDER = 4;
const REQUEST_TIMEOUT_MS = 10_000;
const DAY = 24 * 3600_000;
const BOOK_VISIT_MIN = 15;

const QUALITY = {
  rttMs: 42,
  jitterMs: 4.5,
  packetLossPct: 0.2,
  inKbps: 1250,
  outKbps: 1180,
  fps: 30,
  width: 640,
  height: 480,
  localCandidateType: "host",
  remoteCandidateType: "host",
  quality: "good",
};

type Sim = { person: Person; client: Client; pusher: PusherJS; role: "PATIENT" | "PROVIDER" };
type StepResult = {
  n: number;
  patients: number;
  providers: number;
  seconds: number;
  requests: number;
  byApi: Record<string, { count: number; errors: number; median: number; p95: number }>;
  errors: string[];
  /** APIs judged as one group for having too few requests for a p95 of their own. */
  pooled: string[];
  /** The API (or group of rare APIs) with the highest p95. */
  worst: { api: string; p95: number; median: number };
  held: boolean;
  nextServer: { rssPeakMb: number; cpuMeanPct: number; cpuMedianPct: number; cpuP95Pct: number; cpuPeakPct: number } | null;
  stack: { cpuMeanPct: number; cpuMedianPct: number; cpuP95Pct: number } | null;
  admittedVisits: number;
  visits: number;
};

const jitter = (base: number, spread: number) => base + (Math.random() * 2 - 1) * spread;
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

export async function benchLoad(ctx: BenchContext): Promise<Row[]> {
  if (!ctx.pusher) throw new Error("the stack's Pusher settings were not found");
  const pusherConfig = ctx.pusher;
  const db = connect(ctx.databaseUrl);
  const sims: Sim[] = [];
  const started = performance.now();
  try {
    const browse = await seedBusyProvider(db);
    const bookable = await insertProvider(db, {
      timeZone: "UTC",
      visitMinutes: BOOK_VISIT_MIN,
      minNoticeMinutes: 60,
      horizonDays: 60,
      hours: ALL_WEEK(0, 1440),
    });
    // Distinct free slots for every booking of the whole test, from two days ahead (cf. booking.ts).
    const firstSlot = Math.ceil((Date.now() + 2 * DAY) / DAY) * DAY;
    let slotIndex = 0;
    const nextSlot = () => new Date(firstSlot + slotIndex++ * BOOK_VISIT_MIN * 60_000);
    const slotsPath = (from: Date) =>
      `/api/providers/${browse.provider.id}/slots?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(new Date(from.getTime() + 7 * DAY).toISOString())}`;

    const connectPusher = (client: Client) =>
      new Promise<PusherJS>((resolve, reject) => {
        const pusher = new PusherJS(pusherConfig.key, {
          cluster: "local",
          wsHost: "127.0.0.1",
          wsPort: pusherConfig.port,
          forceTLS: false,
          enabledTransports: ["ws"],
          channelAuthorization: {
            endpoint: "/api/pusher/auth",
            transport: "ajax",
            customHandler: ({ socketId, channelName }, callback) => {
              void (async () => {
                const r = await recorder.call("POST /api/pusher/auth", () =>
                  client.raw("/api/pusher/auth", {
                    method: "POST",
                    headers: { "content-type": "application/x-www-form-urlencoded" },
                    body: new URLSearchParams({ socket_id: socketId, channel_name: channelName }).toString(),
                    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
                  }),
                );
                if (r && r.status === 200) callback(null, (await r.json()) as { auth: string; channel_data?: string });
                else callback(new Error(`auth ${r?.status ?? "failed"}`), null);
              })();
            },
          },
        });
        const timer = setTimeout(() => reject(new Error("pusher-js did not connect in 10 s")), 10_000);
        pusher.connection.bind("connected", () => {
          clearTimeout(timer);
          resolve(pusher);
        });
      });

    const recorder = new Recorder();
    const subscribe = (pusher: PusherJS, name: string) =>
      new Promise<Channel>((resolve) => {
        const channel = pusher.subscribe(name);
        const timer = setTimeout(() => {
          recorder.error(`subscribe ${name.replace(/-[^-]+$/, "-…")}: no answer in 10 s`);
          resolve(channel);
        }, 10_000);
        channel.bind("pusher:subscription_succeeded", () => (clearTimeout(timer), resolve(channel)));
        channel.bind("pusher:subscription_error", (e: unknown) => {
          clearTimeout(timer);
          recorder.error(`subscribe ${name.replace(/-[^-]+$/, "-…")}: ${JSON.stringify(e).slice(0, 120)}`);
          resolve(channel);
        });
      });

    /** Grows the population to `patients` + `providers`, signing in and connecting the newcomers. */
    const grow = async (patients: number, providers: number) => {
      const have = (role: Sim["role"]) => sims.filter((s) => s.role === role).length;
      const add = async (role: Sim["role"], count: number) => {
        if (count <= 0) return;
        const people = await insertUsers(db, role, count, { prefix: `load-${role.toLowerCase()}` });
        if (role === "PROVIDER") {
          for (const p of people)
            await db.query(`INSERT INTO "ProviderProfile" ("userId", specialty) VALUES ($1, 'General practice')`, [p.id]);
        }
        const added = await pool(people, 4, async (person) => {
          const client = await new Client(ctx.baseUrl).signIn(person.email, BENCH_PASSWORD);
          const pusher = await connectPusher(client);
          return { person, client, pusher, role } satisfies Sim;
        });
        sims.push(...added);
        // Their own channels, as every signed-in page subscribes (outside the step's measurements).
        await pool(added, 8, async (sim) => {
          await subscribe(sim.pusher, `private-user-${sim.person.id}`);
          if (role === "PROVIDER") await subscribe(sim.pusher, `private-provider-${sim.person.id}`);
        });
      };
      await add("PATIENT", patients - have("PATIENT"));
      await add("PROVIDER", providers - have("PROVIDER"));
    };

    const stepOptions = (n: number, patients: number, providers: number, seconds: number) => ({
      n,
      seconds,
      patients: sims.filter((s) => s.role === "PATIENT").slice(0, patients),
      providers: sims.filter((s) => s.role === "PROVIDER").slice(0, providers),
      subscribe,
      slotsPath: () => slotsPath(browse.from),
      book: (client: Client) =>
        client.timed("POST", "/api/appointments", {
          providerId: bookable.id,
          start: nextSlot().toISOString(),
          reason: "Load test booking",
        }),
    });

    // Warm-up, not measured: Next loads each route's code on its first request, which must not count.
    await grow(4, 1);
    recorder.reset();
    const warm = await runStep(ctx, db, recorder, stepOptions(5, 4, 1, WARMUP_SECONDS));
    ctx.log(`load: warm-up done (${warm.requests} requests over ${Object.keys(warm.byApi).length} APIs, ${warm.errors.length} errors)`);

    const steps: StepResult[] = [];
    for (let n = FIRST_N; ; n *= 2) {
      const elapsed = (performance.now() - started) / 1000;
      if (steps.length > 0 && elapsed + STEP_SECONDS + 10 > BUDGET_SECONDS) {
        ctx.log(`load: stopping before N=${n}: the ${BUDGET_SECONDS} s budget is used`);
        break;
      }
      const providers = Math.max(1, Math.round(n / (PATIENTS_PER_PROVIDER + 1)));
      const patients = n - providers;
      await grow(patients, providers);
      recorder.reset();
      const result = await runStep(ctx, db, recorder, stepOptions(n, patients, providers, STEP_SECONDS));
      steps.push(result);
      ctx.log(
        `load: N=${n} (${patients} patients, ${providers} providers): ${result.requests} requests, worst p95 ${round(result.worst.p95, 1)} ms (${result.worst.api}), ` +
          `${result.errors.length} errors, next-server CPU p95 ${result.nextServer ? Math.round(result.nextServer.cpuP95Pct) : "?"} %, RSS ${result.nextServer ? Math.round(result.nextServer.rssPeakMb) : "?"} MB → ${result.held ? "held" : "NOT held"}`,
      );
      for (const [api, s] of Object.entries(result.byApi))
        ctx.log(`  ${api}: ${s.count} (${s.errors} errors), median ${round(s.median, 1)} ms, p95 ${round(s.p95, 1)} ms`);
      if (result.errors.length) ctx.log(`  errors: ${[...new Set(result.errors)].slice(0, 5).join(" | ")}`);
      if (!result.held) break;
    }

    return rowsFor(steps);
  } finally {
    for (const sim of sims) sim.pusher.disconnect();
    await db.end();
  }
}

function rowsFor(steps: StepResult[]): Row[] {
  const held = [...steps].reverse().find((s) => s.held);
  const failed = steps.find((s) => !s.held);
  const shown = held ?? failed;
  const failNote = failed
    ? `N=${failed.n} not held: ${failed.errors.length ? `${failed.errors.length} errors` : `p95 ${round(failed.worst.p95, 0)} ms on ${failed.worst.api}`}`
    : `not pushed to failure within the time budget`;
  const rows: Row[] = [
    {
      metric: "load: most simulated users held (every API p95 ≤ 200 ms, no errors)",
      median: held?.n ?? 0,
      p95: null,
      unit: "users",
      reference: held ? `${held.patients} patients + ${held.providers} providers, ${STEP_SECONDS} s` : "",
      ratio: null,
      note: failNote,
    },
  ];
  if (shown) {
    const at = `at N=${shown.n}`;
    rows.push({
      metric: `load: worst API ${at} (${shown.worst.api})`,
      median: shown.worst.median,
      p95: round(shown.worst.p95),
      unit: "ms",
      reference: `target: p95 ≤ ${P95_LIMIT_MS} ms`,
      ratio: round(shown.worst.p95 / P95_LIMIT_MS),
      pass: shown.worst.p95 <= P95_LIMIT_MS,
      note: `${round(shown.requests / shown.seconds, 0)} req/s, ${shown.admittedVisits}/${shown.visits} visits admitted`,
    });
    if (shown.nextServer) {
      rows.push({
        metric: `load: next-server CPU ${at} (500 ms samples)`,
        median: round(shown.nextServer.cpuMedianPct, 0),
        p95: round(shown.nextServer.cpuP95Pct, 0),
        unit: "% of a core",
        reference: "",
        ratio: null,
        note: `peak ${Math.round(shown.nextServer.cpuPeakPct)} %`,
      });
      rows.push({
        metric: `load: next-server peak RSS ${at}`,
        median: round(shown.nextServer.rssPeakMb, 0),
        p95: null,
        unit: "MB",
        reference: "",
        ratio: null,
      });
    }
    if (shown.stack)
      rows.push({
        metric: `load: whole stack CPU ${at} (Next + PostgreSQL + Pusher)`,
        median: round(shown.stack.cpuMedianPct, 0),
        p95: round(shown.stack.cpuP95Pct, 0),
        unit: "% of a core",
        reference: "",
        ratio: null,
        note: "2 cores = 200 %",
      });
  }
  // CPU time per simulated user does not depend on what else the machine runs: from the biggest step.
  const biggest = steps[steps.length - 1];
  if (biggest?.nextServer && biggest.stack) {
    const perUser = biggest.nextServer.cpuMeanPct / biggest.n;
    const stackPerUser = biggest.stack.cpuMeanPct / biggest.n;
    rows.push({
      metric: `load: CPU per simulated user at N=${biggest.n}, next-server / whole stack`,
      median: round(perUser, 2),
      p95: null,
      unit: "% of a core",
      reference: "",
      ratio: null,
      note: `whole stack ${round(stackPerUser, 2)} %; CPU-bound ceilings ≈ ${Math.floor(100 / perUser)} users for one next-server thread, ≈ ${Math.floor(200 / stackPerUser)} for the stack on 2 cores`,
    });
  }
  if (held && failed) {
    rows.push({
      metric: `load: worst API at N=${failed.n}, the step not held (${failed.worst.api})`,
      median: failed.worst.median,
      p95: round(failed.worst.p95),
      unit: "ms",
      reference: `target: p95 ≤ ${P95_LIMIT_MS} ms`,
      ratio: round(failed.worst.p95 / P95_LIMIT_MS),
      pass: failed.worst.p95 <= P95_LIMIT_MS && failed.errors.length === 0,
      note: `${round(failed.requests / failed.seconds, 0)} req/s, ${failed.errors.length} errors, next-server CPU p95 ${failed.nextServer ? Math.round(failed.nextServer.cpuP95Pct) : "?"} %`,
    });
  }
  rows[0]!.detail = { stepSeconds: STEP_SECONDS, steps };
  return rows;
}

/** Latencies per API and errors of one step. */
class Recorder {
  samples = new Map<string, number[]>();
  failures = new Map<string, number>();
  errors: string[] = [];
  inFlight = new Set<Promise<unknown>>();
  active = true;

  reset(): void {
    this.samples.clear();
    this.failures.clear();
    this.errors = [];
  }

  error(message: string): void {
    if (this.active) this.errors.push(message);
  }

  /** Times one request; a status outside 2xx, a timeout or a network error counts as an error. */
  async call(api: string, send: () => Promise<Response>): Promise<Response | null> {
    const t0 = performance.now();
    try {
      const response = await send();
      const ms = performance.now() - t0;
      if (this.active) {
        const list = this.samples.get(api) ?? [];
        list.push(ms);
        this.samples.set(api, list);
        if (response.status >= 300) {
          this.failures.set(api, (this.failures.get(api) ?? 0) + 1);
          this.errors.push(`${api} → ${response.status}`);
        }
      }
      return response;
    } catch (error) {
      if (this.active) {
        this.failures.set(api, (this.failures.get(api) ?? 0) + 1);
        this.errors.push(`${api} → ${error instanceof Error ? error.message : String(error)}`);
      }
      return null;
    }
  }

  track<T>(promise: Promise<T>): void {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
  }
}

type StepOptions = {
  n: number;
  seconds: number;
  patients: Sim[];
  providers: Sim[];
  subscribe(pusher: PusherJS, name: string): Promise<Channel>;
  slotsPath(): string;
  book(client: Client): Promise<{ status: number; ms: number; body: unknown }>;
};

async function runStep(ctx: BenchContext, db: pg.Pool, recorder: Recorder, options: StepOptions): Promise<StepResult> {
  const { patients, providers } = options;
  // Each provider's patients get back-to-back 3-minute visits, the last starting within 10 minutes: every
  // room opens 15 minutes ahead, so all are open now.
  const now = Date.now();
  const specs = patients.map((patient, i) => {
    const provider = providers[i % providers.length]!;
    const k = Math.floor(i / providers.length);
    const start = new Date(now + 30_000 + k * 3 * 60_000);
    return { patientId: patient.person.id, providerId: provider.person.id, start, end: new Date(start.getTime() + 3 * 60_000) };
  });
  const ids = await insertAppointments(db, specs);
  const visitOf = new Map(patients.map((p, i) => [p.person.id, ids[i]!]));
  const providerOfVisit = new Map(ids.map((id, i) => [id, providers[i % providers.length]!]));

  const deadline = performance.now() + options.seconds * 1000;
  const live = () => performance.now() < deadline;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    if (!live()) return;
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        if (live()) fn();
      },
      Math.max(0, ms),
    );
    timers.add(timer);
  };
  const request = (sim: Sim, api: string, method: string, path: string, body?: unknown) => {
    const p = recorder
      .call(api, () =>
        sim.client.raw(path, {
          method,
          headers: body === undefined ? undefined : { "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        }),
      )
      .then(async (r) => {
        await r?.arrayBuffer().catch(() => undefined);
        return r;
      });
    recorder.track(p);
    return p;
  };
  const unbinds: (() => void)[] = [];
  const presence: { sim: Sim; name: string }[] = [];
  const admitted = new Set<string>();
  const qualityLoop = (sim: Sim, visitId: string) => {
    const tick = () => {
      void request(sim, "POST /api/visits/{id}/quality", "POST", `/api/visits/${visitId}/quality`, QUALITY);
      later(jitter(5000, 400), tick);
    };
    later(jitter(1500, 1000), tick);
  };

  // Providers: re-read the day on every waiting-room event, admit whoever checked in.
  for (const provider of providers) {
    const channel = provider.pusher.channel(`private-provider-${provider.person.id}`);
    const admitting = new Set<string>();
    const onEvent = (data: { appointmentId?: string; change?: string }) => {
      if (!live()) return;
      void request(provider, "GET /api/provider/day", "GET", "/api/provider/day");
      const id = data.appointmentId;
      if (data.change === "checked-in" && id && providerOfVisit.get(id) === provider && !admitting.has(id)) {
        admitting.add(id);
        later(jitter(1250, 750), () => {
          void request(provider, "POST /api/visits/{id}/admit", "POST", `/api/visits/${id}/admit`).then((r) => {
            if (r?.status !== 200 || !live()) return;
            admitted.add(id);
            const name = `presence-visit-${id}`;
            presence.push({ sim: provider, name });
            recorder.track(options.subscribe(provider.pusher, name));
            qualityLoop(provider, id);
          });
        });
      }
    };
    channel?.bind("waiting-room", onEvent);
    unbinds.push(() => channel?.unbind("waiting-room", onEvent));
  }

  // Patients: browse, check in, book, follow their visit, send quality once admitted.
  patients.forEach((patient, i) => {
    const visitId = visitOf.get(patient.person.id)!;
    const userChannel = patient.pusher.channel(`private-user-${patient.person.id}`);
    let inCall = false;
    const onState = (data: { appointmentId?: string; change?: string }) => {
      if (!live() || data.appointmentId !== visitId) return;
      void request(patient, "GET /api/visits/{id}", "GET", `/api/visits/${visitId}`);
      if (data.change === "admitted" && !inCall) {
        inCall = true;
        qualityLoop(patient, visitId);
      }
    };
    userChannel?.bind("visit-state", onState);
    unbinds.push(() => userChannel?.unbind("visit-state", onState));

    const browse = () => {
      void request(patient, "GET /api/providers/{id}/slots", "GET", options.slotsPath());
      later(jitter(6000, 1500), browse);
    };
    later(Math.random() * 3000, browse);
    // Arrivals spread over the first 60 % of the step, not all at once.
    later(1000 + Math.random() * (options.seconds * 600 - 1000), () => {
      void request(patient, "POST /api/visits/{id}/check-in", "POST", `/api/visits/${visitId}/check-in`).then((r) => {
        if (r?.status !== 200 || !live()) return;
        const name = `presence-visit-${visitId}`;
        presence.push({ sim: patient, name });
        recorder.track(options.subscribe(patient.pusher, name));
      });
    });
    if (i % 2 === 0) {
      later(2000 + Math.random() * 12_000, () => {
        const p = recorder.call("POST /api/appointments", async () => {
          const r = await options.book(patient.client);
          return new Response(null, { status: r.status === 201 ? 201 : r.status });
        });
        recorder.track(p);
      });
    }
  });

  const sampler = ctx.nextPid === null ? null : new ProcessSampler(ctx.nextPid, ctx.stackPid).start();
  const t0 = performance.now();
  while (live()) await sleep(100);
  for (const timer of timers) clearTimeout(timer);
  // Let requests in flight finish (each has its own timeout), then stop counting.
  await Promise.race([Promise.allSettled([...recorder.inFlight]), sleep(REQUEST_TIMEOUT_MS + 1000)]);
  const seconds = (performance.now() - t0) / 1000;
  sampler?.stop();
  recorder.active = false;
  for (const unbind of unbinds) unbind();
  for (const { sim, name } of presence) sim.pusher.unsubscribe(name);
  // Free the providers' and patients' times for the next step.
  await db.query(`UPDATE "Appointment" SET status = 'CANCELLED', "cancelledAt" = now(), "updatedAt" = now() WHERE id = ANY($1)`, [ids]);
  recorder.active = true;

  const byApi: StepResult["byApi"] = {};
  let requests = 0;
  // A p95 needs samples: an API with fewer than MIN_SAMPLES requests in the step (check-in, admit and
  // booking happen once per visit) is judged together with the other rare ones, as one group.
  const groups = new Map<string, number[]>();
  const rare: string[] = [];
  for (const [api, samples] of recorder.samples) {
    const entry = {
      count: samples.length,
      errors: recorder.failures.get(api) ?? 0,
      median: round(median(samples)),
      p95: round(p95(samples)),
    };
    byApi[api] = entry;
    requests += samples.length;
    if (samples.length >= MIN_SAMPLES) groups.set(api, samples);
    else rare.push(api);
  }
  if (rare.length)
    groups.set(
      rare.length === 1 ? rare[0]! : `${rare.length} APIs with < ${MIN_SAMPLES} requests each, pooled`,
      rare.flatMap((api) => recorder.samples.get(api) ?? []),
    );
  let worst = { api: "none", p95: 0, median: 0 };
  for (const [api, samples] of groups)
    if (p95(samples) > worst.p95) worst = { api, p95: round(p95(samples)), median: round(median(samples)) };
  for (const [api, count] of recorder.failures)
    if (!byApi[api]) byApi[api] = { count: 0, errors: count, median: Number.NaN, p95: Number.NaN };
  const errors = [...recorder.errors];
  const stats = (values: number[]) => ({ median: median(values), p95: p95(values), peak: Math.max(...values) });
  return {
    n: options.n,
    patients: patients.length,
    providers: providers.length,
    seconds: round(seconds, 1),
    requests,
    byApi,
    errors,
    worst,
    held: errors.length === 0 && worst.p95 <= P95_LIMIT_MS,
    pooled: rare,
    nextServer:
      sampler && sampler.cpuPct.length
        ? {
            rssPeakMb: Math.max(...sampler.rssMb),
            cpuMeanPct: mean(sampler.cpuPct),
            cpuMedianPct: stats(sampler.cpuPct).median,
            cpuP95Pct: stats(sampler.cpuPct).p95,
            cpuPeakPct: stats(sampler.cpuPct).peak,
          }
        : null,
    stack:
      sampler && sampler.treeCpuPct.length
        ? { cpuMeanPct: mean(sampler.treeCpuPct), cpuMedianPct: median(sampler.treeCpuPct), cpuP95Pct: p95(sampler.treeCpuPct) }
        : null,
    admittedVisits: admitted.size,
    visits: ids.length,
  };
}
