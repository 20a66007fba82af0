// After a real call (two Chromium contexts with fake camera and microphone, checked in and admitted
// through the rooms, media proven with decoded frames), an admin in a third context finds the visit,
// reads its timeline and quality charts, and exports it as CSV.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { chromiumArgs } from "../../playwright.config";
import { demo, signInAs } from "./support/auth";
import { expectMediaFlowing, firstRealFrame, startCallThroughTheRooms } from "./support/call";
import { visitEvents } from "./support/visit-fixtures";

// As in call.spec.ts: the fake camera at 15 fps, so a call beside another worker's call stays smooth.
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [...chromiumArgs.filter((a) => a !== "--use-fake-device-for-media-stream"), "--use-fake-device-for-media-stream=fps=15"],
  },
});

test("after a real direct call, the admin finds it, reads its timeline and charts, and exports it", async ({ browser }) => {
  test.setTimeout(120_000);
  const call = await startCallThroughTheRooms(browser);
  const { visit, patient, provider } = call;
  try {
    await Promise.all([firstRealFrame(patient.page), firstRealFrame(provider.page)]);
    await expectMediaFlowing(patient.page, "host");
    await expectMediaFlowing(provider.page, "host");

    // Samples are posted about every 5 s by each side: wait until each side has stored at least one
    // with a round trip (a first sample has no bitrate yet: that needs two stats readings).
    const qualityBySide = async () => {
      const events = await visitEvents(visit.appointmentId);
      const count = (actorId: string) =>
        events.filter((e) => e.type === "QUALITY" && e.actorId === actorId && typeof e.data.rttMs === "number").length;
      return Math.min(count(visit.patient.id), count(visit.provider.id));
    };
    await expect.poll(qualityBySide, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);

    await provider.page.getByRole("button", { name: "End visit" }).click();
    await provider.page.getByRole("button", { name: "Yes, end the visit" }).click();
    await expect(provider.page.getByTestId("call-summary").getByRole("heading", { name: "You ended the visit" })).toBeVisible();
    await expect(patient.page.getByTestId("call-summary").getByRole("heading", { name: "Your provider ended the visit" })).toBeVisible();
  } finally {
    await call.close();
  }

  const events = await visitEvents(visit.appointmentId);
  const types = events.map((e) => e.type);
  expect(types).toEqual(expect.arrayContaining(["CHECKED_IN", "ADMITTED", "CONNECTED", "QUALITY", "ENDED"]));

  const adminContext = await browser.newContext();
  try {
    const page = await adminContext.newPage();
    await signInAs(page, demo("ADMIN").email);
    await page.goto("/admin/sessions");
    await expect(page.getByRole("heading", { name: "Sessions" })).toBeVisible();
    await page.getByLabel("Patient").fill(visit.patient.name);
    await page.getByRole("button", { name: "Filter" }).click();
    const row = page.locator(`[data-session="${visit.appointmentId}"]`);
    await expect(row).toBeVisible();
    await expect(row).toContainText(visit.patient.name);
    await expect(row).toContainText("Completed");
    await expect(row).toContainText("Direct");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^sessions-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = (await readFile(await download.path(), "utf8")).trim().split("\r\n");
    expect(csv[0]).toMatch(/^visit_id,scheduled_start_utc,/);
    const line = csv.find((l) => l.startsWith(`${visit.appointmentId},`));
    expect(line, `a CSV row for ${visit.appointmentId}`).toBeDefined();
    expect(line).toContain(`${visit.patient.name},`);
    expect(line).toContain(",Completed,");
    expect(line).toContain(",direct,");

    await row.getByRole("link").click();
    await expect(page.getByRole("heading", { name: `${visit.patient.name} with ${visit.provider.name}` })).toBeVisible();
    const timeline = page.locator("[data-timeline]");
    await expect(timeline).toContainText(`${visit.patient.name} (patient) checked in and is waiting`);
    await expect(timeline).toContainText(`${visit.provider.name} (provider) admitted ${visit.patient.name}`);
    // Each connection names its pair (a call of three has one per pair of people).
    await expect(timeline).toContainText(
      `${visit.patient.name} (patient) connected with ${visit.provider.name} (provider) (direct; host to host)`,
    );
    await expect(timeline).toContainText(
      `${visit.provider.name} (provider) connected with ${visit.patient.name} (patient) (direct; host to host)`,
    );
    await expect(timeline).toContainText(/\d+ quality samples? \(/);
    await expect(timeline).toContainText(`${visit.provider.name} (provider) ended the visit`);
    // A line per side that stored the figure (a missing figure is left out of the chart): for the round
    // trip both sides, as waited for above; bitrate and loss as the samples stored them.
    const quality = events.filter((e) => e.type === "QUALITY");
    const sidesWith = (metric: string) =>
      [visit.patient.id, visit.provider.id].filter((id) => quality.some((e) => e.actorId === id && typeof e.data[metric] === "number"))
        .length;
    expect(sidesWith("rttMs")).toBe(2);
    for (const metric of ["rttMs", "packetLossPct", "inKbps"]) {
      const svg = page.locator(`[data-chart="chart-${metric}"] svg[role="img"]`);
      await expect(svg).toBeVisible();
      await expect(svg.locator("g[data-series] path"), `${metric}: a path per side with samples`).toHaveCount(sidesWith(metric));
    }
  } finally {
    await adminContext.close();
  }
});
