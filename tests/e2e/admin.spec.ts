import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { demo, newPatient, signInAs, signInByApi } from "./support/auth";
import { expectAccessible } from "./support/axe";
import { createPastVisits, createReviewedVisit } from "./support/admin-fixtures";

test("an admin finds a visit, reads its timeline and quality charts, and exports it as CSV", async ({ page }) => {
  const visit = await createReviewedVisit();
  await signInAs(page, demo("ADMIN").email);

  await page.goto("/admin/sessions");
  await expect(page.getByRole("heading", { name: "Sessions" })).toBeVisible();
  await page.getByLabel("Patient").fill(visit.patientName);
  await page.getByRole("button", { name: "Filter" }).click();
  const row = page.locator(`[data-session="${visit.appointmentId}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText("Completed");
  await expect(row).toContainText("Direct");
  await expect(row).toContainText("2 min 00 s");
  await expect(page.locator("[data-session]")).toHaveCount(1);
  await expectAccessible(page);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^sessions-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile(await download.path(), "utf8")).trim().split("\r\n");
  expect(csv).toHaveLength(2);
  expect(csv[0]).toMatch(/^visit_id,scheduled_start_utc,/);
  expect(csv[1]).toContain(visit.appointmentId);
  expect(csv[1]).toContain(`${visit.patientName},`);
  expect(csv[1]).toContain(",Completed,120,");
  expect(csv[1]).toContain(",direct,0,good,");

  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { name: `${visit.patientName} with ${visit.provider.name}` })).toBeVisible();
  const timeline = page.locator("[data-timeline]");
  await expect(timeline).toContainText(`${visit.patientName} (patient) checked in and is waiting`);
  await expect(timeline).toContainText(`${visit.provider.name} (provider) admitted ${visit.patientName}`);
  await expect(timeline).toContainText(`${visit.patientName} (patient) connected (direct; host to srflx)`);
  await expect(timeline).toContainText("16 quality samples");
  await expect(timeline).toContainText(`${visit.provider.name} (provider) ended the visit`);
  for (const chart of ["rttMs", "packetLossPct", "inKbps"]) {
    const svg = page.locator(`[data-chart="chart-${chart}"] svg[role="img"]`);
    await expect(svg).toBeVisible();
    await expect(svg.locator("g[data-series] path")).toHaveCount(2);
  }
  await expect(page.locator('[data-chart="chart-rttMs"] desc')).toContainText("40 to 70 ms");
  await expectAccessible(page);

  await page.goto("/admin/audit");
  await expect(
    page
      .locator('[data-audit="session.view"]')
      .filter({ has: page.locator(`[data-target-id="${visit.appointmentId}"]`) })
      .first(),
  ).toContainText(`${visit.patientName} with ${visit.provider.name}`);
  await expect(
    page
      .locator('[data-audit="session.export"]')
      .filter({ hasText: `patient: ${visit.patientName}` })
      .first(),
  ).toBeVisible();
  await expectAccessible(page);
});

test("the overview and users pages work and pass axe", async ({ page }) => {
  await createReviewedVisit(2);
  await signInAs(page, demo("ADMIN").email);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.locator('[data-chart="visits-per-day"] svg rect').first()).toBeAttached();
  await expect(page.getByRole("table")).toContainText("Dr. Test Provider");
  await expectAccessible(page);
  await page.goto("/admin/users?role=ADMIN");
  await expect(page.getByRole("row").filter({ hasText: demo("ADMIN").email })).toContainText("This is you");
  await expectAccessible(page);
});

test("an admin deactivates a patient only after confirming, which signs the patient out at once", async ({ page, browser }) => {
  const patientContext = await browser.newContext();
  const patient = await newPatient(patientContext.request);
  await signInByApi(patientContext.request, patient.email, patient.password);
  expect((await patientContext.request.get("/api/appointments")).status()).toBe(200);

  await signInAs(page, demo("ADMIN").email);
  await page.goto(`/admin/users?q=${encodeURIComponent(patient.email)}`);
  const row = page.getByRole("row").filter({ hasText: patient.email });
  await row.getByRole("button", { name: /^Deactivate / }).click();
  await row.getByRole("button", { name: "Keep active" }).click();
  await expect(row).toContainText("Active");
  expect((await patientContext.request.get("/api/appointments")).status()).toBe(200);

  await row.getByRole("button", { name: /^Deactivate / }).click();
  await expect(row.getByRole("group", { name: /Confirm deactivating/ })).toContainText("Sign Test Patient out");
  await row.getByRole("button", { name: "Yes, deactivate" }).click();
  await expect(row).toContainText("Deactivated");
  expect((await patientContext.request.get("/api/appointments")).status()).toBe(401);
  await row.getByRole("button", { name: /^Reactivate / }).click();
  await expect(row).not.toContainText("Deactivated");
  await patientContext.close();
});

test("an admin pages through a provider's sessions forward and back, the filter kept", async ({ page }) => {
  const visit = await createPastVisits(55);
  await signInAs(page, demo("ADMIN").email);
  await page.goto(`/admin/sessions?providerId=${visit.provider.id}`);
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(50);
  const firstRowOfPageOne = await rows.first().textContent();
  const pages = page.getByRole("navigation", { name: "Pages" });
  await expect(pages.getByRole("link")).toHaveText(["Next page"]);
  await pages.getByRole("link", { name: "Next page" }).click();
  await expect(rows).toHaveCount(5);
  await expect(pages.getByRole("link")).toHaveText(["First page", "Previous page"]);
  await pages.getByRole("link", { name: "Previous page" }).click();
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toHaveText(firstRowOfPageOne ?? "");
  expect(new URL(page.url()).searchParams.get("providerId")).toBe(visit.provider.id);
});

test("patients and providers get 403 on admin pages and admin APIs", async ({ page }) => {
  for (const role of ["PATIENT", "PROVIDER"] as const) {
    await page.context().clearCookies();
    await signInAs(page, demo(role).email);
    for (const path of ["/admin", "/admin/sessions", "/admin/users", "/admin/audit"]) {
      expect((await page.goto(path))?.status(), `${role} ${path}`).toBe(403);
    }
    expect((await page.request.get("/api/admin/sessions")).status()).toBe(403);
  }
});
