// Faults: the Pusher server killed mid-call, PostgreSQL stopped and started, two Next.js instances
// sharing PostgreSQL and Pusher, and one of them killed mid-call. The tests own every service they break
// (see support/faults/): one PostgreSQL, one Pusher server, two instances behind a sticky balancer.
import { expect, test, type APIResponse } from "@playwright/test";
import { chromiumArgs } from "../../playwright.config";
import { expectMediaFlowing, firstRealFrame } from "./support/call";
import { startCluster, type Cluster } from "./support/faults/cluster";
import {
  callSession,
  closeSides,
  createPatient,
  createProvider,
  createVisit,
  createVisitNow,
  halfWritten,
  inboundVideoBytes,
  markPage,
  openCall,
  openSide,
  signedInContext,
  stillMarked,
  visitRows,
  withDb,
} from "./support/faults/fixtures";
import { sleep } from "./support/faults/processes";

// As in call.spec.ts: the fake camera at 15 fps, so calls on two cores leave the servers time to answer.
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [...chromiumArgs.filter((a) => a !== "--use-fake-device-for-media-stream"), "--use-fake-device-for-media-stream=fps=15"],
  },
});

// One cluster for the file, tests in order in one worker (the faults must not overlap); each test first
// starts again whatever the last one left down, and a failing one does not skip the rest.
test.describe.configure({ mode: "default" });

let cluster: Cluster;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const started = Date.now();
  cluster = await startCluster();
  console.log(`fault cluster up in ${Date.now() - started} ms`);
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  const reports = cluster?.cspReports() ?? [];
  await cluster?.stop();
  // As for the shared stack (global-setup.ts): a page that broke its own Content-Security-Policy fails the run.
  expect(reports, "Content-Security-Policy violations on the fault cluster").toEqual([]);
});

test.beforeEach(async () => {
  await cluster.ensureUp();
});

// A failure here is often a service that died: say which, with the end of what each instance printed.
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus || !cluster) return;
  for (const instance of [cluster.a, cluster.b]) {
    const tail = instance.output().split("\n").slice(-40).join("\n");
    console.log(`instance ${instance.name}: ${instance.running ? "running" : "NOT running"}; its last lines:\n${tail}`);
  }
  console.log(
    `postgres: ${cluster.postgres.running ? "running" : "NOT running"}; pusher: ${cluster.pusher.running ? "running" : "NOT running"}`,
  );
});

function note(line: string) {
  test.info().annotations.push({ type: "fault", description: line });
  console.log(line);
}

