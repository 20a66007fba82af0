// A patient whose browser refuses the camera: the device check and the waiting room say what is true,
// the provider's card and call say "no camera" (not a bad connection), and the call carries sound,
// proven by audio arriving at the provider (inbound-rtp audio: bytes and samples rising).
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./support/auth";
import { createVisitNow } from "./support/visit-fixtures";
import pg from "pg";

async function setDateOfBirth(userId: string, date: string) {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  await client.query(`UPDATE "User" SET "dateOfBirth" = $2 WHERE id = $1`, [userId, date]).finally(() => client.end());
}

// The camera permission is refused for this page only; the microphone is Chromium's fake one.
const REFUSE_CAMERA = `(() => {
  const devices = navigator.mediaDevices;
  const open = devices.getUserMedia.bind(devices);
  devices.getUserMedia = (constraints) =>
    constraints && constraints.video ? Promise.reject(new DOMException("Permission denied", "NotAllowedError")) : open(constraints);
})();`;

async function audioArriving(page: Page) {
  return page.evaluate(async () => {
    const pc = window.__consultCall?.pc;
    if (!pc) throw new Error("no call on this page");
    const read = async () => {
      const inbound = [...(await pc.getStats()).values()].find((s) => s.type === "inbound-rtp" && s.kind === "audio");
      return {
        bytes: Number(inbound?.bytesReceived ?? 0),
        samples: Number(inbound?.totalSamplesReceived ?? 0),
        video: [...(await pc.getStats()).values()].filter(
          (s) => s.type === "inbound-rtp" && s.kind === "video" && Number(s.framesDecoded ?? 0) > 0,
        ).length,
      };
    };
    const before = await read();
    await new Promise((r) => setTimeout(r, 800));
    return { before, after: await read() };
  });
}

test.describe.configure({ timeout: 120_000 });

test("camera refused: the check and the waiting room say so, the provider sees 'no camera', and the call's sound arrives", async ({
  browser,
}) => {
  const visit = await createVisitNow();
  await setDateOfBirth(visit.patient.id, "1948-03-07");
  const patientContext = await browser.newContext();
  await patientContext.addInitScript(REFUSE_CAMERA);
  const providerContext = await browser.newContext();
  const [patient, provider] = await Promise.all([patientContext.newPage(), providerContext.newPage()]);
  await Promise.all([
    signInAs(patient, visit.patient.email, visit.patient.password),
    signInAs(provider, visit.provider.email, visit.provider.password),
  ]);
  await provider.goto("/dashboard");
  await expect(provider.locator('[data-live="on"]')).toBeVisible();

  await patient.goto(`/visits/${visit.appointmentId}`);
  await expect(patient.getByText("Camera: blocked")).toBeVisible();
  await expect(patient.getByText("Microphone: working")).toBeVisible();
  await patient.getByRole("button", { name: "Continue" }).click();
  const step = patient.locator("[data-device-summary]");
  await expect(step).toHaveAttribute("data-device-summary", "camera-blocked");
  await expect(step).toContainText("you can still join with sound only");
  await expect(step).toContainText("padlock icon in the address bar");
  await expect(patient.getByText("Your devices are checked")).toHaveCount(0);
  await patient.screenshot({ path: ".data/screens/camera-refused-check-in-desktop.png" });
  await patient.getByRole("button", { name: "Check in" }).click();
  const waiting = patient.locator('[data-call-status="standby"]');
  await expect(waiting).toContainText("Your camera is not available");
  await expect(waiting).not.toContainText("Your camera is ready");
  await patient.setViewportSize({ width: 390, height: 664 });
  await patient.screenshot({ path: ".data/screens/camera-refused-waiting-phone.png", fullPage: true });
  await patient.setViewportSize({ width: 1280, height: 720 });

  const card = provider.locator(`[data-waiting-card="${visit.appointmentId}"]`);
  await expect(card).toContainText("No camera (blocked in the browser): audio only");
  await expect(card.getByTestId("date-of-birth")).toHaveText("Date of birth: 7 March 1948");
  await provider.screenshot({ path: ".data/screens/waiting-card-no-camera-desktop.png" });
  await card.getByRole("button", { name: `Admit ${visit.patient.name}` }).click();
  await expect(provider.locator('[data-call-status="connected"]')).toBeVisible({ timeout: 40_000 });
  await expect(provider.getByTestId("no-picture")).toContainText(`${visit.patient.name} has no camera: you can hear them`);
  await expect(provider.getByTestId("quality-badge")).not.toContainText("Poor");
  await expect(provider.locator("[data-call-status]").getByTestId("date-of-birth")).toHaveText("Date of birth: 7 March 1948");
  await provider.screenshot({ path: ".data/screens/audio-only-call-provider-desktop.png" });

  const { before, after } = await audioArriving(provider);
  expect(after.bytes).toBeGreaterThan(before.bytes);
  expect(after.samples).toBeGreaterThan(before.samples);
  expect(after.video, "no video frames from a patient without a camera").toBe(0);
  await Promise.all([patient.goto("about:blank"), provider.goto("about:blank")]);
  await Promise.all([patientContext.close(), providerContext.close()]);
});
