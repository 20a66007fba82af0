import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "../../prisma/demo-accounts";
import { demo, newPatient, signInAs } from "./support/auth";
import { expectAccessible } from "./support/axe";

const homes = [
  { role: "PATIENT", path: "/appointments", heading: "My appointments" },
  { role: "PROVIDER", path: "/dashboard", heading: "Today" },
  { role: "ADMIN", path: "/admin", heading: "Admin" },
] as const;

for (const home of homes) {
  test(`a ${home.role.toLowerCase()} signs in with the form and lands on their home`, async ({ page }) => {
    const account = demo(home.role);
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(new RegExp(`${home.path}$`));
    await expect(page.getByRole("heading", { level: 1, name: home.heading })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" })).toContainText(account.name);
    await expectAccessible(page);
  });
}

test("a wrong password shows an error and signs nobody in", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(demo("PATIENT").email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "don't match" })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/appointments");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fappointments/);
});

test("each home is closed to the other roles", async ({ page }) => {
  await signInAs(page, demo("PATIENT").email);
  for (const path of ["/dashboard", "/admin"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  }
  await expectAccessible(page);
});

test("a new patient signs up, lands on appointments, and signs out", async ({ page }) => {
  await page.goto("/sign-up");
  await expectAccessible(page);
  const email = `signup-${Date.now()}@e2e.test`;
  await page.getByLabel("Full name").fill("Robin <b>Bold</b>");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a-long-password");
  await page.getByLabel("Your time zone").selectOption("America/Chicago");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/appointments$/);
  // Names render as text, never as markup.
  await expect(page.getByText("Hello Robin <b>Bold</b>.")).toBeVisible();
  await expect(page.getByText("America/Chicago".replace("_", " "))).toBeVisible();
  await page.getByRole("link", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/appointments");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("sign-up refuses a duplicate email with 409 and bad input with 422", async ({ request }) => {
  const patient = await newPatient(request);
  const again = await request.post("/api/signup", {
    data: { name: "Dup", email: patient.email, password: "another-password", timeZone: "UTC" },
  });
  expect(again.status()).toBe(409);
  expect((await again.json()).error).toMatch(/already exists/);
  const bad = await request.post("/api/signup", { data: { name: 5, email: "x", timeZone: "Mars/Base" } });
  expect(bad.status()).toBe(422);
  const malformed = await request.post("/api/signup", { headers: { "content-type": "application/json" }, data: Buffer.from("{not json") });
  expect(malformed.status()).toBe(400);
});

test("the landing and sign-in pages are accessible", async ({ page }) => {
  await page.goto("/");
  await expectAccessible(page);
  await page.goto("/sign-in");
  await expectAccessible(page);
});