test("the Pusher server is killed mid-call: media keeps flowing, clients resubscribe, the waiting room and dashboard resync", async ({
  browser,
}) => {
  // Five phases (call, kill, down, restart, resync) and pusher-js's own reconnect back-off: on two loaded
  // cores the whole story has run past 60 s, and on a fresh clone (cold pages) past 120 s, every step on time.
  test.setTimeout(180_000);
  const db = cluster.databaseUrl();
  const [provider, p1, p2, p3] = await Promise.all([createProvider(db), createPatient(db), createPatient(db), createPatient(db)]);
  // Back to back for one provider: one in the call, one waiting, one who checks in while Pusher is down.
  const inCall = await createVisit(db, provider, p1, { startInMinutes: -20, minutes: 22 });
  const waiting = await createVisit(db, provider, p2, { startInMinutes: 2, minutes: 5 });
  const late = await createVisit(db, provider, p3, { startInMinutes: 7, minutes: 5 });
  const patient = await openSide(browser, cluster.url, p1, "a", "America/New_York");
  const doctor = await openSide(browser, cluster.url, provider, "b");
  const waiter = await openSide(browser, cluster.url, p2, "a", "America/New_York");
  const lateComer = await signedInContext(browser, cluster.url, p3, "b");
  const dashboard = await doctor.context.newPage();
  try {
    await openCall(inCall, patient, doctor);
    expect((await waiter.context.request.post(`/api/visits/${waiting.appointmentId}/check-in`)).status()).toBe(200);
    await Promise.all([waiter.page.goto(`/visits/${waiting.appointmentId}`), dashboard.goto("/dashboard")]);
    await expect(waiter.page.locator('[data-visit-phase="waiting"]')).toBeVisible();
    // This cluster's pages are cold (its own next-server): the first live connection gets 20 s, as the resync checks do.
    await expect(dashboard.locator('[data-live="on"]')).toBeVisible({ timeout: 20_000 });
    await expect(dashboard.locator(`[data-waiting-card="${waiting.appointmentId}"]`)).toBeVisible();
    await expect(dashboard.locator(`[data-waiting-card="${late.appointmentId}"]`)).toHaveCount(0);
    await Promise.all([firstRealFrame(patient.page), firstRealFrame(doctor.page)]);
    await expectMediaFlowing(patient.page, "host");
    const sessions = await Promise.all([callSession(patient.page), callSession(doctor.page)]);
    for (const page of [patient.page, doctor.page, waiter.page, dashboard]) await markPage(page);
    await expect.poll(() => cluster.pusher.presenceMembers(`presence-visit-${inCall.appointmentId}`)).toEqual([p1.id, provider.id].sort());

    const bytesBefore = await Promise.all([inboundVideoBytes(patient.page), inboundVideoBytes(doctor.page)]);
    await cluster.pusher.kill();
    const killedAt = Date.now();

    // While it is down: the app still answers (realtime is a courtesy on top of the database)...
    expect(
      (await doctor.context.request.post(`/api/visits/${waiting.appointmentId}/running-late`, { data: { minutes: 10 } })).status(),
    ).toBe(200);
    expect((await lateComer.request.post(`/api/visits/${late.appointmentId}/check-in`)).status()).toBe(200);
    // ...the call carries on peer to peer, on the same peer connections...
    await sleep(2000);
    await expectMediaFlowing(patient.page, "host");
    await expectMediaFlowing(doctor.page, "host");
    // ...the dashboard admits it may be stale, and nobody has heard of the changes yet.
    await expect(dashboard.locator('[data-live="off"]')).toBeVisible();
    // (The waiting room re-reads its visit every 5 s, issue 13, so it may hear of the delay even now.)
    await expect(dashboard.locator(`[data-waiting-card="${late.appointmentId}"]`)).toHaveCount(0);

    await cluster.pusher.start();
    const restartedAt = Date.now();
    note(`pusher: down for ${restartedAt - killedAt} ms`);

    // The new server knows nothing: every page subscribed again by itself (presence channels included).
    await expect
      .poll(
        async () => [
          await cluster.pusher.presenceMembers(`presence-visit-${inCall.appointmentId}`),
          await cluster.pusher.presenceMembers(`presence-visit-${waiting.appointmentId}`),
        ],
        { timeout: 20_000 },
      )
      // The waiting visit's channel has the provider too: the dashboard keeps its warm connection (decision 9).
      .toEqual([[p1.id, provider.id].sort(), [p2.id, provider.id].sort()]);
    note(`pusher: presence channels resubscribed ${Date.now() - restartedAt} ms after the restart`);
    await expect
      .poll(() => cluster.pusher.occupiedChannels(), { timeout: 20_000 })
      .toEqual(
        expect.arrayContaining([
          `private-provider-${provider.id}`,
          `private-user-${provider.id}`,
          `private-user-${p1.id}`,
          `private-user-${p2.id}`,
        ]),
      );

    // The waiting room and the dashboard re-read the server's state on resubscribing, with no reload.
    // (As generous as the polls above: a re-read is one request to an instance that is catching up too.)
    await expect(waiter.page.getByTestId("running-late")).toContainText("10 minutes", { timeout: 20_000 });
    await expect(dashboard.locator(`[data-waiting-card="${late.appointmentId}"]`)).toBeVisible({ timeout: 20_000 });
    await expect(dashboard.locator('[data-live="on"]')).toBeVisible({ timeout: 20_000 });
    note(`pusher: waiting room and dashboard resynced ${Date.now() - restartedAt} ms after the restart`);
    // And they are live again: a change now arrives as an event.
    expect(
      (await doctor.context.request.post(`/api/visits/${waiting.appointmentId}/running-late`, { data: { minutes: 15 } })).status(),
    ).toBe(200);
    await expect(waiter.page.getByTestId("running-late")).toContainText("15 minutes");

    // The call never noticed: same peer connections, media still flowing, more of it than before the kill.
    await expectMediaFlowing(patient.page, "host");
    await expectMediaFlowing(doctor.page, "host");
    expect(await Promise.all([callSession(patient.page), callSession(doctor.page)])).toEqual(sessions);
    const bytesAfter = await Promise.all([inboundVideoBytes(patient.page), inboundVideoBytes(doctor.page)]);
    expect(bytesAfter[0]).toBeGreaterThan(bytesBefore[0]!);
    expect(bytesAfter[1]).toBeGreaterThan(bytesBefore[1]!);
    for (const page of [patient.page, doctor.page, waiter.page, dashboard]) expect(await stillMarked(page)).toBe(true);
  } finally {
    await lateComer.close();
    await closeSides(patient, doctor, waiter);
  }
});

