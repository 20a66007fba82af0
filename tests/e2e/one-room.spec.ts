// One live visit room per participant, on any device (issue 13, item 4), in real Chromium over loopback:
// a second tab or browser says the visit is open elsewhere and offers only "Use it here"; using it there
// stops the first page's camera and says why, and the call goes on with the new page without a click on the
// other side (proved with real frames and rising bytes both ways).
import { expect, test, type Browser, type Page } from "@playwright/test";
import { chromiumArgs } from "../../playwright.config";
import { signInAs } from "./support/auth";
import { expectMediaFlowing, firstRealFrame, liveMediaTracks, startCall, TRACK_MEDIA } from "./support/call";
import { createVisitNow, visitEvents, type Person } from "./support/visit-fixtures";

test.describe.configure({ timeout: 120_000 });

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [...chromiumArgs.filter((a) => a !== "--use-fake-device-for-media-stream"), "--use-fake-device-for-media-stream=fps=15"],
  },
});

const ELSEWHERE = "This visit is open in another tab or on another device";
const MOVED = "You moved this visit to another tab or device";
// The old page hears of the move on its channel at once, or at its next heartbeat (ROOM_HEARTBEAT_MS, 5 s) if
// that word is lost or late on a loaded machine: allow a heartbeat and a slow request.
const MOVED_WITHIN_MS = 12_000;

async function shots(page: Page, name: string) {
  await page.screenshot({ path: `.data/screens/${name}-desktop.png` });
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 664 });
  await page.screenshot({ path: `.data/screens/${name}-phone.png`, fullPage: true });
  if (size) await page.setViewportSize(size);
}

