import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signInAs } from "../support/auth";
import { addAppointment, createAlwaysOpenProvider, createPatientRow } from "../support/day-fixtures";
import { auditPage, summarize, type PageAudit } from "../support/page-audit";

// Run by the phone and tablet projects (portrait and landscape): each page of the patient's and the
// provider's path, checked for overflow, 44x44 targets and a reachable primary action.

test("the patient's path, from sign-up to booking, the appointments list and the account page", async ({ page }, testInfo) => {
  test.setTimeout(90_000); // seven full-page screenshots at a phone's pixel ratio take seconds each on a busy machine
  const audits: PageAudit[] = [];
  const provider = await createAlwaysOpenProvider(`Dr. Touch ${randomUUID().slice(0, 4)}`);
  await page.goto("/");
  audits.push(await auditPage(page, testInfo, "01-landing", { primary: page.getByRole("link", { name: "Create a patient account" }) }));
  await page.getByRole("link", { name: "Create a patient account" }).click();
  audits.push(await auditPage(page, testInfo, "02-sign-up", { primary: page.getByRole("button", { name: "Create account" }) }));
  await page.getByLabel("Full name").fill("Touch Patient");
  await page.getByLabel("Email").fill(`touch-${randomUUID().slice(0, 8)}@e2e.test`);
  await page.getByLabel("Password", { exact: true }).fill("touch-password-1");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/appointments/);
  audits.push(await auditPage(page, testInfo, "03-appointments-empty", { primary: page.getByRole("link", { name: "Book a visit" }) }));

  await page.goto("/book");
  const seeTimes = page.getByRole("link", { name: `See free times with ${provider.name}` });
  audits.push(await auditPage(page, testInfo, "04-providers", { primary: seeTimes }));
  await seeTimes.click();
  await page.getByLabel("What is the visit about?").fill("Sore throat");
  const slots = page.locator("button[data-start]");
  await expect(slots.first()).toBeVisible();
  await slots.nth(Math.min(6, (await slots.count()) - 1)).click();
  audits.push(await auditPage(page, testInfo, "05-choose-time", { primary: page.getByRole("button", { name: "Book this time" }) }));
  await page.getByRole("button", { name: "Book this time" }).click();
  await expect(page).toHaveURL(/\/appointments\?booked=/);
  audits.push(
    await auditPage(page, testInfo, "06-appointments-booked", { primary: page.getByRole("link", { name: "Join visit" }).first() }),
  );

  await page.getByRole("link", { name: "Account" }).click();
  await expect(page).toHaveURL(/\/account$/);
  audits.push(await auditPage(page, testInfo, "07-account", { primary: page.getByRole("button", { name: "Save my details" }) }));
  testInfo.annotations.push({ type: "touch audit (patient)", description: JSON.stringify(summarize(audits)) });
});

test("the provider's dashboard and schedule pages", async ({ page }, testInfo) => {
  const audits: PageAudit[] = [];
  const provider = await createAlwaysOpenProvider();
  await addAppointment({
    patientId: (await createPatientRow()).id,
    providerId: provider.id,
    startInMinutes: 3 * 24 * 60,
    reason: "Follow-up",
  });
  await signInAs(page, provider.email, provider.password);
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Today" })).toBeVisible();
  audits.push(await auditPage(page, testInfo, "11-dashboard", { primary: page.getByRole("link", { name: "Schedule" }) }));
  await page.getByRole("link", { name: "Schedule" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Schedule" })).toBeVisible();
  audits.push(await auditPage(page, testInfo, "12-schedule", { primary: page.getByRole("button", { name: "Save hours and settings" }) }));
  testInfo.annotations.push({ type: "touch audit (provider)", description: JSON.stringify(summarize(audits)) });
});
