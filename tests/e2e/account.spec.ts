import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { demo, signInByApi } from "./support/auth";
import { e2eQuery } from "./support/day-fixtures";
import { insertUser } from "./support/visit-fixtures";
import pg from "pg";

/** A fixed-offset zone where it is around midday now, so "today" in it holds a visit a few minutes ahead whatever the hour. */
function middayZone(): string {
  const hours = (((12 - new Date().getUTCHours()) % 24) + 24) % 24;
  const offset = hours > 12 ? hours - 24 : hours;
  return offset >= 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

test("a patient signs up with phone and date of birth, keeps them on the account page, changes email and password; the provider's data carries the date of birth", async ({
  page,
  browser,
}) => {
  const tag = randomUUID().slice(0, 8);
  const email = `acct-${tag}@e2e.test`;
  await page.goto("/sign-up");
  await page.getByLabel("Full name").fill("Ada Account");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("first-password-1");
  await page.getByLabel("Phone (optional)").fill("+44 7700 900123");
  await page.getByLabel("Date of birth (optional)").fill("1948-03-09");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/book|\/appointments/);

  await page.getByRole("link", { name: "Account" }).click();
  await expect(page.getByRole("heading", { name: "My account" })).toBeVisible();
  const details = page.getByRole("form", { name: "Your details" });
  await expect(details.getByLabel("Full name")).toHaveValue("Ada Account");
  await expect(details.getByLabel("Phone (optional)")).toHaveValue("+44 7700 900123");
  await expect(details.getByLabel("Date of birth (optional)")).toHaveValue("1948-03-09");
  await details.getByLabel("Full name").fill("Ada M. Account");
  await details.getByLabel("Your time zone").selectOption("Asia/Tokyo");
  await details.getByLabel("Date of birth (optional)").fill("2999-01-01");
  await details.getByRole("button", { name: "Save my details" }).click();
  await expect(details.getByText("Please enter a date of birth in the past.")).toBeVisible();
  await details.getByLabel("Date of birth (optional)").fill("1948-03-10");
  await details.getByRole("button", { name: "Save my details" }).click();
  await expect(details.getByRole("status")).toHaveText("Your details are saved.");
  await page.reload();
  await expect(details.getByLabel("Full name")).toHaveValue("Ada M. Account");
  await expect(details.getByLabel("Your time zone")).toHaveValue("Asia/Tokyo");
  await expect(details.getByLabel("Date of birth (optional)")).toHaveValue("1948-03-10");

  const password = page.getByRole("form", { name: "Password" });
  await password.getByLabel("Current password").fill("not-my-password");
  await password.getByLabel("New password").fill("second-password-2");
  await password.getByRole("button", { name: "Change my password" }).click();
  await expect(password.getByText("That is not your current password.")).toBeVisible();
  await password.getByLabel("Current password").fill("first-password-1");
  await password.getByLabel("New password").fill("second-password-2");
  await password.getByRole("button", { name: "Change my password" }).click();
  await expect(password.getByRole("status")).toHaveText("Your password is changed.");

  const emailForm = page.getByRole("form", { name: "Email address" });
  await emailForm.getByLabel("New email address").fill(demo("PATIENT").email);
  await emailForm.getByLabel("Current password").fill("second-password-2");
  await emailForm.getByRole("button", { name: "Change my email" }).click();
  await expect(emailForm.getByText("Another account already uses that email address.")).toBeVisible();
  const newEmail = `acct-new-${tag}@e2e.test`;
  await emailForm.getByLabel("New email address").fill(newEmail);
  await emailForm.getByLabel("Current password").fill("second-password-2");
  await emailForm.getByRole("button", { name: "Change my email" }).click();
  await expect(emailForm.getByRole("status")).toContainText("Your email address is changed.");
  await expect(emailForm.locator("[data-current-email]")).toHaveText(newEmail);

  // The new email and password sign in.
  const fresh = await browser.newContext();
  await signInByApi(fresh.request, newEmail, "second-password-2");
  expect((await fresh.request.get("/api/account")).status()).toBe(200);
  await fresh.close();

  // A provider with a visit with this patient a few minutes from now sees the date of birth in the day and the visit data.
  const patientId = (await e2eQuery<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [newEmail]))[0]!.id;
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  const provider = await insertUser(client, "PROVIDER", "Dr. Dob Check", middayZone()).finally(() => client.end());
  const appointmentId = `e2e-dob-${tag}`;
  const start = new Date(Date.now() + 5 * 60_000);
  await e2eQuery(
    `INSERT INTO "Appointment" (id, "patientId", "providerId", "startsAt", "endsAt", "blockedUntil", reason, "updatedAt") VALUES ($1, $2, $3, $4, $5, $5, 'Check-up', now())`,
    [appointmentId, patientId, provider.id, start, new Date(start.getTime() + 30 * 60_000)],
  );
  const providerContext = await browser.newContext();
  await signInByApi(providerContext.request, provider.email, provider.password);
  const day = (await (await providerContext.request.get("/api/provider/day")).json()) as {
    upcoming: { id: string; patientDateOfBirth: string | null }[];
  };
  expect(day.upcoming.find((v) => v.id === appointmentId)?.patientDateOfBirth).toBe("1948-03-10");
  const visit = (await (await providerContext.request.get(`/api/visits/${appointmentId}`)).json()) as {
    patient: { dateOfBirth: string | null };
  };
  expect(visit.patient.dateOfBirth).toBe("1948-03-10");
  await providerContext.close();
});