/** The page says the visit is open elsewhere, offers one big "Use it here", and nothing that starts the visit here. */
async function expectOpenElsewhere(page: Page) {
  const panel = page.locator('[data-away="elsewhere"]');
  await expect(panel).toContainText(ELSEWHERE);
  const useHere = panel.getByRole("button", { name: "Use it here" });
  const box = await useHere.boundingBox();
  expect(box?.width ?? 0).toBeGreaterThanOrEqual(44);
  expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
  await expect(page.getByRole("button", { name: "Check in" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Continue" })).toHaveCount(0);
  await expect(page.locator("[data-call-status]")).toHaveCount(0);
  expect(await liveMediaTracks(page)).toBe(0);
  return useHere;
}

async function secondDevice(browser: Browser, person: Person, appointmentId: string) {
  const context = await browser.newContext({ timezoneId: "America/New_York" });
  await context.addInitScript(TRACK_MEDIA);
  const page = await context.newPage();
  await signInAs(page, person.email, person.password);
  await page.goto(`/visits/${appointmentId}`);
  return { context, page };
}

const moves = async (appointmentId: string, actorId: string) =>
  (await visitEvents(appointmentId)).filter((e) => e.actorId === actorId && e.data.reason === "moved").map((e) => e.type);

test("a patient with the room open in two tabs: the second says it is open elsewhere, and Use it here moves it", async ({ browser }) => {
  const visit = await createVisitNow();
  const context = await browser.newContext({ timezoneId: "America/New_York" });
  await context.addInitScript(TRACK_MEDIA);
  const first = await context.newPage();
  await signInAs(first, visit.patient.email, visit.patient.password);
  await first.goto(`/visits/${visit.appointmentId}`);
  await expect(first.getByRole("button", { name: "Continue" })).toBeVisible();
  await expect.poll(() => liveMediaTracks(first)).toBeGreaterThan(0);

  const second = await context.newPage();
  await second.goto(`/visits/${visit.appointmentId}`);
  const useHere = await expectOpenElsewhere(second);
  // It stays so: the first tab's heartbeat keeps the room.
  await second.waitForTimeout(6000);
  await expectOpenElsewhere(second);
  await shots(second, "one-room-elsewhere");

  await useHere.click();
  await expect(second.getByRole("button", { name: "Continue" })).toBeVisible();
  await expect(first.locator('[data-away="moved"]')).toContainText(MOVED, { timeout: MOVED_WITHIN_MS });
  await expect.poll(() => liveMediaTracks(first), { timeout: 5000 }).toBe(0);
  await expect(first.getByRole("button", { name: "Continue" })).toHaveCount(0);
  await expect(first.locator('[data-away="moved"]').getByRole("button", { name: "Use it here" })).toBeVisible();
  await shots(first, "one-room-moved");

  // A reload of the tab that holds the room keeps it (its session survives the reload).
  await second.reload();
  await expect(second.getByRole("button", { name: "Continue" })).toBeVisible();
  await expect(first.locator('[data-away="moved"]')).toBeVisible();
  await context.close();
});

test("in a call, the patient moves it to a second device: the first releases its camera and says why, the call goes on", async ({
  browser,
}) => {
  // Three browsers encoding and decoding video on two shared cores, and two handovers.
  test.setTimeout(180_000);
  const call = await startCall(browser, { patientScript: TRACK_MEDIA });
  const { patient, provider, visit } = call;
  await Promise.all([firstRealFrame(patient.page), firstRealFrame(provider.page)]);
  await expectMediaFlowing(provider.page, "host");

  const phone = await secondDevice(browser, visit.patient, visit.appointmentId);
  const useHere = await expectOpenElsewhere(phone.page);
  // Opening it elsewhere took nothing from the call.
  await expectMediaFlowing(patient.page, "host");

  await useHere.click();
  await expect(patient.page.locator('[data-away="moved"]')).toContainText(MOVED, { timeout: MOVED_WITHIN_MS });
  await expect.poll(() => liveMediaTracks(patient.page), { timeout: 5000 }).toBe(0);
  await expect(patient.page.locator("[data-call-status]")).toHaveCount(0);
  // The new device and the provider see each other again, and nobody clicked anything on the provider's side.
  await expectMediaFlowing(phone.page, "host");
  await expectMediaFlowing(provider.page, "host");
  await expect(provider.page.getByTestId("call-status")).toHaveText("Connected");
  await expect(provider.page.locator("[data-other-left]")).toHaveCount(0);
  await shots(phone.page, "one-room-moved-call");
  await expect.poll(() => moves(visit.appointmentId, visit.patient.id)).toEqual(["LEFT", "JOINED"]);

  // And back: the first device takes it again with its own Use it here.
  await patient.page.locator('[data-away="moved"]').getByRole("button", { name: "Use it here" }).click();
  // The take may wait on a busy server (its button says "Moving it here…" meanwhile).
  await expect(phone.page.locator('[data-away="moved"]')).toBeVisible({ timeout: 15_000 });
  await expect.poll(() => liveMediaTracks(phone.page), { timeout: 5000 }).toBe(0);
  await expectMediaFlowing(patient.page, "host");
  await expectMediaFlowing(provider.page, "host");
  await phone.page.goto("about:blank");
  await phone.context.close();
  await call.close();
});

test("in a call, the provider moves it to another tab: the old tab stops, the patient's call recovers by itself", async ({ browser }) => {
  const call = await startCall(browser);
  const { patient, provider, visit } = call;
  await provider.context.addInitScript(TRACK_MEDIA);
  await Promise.all([firstRealFrame(patient.page), firstRealFrame(provider.page)]);

  const tab = await provider.context.newPage();
  await tab.goto(`/visits/${visit.appointmentId}`);
  const useHere = await expectOpenElsewhere(tab);
  await shots(tab, "one-room-provider-elsewhere");
  await useHere.click();
  await expect(provider.page.locator('[data-away="moved"]')).toContainText(MOVED, { timeout: MOVED_WITHIN_MS });
  await expect(provider.page.locator("[data-call-status]")).toHaveCount(0);
  await expectMediaFlowing(tab, "host");
  await expectMediaFlowing(patient.page, "host");
  await expect(patient.page.getByTestId("call-status")).toHaveText("Connected");
  await expect.poll(() => moves(visit.appointmentId, visit.provider.id)).toEqual(["LEFT", "JOINED"]);
  await tab.goto("about:blank");
  await call.close();
});
