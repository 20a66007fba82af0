// Ways out of a call, in real Chromium over loopback: the patient's Leave (and rejoin), signing out in
// another tab, a deactivation. Each proves media with rising bytes and that the camera really stops.
import { expect, test } from "@playwright/test";
import { chromiumArgs } from "../../playwright.config";
import { demo, signInByApi } from "./support/auth";
import { expectMediaFlowing, firstRealFrame, liveMediaTracks, startCall, TRACK_MEDIA } from "./support/call";
import { visitEvents } from "./support/visit-fixtures";

// Four pages encoding and decoding on two shared cores: setting up a call can take a while.
test.describe.configure({ timeout: 120_000 });

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [...chromiumArgs.filter((a) => a !== "--use-fake-device-for-media-stream"), "--use-fake-device-for-media-stream=fps=15"],
  },
});

const shot = (page: import("@playwright/test").Page, name: string) => page.screenshot({ path: `.data/screens/${name}.png` });

const leftReasons = async (appointmentId: string, actorId: string) =>
  (await visitEvents(appointmentId)).filter((e) => e.type === "LEFT" && e.actorId === actorId).map((e) => e.data.reason ?? null);

test("the patient leaves after a confirmation, the provider sees it and may wait or end, and the patient rejoins", async ({ browser }) => {
  const call = await startCall(browser, { patientScript: TRACK_MEDIA });
  const { patient, provider, visit } = call;
  await Promise.all([firstRealFrame(patient.page), firstRealFrame(provider.page)]);
  expect(await liveMediaTracks(patient.page)).toBeGreaterThan(0);

  await patient.page.getByRole("button", { name: "Leave", exact: true }).click();
  const confirm = patient.page.getByRole("group", { name: "Leave the call" });
  await expect(confirm).toContainText("You can rejoin while the visit is open");
  await shot(patient.page, "leave-confirm-desktop");
  await confirm.getByRole("button", { name: "Yes, leave" }).click();

  await expect(patient.page.locator('[data-away="left"]')).toContainText("You left the call");
  await expect.poll(() => liveMediaTracks(patient.page), { timeout: 5000 }).toBe(0);
  await expect(patient.page.getByRole("link", { name: "Back to my appointments" })).toHaveAttribute("href", "/appointments");
  await expect(provider.page.locator('[data-other-left="left"]')).toContainText(`${visit.patient.name} left the call`);
  await expect(provider.page.locator('[data-other-left="left"]')).toContainText("wait here for them to rejoin, or end the visit");
  await expect(provider.page.getByRole("button", { name: "End visit" })).toBeVisible();
  // A patient who chose to leave is not a connection problem: the status says so, not "Reconnecting…".
  await expect(provider.page.getByTestId("call-status")).toHaveText(`${visit.patient.name} left`);
  await shot(provider.page, "leave-provider-sees-desktop");
  await patient.page.setViewportSize({ width: 390, height: 664 });
  await shot(patient.page, "leave-away-phone");
  await patient.page.setViewportSize({ width: 1280, height: 720 });
  await expect.poll(() => leftReasons(visit.appointmentId, visit.patient.id)).toContain("left");

  await patient.page.getByRole("button", { name: "Rejoin the call" }).click();
  await expectMediaFlowing(patient.page, "host");
  await expectMediaFlowing(provider.page, "host");
  await expect(provider.page.locator("[data-other-left]")).toHaveCount(0);
  await expect(provider.page.getByTestId("call-status")).toHaveText("Connected");
  await call.close();
});

test("signing out in another tab stops the call and the camera within seconds; the room says why and LEFT is recorded", async ({
  browser,
}) => {
  const call = await startCall(browser, { patientScript: TRACK_MEDIA });
  const { patient, provider, visit } = call;
  await Promise.all([firstRealFrame(patient.page), firstRealFrame(provider.page)]);
  await expectMediaFlowing(provider.page, "host");

  const other = await patient.context.newPage();
  await other.goto("/sign-out", { waitUntil: "domcontentloaded" }).catch(() => other.goto("/sign-out", { waitUntil: "domcontentloaded" }));
  const started = Date.now();
  await other.getByRole("button", { name: "Sign out" }).click();

  await expect(patient.page.locator('[data-away="signed-out"]')).toContainText("You signed out", { timeout: 5000 });
  await expect.poll(() => liveMediaTracks(patient.page), { timeout: 5000 }).toBe(0);
  const seconds = (Date.now() - started) / 1000;
  // On a shared computer the next person must not read the patient's name in the header.
  await expect(patient.page.getByTestId("header-signed-out")).toBeVisible();
  await expect(patient.page.getByTestId("header-name")).toHaveCount(0);
  await shot(patient.page, "signed-out-tab-desktop");
  test
    .info()
    .annotations.push({ type: "timing", description: `sign-out in another tab: call and camera stopped after ${seconds.toFixed(2)} s` });
  expect(patient.page.locator("[data-call-status]")).toHaveCount(0);
  await expect(provider.page.locator('[data-other-left="signed-out"]')).toContainText(`${visit.patient.name} signed out`);
  await expect.poll(() => leftReasons(visit.appointmentId, visit.patient.id)).toContain("signed-out");
  await call.close();
});

test("deactivating a patient mid-call stops their call and camera at once, on every tab", async ({ browser }) => {
  const call = await startCall(browser, { patientScript: TRACK_MEDIA });
  const { patient, provider, visit } = call;
  await Promise.all([firstRealFrame(patient.page), firstRealFrame(provider.page)]);

  const admin = await browser.newContext();
  await signInByApi(admin.request, demo("ADMIN").email);
  const started = Date.now();
  expect((await admin.request.patch(`/api/admin/users/${visit.patient.id}`, { data: { active: false } })).status()).toBe(200);
  await expect(patient.page.locator('[data-away="signed-out"]')).toBeVisible({ timeout: 5000 });
  await expect.poll(() => liveMediaTracks(patient.page), { timeout: 5000 }).toBe(0);
  test.info().annotations.push({
    type: "timing",
    description: `deactivation: call and camera stopped after ${((Date.now() - started) / 1000).toFixed(2)} s`,
  });
  await expect(provider.page.locator('[data-other-left="session-ended"]')).toContainText(`${visit.patient.name} was signed out`);
  await shot(provider.page, "deactivated-provider-sees-desktop");
  await expect.poll(() => leftReasons(visit.appointmentId, visit.patient.id)).toContain("session-ended");
  await admin.close();
  await call.close();
});
