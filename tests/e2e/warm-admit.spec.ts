// Warm connections (docs/decisions/0009-warm-connections.md), in real Chromium over loopback: while the
// patient waits and the provider has the visit open, the connection is up with nothing on its senders;
// getStats() on both sides proves no audio or video leaves or is decoded before Admit. Admit then swaps the
// tracks in with no offer or answer (counted by the test hook), directly and through coturn; a patient
// reloading before Admit gets a new warm connection; with warming off, Admit negotiates as before.
import { expect, test, type Page } from "@playwright/test";
import { chromiumArgs } from "../../playwright.config";
import { startTestStack } from "./support/test-stack";
import { createVisitIn, expectMediaFlowing, firstRealFrame, startTurnServer } from "./support/call";
import { signInAs } from "./support/auth";
import { visitEvents } from "./support/visit-fixtures";
import { freePort } from "../../scripts/free-port";

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [...chromiumArgs.filter((a) => a !== "--use-fake-device-for-media-stream"), "--use-fake-device-for-media-stream=fps=15"],
  },
});

type Media = { sentAudio: number; sentVideo: number; framesDecoded: number; audioReceived: number; connection: string | null };

/** What the page's call has sent and decoded so far, from getStats(). */
function media(page: Page): Promise<Media> {
  return page.evaluate(async () => {
    const pc = window.__consultCall?.pc;
    const stats = pc ? [...(await pc.getStats()).values()] : [];
    const sum = (type: string, kind: string, field: string) =>
      stats.filter((s) => s.type === type && s.kind === kind).reduce((n, s) => n + Number(s[field] ?? 0), 0);
    return {
      sentAudio: sum("outbound-rtp", "audio", "bytesSent"),
      sentVideo: sum("outbound-rtp", "video", "bytesSent"),
      framesDecoded: sum("inbound-rtp", "video", "framesDecoded"),
      audioReceived: sum("inbound-rtp", "audio", "bytesReceived"),
      connection: pc?.connectionState ?? null,
    };
  });
}

const descriptions = (page: Page) => page.evaluate(() => window.__consultCall?.timings.descriptions ?? -1);
const session = (page: Page) => page.evaluate(() => window.__consultCall?.session ?? null);

/** A checked-in patient in the waiting room and the provider on the visit page, not admitted. */
async function waitingVisit(browser: import("@playwright/test").Browser, stack?: { baseUrl: string; databaseUrl: string }) {
  const visit = await createVisitIn(stack?.databaseUrl);
  const options = stack ? { baseURL: stack.baseUrl } : {};
  const patientContext = await browser.newContext({ ...options, timezoneId: "America/New_York" });
  const providerContext = await browser.newContext({ ...options, timezoneId: "Europe/London" });
  const [patient, provider] = await Promise.all([patientContext.newPage(), providerContext.newPage()]);
  await Promise.all([
    signInAs(patient, visit.patient.email, visit.patient.password),
    signInAs(provider, visit.provider.email, visit.provider.password),
  ]);
  expect((await patient.request.post(`/api/visits/${visit.appointmentId}/check-in`)).status()).toBe(200);
  await patient.goto(`/visits/${visit.appointmentId}`);
  await expect(patient.locator('[data-call-status="standby"]')).toBeVisible();
  await provider.goto(`/visits/${visit.appointmentId}`);
  const close = async () => {
    await Promise.all([patient.goto("about:blank").catch(() => undefined), provider.goto("about:blank").catch(() => undefined)]);
    await Promise.all([patientContext.close(), providerContext.close()]);
  };
  return { visit, patient, provider, close };
}

/** Both peer connections are up (warm) and stay silent: nothing sent, nothing decoded, for a while. */
async function expectWarmAndSilent(patient: Page, provider: Page) {
  for (const page of [patient, provider])
    await expect.poll(async () => (await media(page)).connection, { timeout: 15_000 }).toBe("connected");
  for (let i = 0; i < 4; i++) {
    await patient.waitForTimeout(400);
    for (const [name, page] of [
      ["patient", patient],
      ["provider", provider],
    ] as const) {
      const m = await media(page);
      expect(m, `${name}: no media before Admit`).toEqual({
        sentAudio: 0,
        sentVideo: 0,
        framesDecoded: 0,
        audioReceived: 0,
        connection: "connected",
      });
    }
  }
  // The patient still reads, in words, that they cannot be seen or heard; the call view has not opened.
  await expect(patient.locator('[data-call-status="standby"]')).toBeVisible();
  await expect(patient.getByTestId("not-seen-yet")).toContainText("cannot see or hear you until they let you in");
}