type Answer = { label: string; status: number; body: string; retryAfter: string | null };

async function answer(label: string, pending: Promise<APIResponse>): Promise<Answer> {
  const response = await pending;
  return { label, status: response.status(), body: await response.text(), retryAfter: response.headers()["retry-after"] ?? null };
}

test("PostgreSQL is stopped and started: 503 with a message meanwhile, pages say so, recovery with no restart, nothing half-written", async ({
  browser,
}) => {
  const db = cluster.databaseUrl();
  const provider = await createProvider(db, { alwaysOpen: true });
  const patients = await Promise.all(Array.from({ length: 6 }, () => createPatient(db)));
  // Back-to-back visits, all in progress (checked in and admitted), to be ended while the database goes away.
  const visits = await Promise.all(patients.map((p, i) => createVisit(db, provider, p, { startInMinutes: -10 + 3 * i, minutes: 3 })));
  const doctor = await openSide(browser, cluster.url, provider, "a");
  const patientContexts = await Promise.all(patients.map((p, i) => signedInContext(browser, cluster.url, p, i % 2 ? "b" : "a")));
  const doctorOnB = await signedInContext(browser, cluster.url, provider, "b");
  try {
    for (const [i, visit] of visits.entries()) {
      expect((await patientContexts[i]!.request.post(`/api/visits/${visit.appointmentId}/check-in`)).status()).toBe(200);
      expect((await doctor.context.request.post(`/api/visits/${visit.appointmentId}/admit`)).status()).toBe(200);
    }
    const slots = (await (
      await patientContexts[0]!.request.get(
        `/api/providers/${provider.id}/slots?from=${new Date().toISOString()}&to=${new Date(Date.now() + 2 * 86_400_000).toISOString()}`,
      )
    ).json()) as { slots: { start: string }[] };
    expect(slots.slots.length).toBeGreaterThan(10);
    await doctor.page.goto("/dashboard");
    await expect(doctor.page.getByRole("heading", { name: "Today", exact: true })).toBeVisible();
    const pids = [cluster.a.pid, cluster.b.pid];

    // Writes in flight as the database stops: visits ended (appointment + ENDED event in one transaction)
    // from both instances, and bookings (appointment + its summary row by trigger), one every 60 ms from
    // before the stop until after it.
    const writes: Promise<Answer>[] = [];
    let stoppedAt = 0;
    let done = 0;
    const track = (pending: Promise<Answer>) => writes.push(pending.then((a) => ((done += a.status < 300 ? 1 : 0), a)));
    const storm = (async () => {
      for (let i = 0; (!stoppedAt || Date.now() - stoppedAt < 300) && i < slots.slots.length - 2; i++) {
        if (i < visits.length)
          track(answer(`end ${i}`, (i % 2 ? doctorOnB : doctor.context).request.post(`/api/visits/${visits[i]!.appointmentId}/end`)));
        track(
          answer(
            `book ${i}`,
            patientContexts[i % patients.length]!.request.post("/api/appointments", {
              data: { providerId: provider.id, start: slots.slots[i]!.start, reason: "Storm" },
            }),
          ),
        );
        await sleep(60);
      }
    })();
    // Stop once some writes are done and more are on their way.
    await expect.poll(() => done, { timeout: 10_000 }).toBeGreaterThan(0);
    const stopping = Date.now();
    await cluster.postgres.stop();
    stoppedAt = Date.now();
    note(`postgres: stopped in ${stoppedAt - stopping} ms with writes in flight`);
    await storm;

    // While it is down: JSON answers say so, with 503 and Retry-After, from both instances...
    const during = await Promise.all([
      answer("GET visit on a", doctor.context.request.get(`/api/visits/${visits[0]!.appointmentId}`)),
      answer("GET visit on b", doctorOnB.request.get(`/api/visits/${visits[0]!.appointmentId}`)),
      answer("GET appointments", patientContexts[1]!.request.get("/api/appointments")),
      answer(
        "GET slots",
        patientContexts[0]!.request.get(
          `/api/providers/${provider.id}/slots?from=${new Date().toISOString()}&to=${new Date(Date.now() + 86_400_000).toISOString()}`,
        ),
      ),
      answer(
        "POST booking",
        patientContexts[2]!.request.post("/api/appointments", {
          data: { providerId: provider.id, start: slots.slots.at(-1)!.start, reason: "During" },
        }),
      ),
      answer("POST check-in", patientContexts[3]!.request.post(`/api/visits/${visits[3]!.appointmentId}/check-in`)),
      answer(
        "POST pusher auth",
        doctor.context.request.post("/api/pusher/auth", { form: { socket_id: "1.1", channel_name: `private-user-${provider.id}` } }),
      ),
    ]);
    const signIn = await browser.newContext({ baseURL: cluster.url });
    const csrf = (await (await signIn.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    during.push(
      await answer(
        "sign-in",
        signIn.request.post("/api/auth/callback/credentials", {
          form: { email: provider.email, password: provider.password, csrfToken: csrf.csrfToken, json: "true" },
          maxRedirects: 0,
        }),
      ),
    );
    await signIn.close();
    for (const a of during) {
      expect(a.status, `${a.label}: ${a.body}`).toBe(503);
      expect(JSON.parse(a.body), a.label).toEqual({ error: expect.stringMatching(/unavailable/i) });
      expect(a.retryAfter, a.label).toMatch(/^\d+$/);
    }
    const health = await doctor.context.request.get("/api/health");
    expect(health.status()).toBe(503);
    expect(await health.json()).toMatchObject({ ok: false, database: { ok: false }, realtime: { ok: true } });
    // ...and a page says it in words instead of a stack trace or a blank screen.
    const page = await doctor.page.goto("/dashboard");
    expect(page?.status()).toBeGreaterThanOrEqual(500);
    await expect(doctor.page.getByRole("heading", { name: /briefly unavailable/i })).toBeVisible();
    await expect(doctor.page.getByRole("button", { name: "Try again" })).toBeVisible();

    const starting = Date.now();
    await cluster.postgres.start();
    note(`postgres: down for ${Date.now() - stopping} ms (start took ${Date.now() - starting} ms)`);
    // The same processes serve again once their pools reconnect: nobody restarted anything.
    for (const instance of [cluster.a, cluster.b]) {
      await expect.poll(async () => (await fetch(`${instance.url}/api/health`)).status, { timeout: 15_000 }).toBe(200);
    }
    note(`postgres: both instances healthy ${Date.now() - starting} ms after the start`);
    expect([cluster.a.pid, cluster.b.pid]).toEqual(pids);
    await doctor.page.getByRole("button", { name: "Try again" }).click();
    await expect(doctor.page.getByRole("heading", { name: "Today", exact: true })).toBeVisible();

    // Every answer was a decision: done, refused, or 503. Never a 500.
    const storming = await Promise.all(writes);
    const statuses = storming.map((a) => `${a.label}: ${a.status}`);
    note(
      `postgres: writes in flight answered ${JSON.stringify(storming.reduce<Record<number, number>>((n, a) => ({ ...n, [a.status]: (n[a.status] ?? 0) + 1 }), {}))}`,
    );
    const logged = [cluster.a, cluster.b].flatMap((i) =>
      i
        .output()
        .split("\n")
        .filter((l) => l.includes("unhandled error in route")),
    );
    for (const a of storming) expect([200, 201, 409, 503], `${statuses.join(", ")}\n${logged.join("\n")}`).toContain(a.status);
    // The stop landed mid-stream: some writes were done before it, some refused by it.
    expect(
      storming.some((a) => a.status === 200 || a.status === 201),
      statuses.join(", "),
    ).toBe(true);
    expect(
      storming.some((a) => a.status === 503),
      statuses.join(", "),
    ).toBe(true);
    for (const a of storming.filter((x) => x.status === 503))
      expect(JSON.parse(a.body)).toEqual({ error: expect.stringMatching(/unavailable/i) });
    // What was answered as done is there.
    for (const a of storming.filter((x) => x.status === 200 && x.label.startsWith("end"))) {
      expect((await visitRows(db, visits[Number(a.label.split(" ")[1])]!.appointmentId)).status).toBe("COMPLETED");
    }
    for (const a of storming.filter((x) => x.status === 201)) {
      const id = (JSON.parse(a.body) as { id: string }).id;
      expect(await withDb(db, (c) => c.query(`SELECT 1 FROM "Appointment" WHERE id = $1`, [id]).then((r) => r.rowCount))).toBe(1);
    }
    // Ending the rest works now, and nothing anywhere is half-written.
    for (const visit of visits) {
      const status = (await doctorOnB.request.post(`/api/visits/${visit.appointmentId}/end`)).status();
      expect([200, 409]).toContain(status);
      expect((await visitRows(db, visit.appointmentId)).status).toBe("COMPLETED");
    }
    expect(await halfWritten(db)).toEqual([]);
    expect(
      (
        await patientContexts[4]!.request.post("/api/appointments", {
          data: { providerId: provider.id, start: slots.slots.at(-2)!.start, reason: "After" },
        })
      ).status(),
    ).toBe(201);
  } finally {
    await Promise.all([...patientContexts, doctorOnB].map((c) => c.close()));
    await closeSides(doctor);
  }
});

test("two instances: a booking race spread across both gives exactly one booking", async ({ browser }) => {
  const db = cluster.databaseUrl();
  const [provider, other] = await Promise.all([createProvider(db, { alwaysOpen: true }), createProvider(db, { alwaysOpen: true })]);
  const patients = await Promise.all(Array.from({ length: 8 }, () => createPatient(db)));
  const contexts = await Promise.all(patients.map((p, i) => signedInContext(browser, cluster.url, p, i % 2 ? "b" : "a")));
  try {
    const query = `from=${new Date().toISOString()}&to=${new Date(Date.now() + 2 * 86_400_000).toISOString()}`;
    const { slots } = (await (await contexts[0]!.request.get(`/api/providers/${provider.id}/slots?${query}`)).json()) as {
      slots: { start: string }[];
    };
    const start = slots[0]!.start;
    const before = cluster.balancer.served.length;
    // Eight patients, half on each instance, all at once for the same slot.
    const answers = await Promise.all(
      contexts.map((c, i) =>
        answer(`patient ${i}`, c.request.post("/api/appointments", { data: { providerId: provider.id, start, reason: "Race" } })),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    note(`race: one slot, 8 patients over 2 instances -> ${JSON.stringify(statuses)}`);
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const a of answers.filter((x) => x.status === 409))
      expect(JSON.parse(a.body)).toEqual({ error: "That time was just taken. Please choose another time." });
    const posts = cluster.balancer.served.slice(before).filter((s) => s.path === "/api/appointments" && s.method === "POST");
    expect(new Set(posts.map((s) => s.backend))).toEqual(new Set(["a", "b"]));
    const rows = await withDb(db, (c) =>
      c.query(`SELECT "patientId" FROM "Appointment" WHERE "providerId" = $1 AND status = 'SCHEDULED'`, [provider.id]),
    );
    expect(rows.rowCount).toBe(1);

    // One patient, two providers, the same time, one request to each instance: one booking, and the other
    // is refused as a double booking of the patient.
    const { slots: otherSlots } = (await (await contexts[1]!.request.get(`/api/providers/${other.id}/slots?${query}`)).json()) as {
      slots: { start: string }[];
    };
    const shared = otherSlots.map((s) => s.start).find((s) => slots.some((t) => t.start === s && s !== start))!;
    const onA = await signedInContext(browser, cluster.url, patients[7]!, "a");
    const twice = await Promise.all([
      answer("to a", onA.request.post("/api/appointments", { data: { providerId: provider.id, start: shared, reason: "Twice" } })),
      answer("to b", contexts[7]!.request.post("/api/appointments", { data: { providerId: other.id, start: shared, reason: "Twice" } })),
    ]);
    await onA.close();
    expect(twice.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(twice.find((a) => a.status === 409)?.body).toContain("You already have an appointment at that time.");
    const own = await withDb(db, (c) =>
      c.query(`SELECT 1 FROM "Appointment" WHERE "patientId" = $1 AND "startsAt" = $2`, [patients[7]!.id, shared]),
    );
    expect(own.rowCount).toBe(1);
    expect(await halfWritten(db)).toEqual([]);
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
});

test("two instances: a call whose sides are served by different instances connects", async ({ browser }) => {
  const db = cluster.databaseUrl();
  const visit = await createVisitNow(db);
  const patient = await openSide(browser, cluster.url, visit.patient, "a", "America/New_York");
  const provider = await openSide(browser, cluster.url, visit.provider, "b");
  try {
    const before = cluster.balancer.served.length;
    await openCall(visit, patient, provider);
    await Promise.all([firstRealFrame(patient.page), firstRealFrame(provider.page)]);
    await expectMediaFlowing(patient.page, "host");
    await expectMediaFlowing(provider.page, "host");
    // Each side was served by its own instance only: pages (which carry the ICE configuration), Pusher auth,
    // connection reports.
    await expect.poll(async () => (await visitRows(db, visit.appointmentId)).events.filter((e) => e.type === "CONNECTED").length).toBe(2);
    const served = cluster.balancer.served
      .slice(before)
      .filter((s) => s.path.includes(visit.appointmentId) || s.path === "/api/pusher/auth");
    const by = (sticky: string) => new Set(served.filter((s) => s.sticky === sticky).map((s) => s.backend));
    expect(by("a")).toEqual(new Set(["a"]));
    expect(by("b")).toEqual(new Set(["b"]));
    for (const sticky of ["a", "b"]) {
      for (const path of [/^\/visits\//, /^\/api\/pusher\/auth$/, /\/connection$/]) {
        expect(
          served.some((s) => s.sticky === sticky && path.test(s.path) && s.status >= 200 && s.status < 300),
          `${sticky} ${path}`,
        ).toBe(true);
      }
    }
  } finally {
    await closeSides(patient, provider);
  }
});

test("one instance is killed mid-call: the call continues and the other instance serves the rest of the visit", async ({ browser }) => {
  const db = cluster.databaseUrl();
  const visit = await createVisitNow(db);
  // Both sides on instance a, which then dies.
  const patient = await openSide(browser, cluster.url, visit.patient, "a", "America/New_York");
  const provider = await openSide(browser, cluster.url, visit.provider, "a");
  try {
    await openCall(visit, patient, provider);
    await Promise.all([firstRealFrame(patient.page), firstRealFrame(provider.page)]);
    await expectMediaFlowing(provider.page, "host");
    const sessions = await Promise.all([callSession(patient.page), callSession(provider.page)]);
    const bytesBefore = await Promise.all([inboundVideoBytes(patient.page), inboundVideoBytes(provider.page)]);

    await cluster.a.kill();
    const killedAt = Date.now();
    expect(cluster.a.running).toBe(false);

    // The call does not depend on the instance that set it up.
    await sleep(2000);
    await expectMediaFlowing(patient.page, "host");
    await expectMediaFlowing(provider.page, "host");
    expect(await Promise.all([callSession(patient.page), callSession(provider.page)])).toEqual(sessions);
    // The pages' own requests (quality samples every 5 s) now go to b.
    await expect
      .poll(
        () =>
          cluster.balancer.served.filter(
            (s) => s.at > killedAt && s.path.endsWith(`${visit.appointmentId}/quality`) && s.backend === "b" && s.status < 300,
          ).length,
        { timeout: 15_000 },
      )
      .toBeGreaterThanOrEqual(1);

    const bytesAfter = await Promise.all([inboundVideoBytes(patient.page), inboundVideoBytes(provider.page)]);
    expect(bytesAfter[0]).toBeGreaterThan(bytesBefore[0]!);
    expect(bytesAfter[1]).toBeGreaterThan(bytesBefore[1]!);
    note(
      `kill: call still up ${Date.now() - killedAt} ms after the instance kill, same peers; video bytes received since ${bytesAfter.map((b, i) => b - bytesBefore[i]!).join(" / ")}`,
    );

    // The provider ends the visit: served by b, both see the summary, the appointment is COMPLETED.
    await provider.page.getByRole("button", { name: "End visit" }).click();
    await provider.page.getByRole("button", { name: "Yes, end the visit" }).click();
    await expect(provider.page.getByTestId("call-summary").getByRole("heading", { name: "You ended the visit" })).toBeVisible();
    await expect(patient.page.getByTestId("call-summary").getByRole("heading", { name: "Your provider ended the visit" })).toBeVisible();
    const end = cluster.balancer.servedFor(new RegExp(`/api/visits/${visit.appointmentId}/end$`), "POST");
    expect(end.map((s) => [s.backend, s.status, s.failedOver])).toEqual([["b", 200, true]]);
    const rows = await visitRows(db, visit.appointmentId);
    expect(rows.status).toBe("COMPLETED");
    expect(rows.events.filter((e) => e.type === "ENDED")).toEqual([{ type: "ENDED", actorId: visit.provider.id }]);
    expect(await halfWritten(db)).toEqual([]);
  } finally {
    await closeSides(patient, provider);
  }
});
