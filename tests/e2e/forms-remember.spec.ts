import { devices, expect, test } from "@playwright/test";
import { demo, newPatient, signInAs } from "./support/auth";
import { createAlwaysOpenProvider } from "./support/day-fixtures";
import { createPastVisits } from "./support/admin-fixtures";

test("booking keeps the chosen week, time and reason through Back, Forward and reload", async ({ page }) => {
  const provider = await createAlwaysOpenProvider();
  const patient = await newPatient(page.context().request, "UTC");
  await signInAs(page, patient.email, patient.password);
  await page.goto(`/book/${provider.id}`);
  await page.getByLabel("What is the visit about?").fill("Knee pain & swelling");
  const firstThisWeek = (await page.locator("button[data-start]").first().getAttribute("data-start"))!;
  await page.getByRole("button", { name: "Later" }).click();
  await expect(page).toHaveURL(/week=1/);
  // The address changes before the next week's times arrive: pick a time only from the new list.
  await expect(page.locator("button[data-start]").first()).not.toHaveAttribute("data-start", firstThisWeek);
  const slot = page.locator("button[data-start]").nth(3);
  const start = (await slot.getAttribute("data-start"))!;
  await slot.click();
  await expect(page).toHaveURL(new RegExp(`slot=${encodeURIComponent(start)}`));

  const expectRestored = async () => {
    await expect(page.locator(`button[data-start="${start}"]`)).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByLabel("What is the visit about?")).toHaveValue("Knee pain & swelling");
    await expect(page.getByRole("button", { name: "Earlier" })).toBeEnabled();
  };
  await page.getByRole("link", { name: "My visits" }).click();
  await expect(page).toHaveURL(/\/appointments$/);
  await page.goBack();
  await expectRestored();
  await page.goForward();
  await expect(page).toHaveURL(/\/appointments$/);
  await page.goBack();
  await expectRestored();
  await page.reload();
  await expectRestored();
  // The reason stays in the browser: it is in the fragment, never in the query the server sees.
  expect(new URL(page.url()).search).not.toContain("Knee");
});

test("on a phone the chosen time and Book stay in reach while the list of times scrolls", async ({ browser }) => {
  const context = await browser.newContext({ ...devices["iPhone 13"] });
  const page = await context.newPage();
  const provider = await createAlwaysOpenProvider();
  const patient = await newPatient(context.request, "UTC");
  await signInAs(page, patient.email, patient.password);
  await page.goto(`/book/${provider.id}`);
  await page.getByLabel("What is the visit about?").fill("Cough");
  const slots = page.locator("button[data-start]");
  await expect(slots.first()).toBeVisible();
  const last = slots.last();
  await last.scrollIntoViewIfNeeded();
  await last.click();
  const book = page.getByRole("button", { name: "Book this time" });
  const viewport = page.viewportSize()!;
  const box = (await book.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
  expect(box.y).toBeGreaterThanOrEqual(0);
  await expect(page.locator("[data-selected-slot]")).toContainText("Selected:");
  // Pinned, not merely at the end of a short list: the list itself is longer than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeGreaterThan(viewport.height * 2);
  await context.close();
});

test("the admin sessions table is not clipped at 1280 px", async ({ browser }) => {
  const visit = await createPastVisits(3);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signInAs(page, demo("ADMIN").email);
  await page.goto(`/admin/sessions?providerId=${visit.provider.id}`);
  const table = page.getByRole("table");
  await expect(table).toBeVisible();
  const { tableRight, wrapperWidth, wrapperScroll } = await table.evaluate((t) => ({
    tableRight: t.getBoundingClientRect().right,
    wrapperWidth: t.parentElement!.clientWidth,
    wrapperScroll: t.parentElement!.scrollWidth,
  }));
  expect(wrapperScroll).toBeLessThanOrEqual(wrapperWidth);
  expect(tableRight).toBeLessThanOrEqual(1280);
  await expect(table.getByRole("columnheader", { name: "Avg. quality" })).toBeInViewport();
  await context.close();
});