/** Admit on the visit page; real frames both ways with no offer or answer after the click. Returns ms click → frame. */
async function admitWarm(patient: Page, provider: Page, patientName: string, candidateType: "host" | "relay") {
  const before = { patient: await descriptions(patient), provider: await descriptions(provider) };
  expect(before.patient).toBeGreaterThan(0); // the warm connection was negotiated: counting works
  const clickedAt = Date.now();
  await provider.getByRole("button", { name: `Admit ${patientName}` }).click();
  const [patientFrame, providerFrame] = await Promise.all([firstRealFrame(patient), firstRealFrame(provider)]);
  await expectMediaFlowing(patient, candidateType);
  await expectMediaFlowing(provider, candidateType);
  expect({ patient: await descriptions(patient), provider: await descriptions(provider) }, "no offer or answer after the click").toEqual(
    before,
  );
  const line = `warm admit (${candidateType}): first real remote frame ~${Math.round(patientFrame.at - clickedAt)} ms (patient) / ~${Math.round(providerFrame.at - clickedAt)} ms (provider) after the click (Node clock)`;
  test.info().annotations.push({ type: "timing", description: line });
  console.log(line);
}

test("warm before Admit: nothing sent or decoded on either side; Admit swaps tracks in with no offer or answer; CONNECTED at Admit", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const stack = await startTestStack({ WARM_CONNECTIONS_MAX: "5" });
  const savedDb = process.env.E2E_DATABASE_URL;
  try {
    const { visit, patient, provider, close } = await waitingVisit(browser, stack);
    process.env.E2E_DATABASE_URL = stack.databaseUrl; // visitEvents reads this stack's database
    await expectWarmAndSilent(patient, provider);
    expect((await visitEvents(visit.appointmentId)).filter((e) => e.type === "CONNECTED")).toEqual([]);
    await admitWarm(patient, provider, visit.patient.name, "host");
    await expect
      .poll(
        async () =>
          (await visitEvents(visit.appointmentId))
            .filter((e) => e.type === "CONNECTED")
            .map((e) => e.actorId)
            .sort(),
        { timeout: 10_000 },
      )
      .toEqual([visit.patient.id, visit.provider.id].sort());
    await expect(patient.getByTestId("call-status")).toHaveText("Connected");
    await close();
  } finally {
    process.env.E2E_DATABASE_URL = savedDb;
    await stack.stop();
  }
});

test("warm through coturn (relay policy): silent before Admit, frames after with no renegotiation", async ({ browser }) => {
  test.setTimeout(180_000);
  const turn = await startTurnServer(await freePort());
  const stack = await startTestStack({
    TURN_URLS: turn.url,
    TURN_SECRET: turn.secret,
    ICE_TRANSPORT_POLICY: "relay",
    WARM_CONNECTIONS_MAX: "5",
  }).catch(async (error: unknown) => {
    await turn.stop();
    throw error;
  });
  try {
    const { visit, patient, provider, close } = await waitingVisit(browser, stack);
    await expectWarmAndSilent(patient, provider);
    await admitWarm(patient, provider, visit.patient.name, "relay");
    await close();
  } finally {
    await stack.stop();
    await turn.stop();
  }
});

test("the patient reloads before Admit: a new warm connection is built by itself, and Admit still needs no offer", async ({ browser }) => {
  test.setTimeout(240_000);
  const stack = await startTestStack({ WARM_CONNECTIONS_MAX: "5" });
  try {
    const { visit, patient, provider, close } = await waitingVisit(browser, stack);
    await expect.poll(async () => (await media(provider)).connection, { timeout: 15_000 }).toBe("connected");
    const before = await session(provider);
    await patient.reload();
    await expect(patient.locator('[data-call-status="standby"]')).toBeVisible();
    await expect.poll(() => session(provider), { timeout: 15_000 }).not.toBe(before);
    await expectWarmAndSilent(patient, provider);
    await admitWarm(patient, provider, visit.patient.name, "host");
    await close();
  } finally {
    await stack.stop();
  }
});

test("warming off (WARM_CONNECTIONS_MAX=0): no connection before Admit, and Admit connects the ordinary way", async ({ browser }) => {
  test.setTimeout(180_000);
  const stack = await startTestStack({ WARM_CONNECTIONS_MAX: "0" });
  try {
    const { visit, patient, provider, close } = await waitingVisit(browser, stack);
    await provider.waitForTimeout(2000);
    expect(await media(provider)).toMatchObject({ connection: null });
    expect(await descriptions(provider)).toBe(0);
    await provider.getByRole("button", { name: `Admit ${visit.patient.name}` }).click();
    await Promise.all([firstRealFrame(patient), firstRealFrame(provider)]);
    await expectMediaFlowing(patient, "host");
    await expectMediaFlowing(provider, "host");
    expect(await descriptions(provider)).toBeGreaterThan(0);
    await close();
  } finally {
    await stack.stop();
  }
});
