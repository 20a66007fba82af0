import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { demo, signInAs, someAddress } from "./support/auth";
import { createReviewedVisit } from "./support/admin-fixtures";

async function signUp(request: APIRequestContext, name: string): Promise<string> {
  const email = `${name.toLowerCase().replaceAll(" ", "-")}@e2e.test`;
  const response = await request.post("/api/signup", {
    data: { name, email, password: "e2e-password-123", timeZone: "UTC" },
    headers: { "x-forwarded-for": someAddress() },
  });
  expect(response.status()).toBe(201);
  return email;
}

test("creating a provider, promoting to admin (after a confirmation naming what it grants), deactivating, reactivating, opening and exporting sessions are all in the audit trail, by name", async ({
  page,
  playwright,
}) => {
  const tag = randomUUID().slice(0, 6);
  const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  const promoted = `Promo ${tag}`;
  const paused = `Paused ${tag}`;
  const [promotedEmail, pausedEmail] = [await signUp(anonymous, promoted), await signUp(anonymous, paused)];
  await anonymous.dispose();
  const visit = await createReviewedVisit(2);
  await signInAs(page, demo("ADMIN").email);

  await page.goto("/admin/users");
  const newProvider = `Dr. New ${tag}`;
  const form = page.getByRole("form", { name: "New provider" });
  await form.getByLabel("Full name").fill(newProvider);
  await form.getByLabel("Email").fill(`new-${tag}@e2e.test`);
  await form.getByLabel("Temporary password").fill("temporary-pass-123");
  await form.getByLabel("Specialty").fill("Cardiology");
  await form.getByRole("button", { name: /Create|Add/ }).click();
  await expect(form.getByRole("status")).toContainText(`${newProvider} can now sign in`);

  await page.goto(`/admin/users?q=${encodeURIComponent(promotedEmail)}`);
  const row = page.getByRole("row").filter({ hasText: promotedEmail });
  await row.getByLabel(`Role for ${promoted}`, { exact: true }).selectOption("ADMIN");
  await row.getByRole("button", { name: `Save role for ${promoted}` }).click();
  const confirm = row.getByRole("group", { name: `Confirm making ${promoted} an admin` });
  await expect(confirm).toContainText(
    "Admins see every visit's details and timeline, export sessions with patients' names, create providers, and change anyone's role or access.",
  );
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(row.getByRole("cell", { name: "Patient", exact: true })).toBeVisible();
  await row.getByLabel(`Role for ${promoted}`, { exact: true }).selectOption("ADMIN");
  await row.getByRole("button", { name: `Save role for ${promoted}` }).click();
  await row.getByRole("button", { name: `Yes, make ${promoted} an admin` }).click();
  await expect(row.getByRole("cell", { name: "Admin", exact: true })).toBeVisible();

  await page.goto(`/admin/users?q=${encodeURIComponent(pausedEmail)}`);
  const pausedRow = page.getByRole("row").filter({ hasText: pausedEmail });
  await pausedRow.getByRole("button", { name: `Deactivate ${paused}` }).click();
  await pausedRow.getByRole("button", { name: "Yes, deactivate" }).click();
  await expect(pausedRow).toContainText("Deactivated");
  await pausedRow.getByRole("button", { name: `Reactivate ${paused}` }).click();
  await expect(pausedRow).not.toContainText("Deactivated");

  await page.goto(`/admin/sessions/${visit.appointmentId}`);
  await expect(page.getByRole("heading", { name: `${visit.patientName} with ${visit.provider.name}` })).toBeVisible();
  expect((await page.request.get(`/api/admin/sessions/export?providerId=${visit.provider.id}`)).status()).toBe(200);

  await page.goto("/admin/audit");
  const entry = (action: string, text: string) => page.locator(`[data-audit="${action}"]`).filter({ hasText: text }).first();
  await expect(entry("user.create-provider", newProvider)).toContainText("Created a provider");
  await expect(entry("user.create-provider", newProvider)).toContainText("Avery Admin");
  await expect(entry("user.role", promoted)).toContainText("From patient to admin");
  await expect(entry("user.deactivate", paused)).toContainText("Deactivated an account");
  await expect(entry("user.reactivate", paused)).toContainText("Reactivated an account");
  await expect(entry("session.view", visit.patientName)).toContainText(`${visit.patientName} with ${visit.provider.name}`);
  await expect(entry("session.export", `provider: ${visit.provider.name}`)).toContainText("Exported sessions as CSV");
  // Names, not raw ids: no row shows a user's or visit's id as its text.
  await expect(page.locator("tbody")).not.toContainText(visit.appointmentId);
  await expect(page.locator("tbody")).not.toContainText(visit.provider.id);
});
