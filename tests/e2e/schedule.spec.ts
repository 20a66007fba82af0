import { expect, test, type Page } from "@playwright/test";
import { demo, signInAs } from "./support/auth";
import { expectAccessible } from "./support/axe";

// Dr. Tanaka (Asia/Tokyo) is the demo provider that no other test edits.
const provider = demo("PROVIDER", 2);

/** A date `days` ahead on the provider's own calendar, "YYYY-MM-DD". */
function tokyoDate(days: number): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: provider.timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(Date.now() + days * 86400_000),
  );
}

async function clearMonday(page: Page) {
  const monday = page.getByRole("group", { name: "Monday" });
  const remove = monday.getByRole("button", { name: /^Remove Monday interval/ });
  while ((await remove.count()) > 0) await remove.first().click();
  await expect(monday.getByText("Closed")).toBeVisible();
}

test("a provider edits Monday's hours and adds a day off, and both are there after a reload", async ({ page }) => {
  await signInAs(page, provider.email);
  await page.goto("/schedule");
  await expect(page.getByRole("heading", { level: 1, name: "Schedule" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Provider" }).getByRole("link", { name: "Schedule" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expect(page.getByText("Your time zone: Asia/Tokyo")).toBeVisible();
  await expectAccessible(page);

  await clearMonday(page);
  const monday = page.getByRole("group", { name: "Monday" });
  await monday.getByRole("button", { name: "Add hours to Monday" }).click();
  await page.getByLabel("Monday interval 1 Start").fill("09:00");
  await page.getByLabel("Monday interval 1 End").fill("12:00");
  await monday.getByRole("button", { name: "Add hours to Monday" }).click();
  // First an overlap: refused with the message next to the field, and nothing saved.
  await page.getByLabel("Monday interval 2 Start").fill("11:00");
  await page.getByLabel("Monday interval 2 End").fill("17:00");
  await page.getByRole("button", { name: "Save hours and settings" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Nothing was saved" })).toBeVisible();
  const secondStart = page.getByLabel("Monday interval 2 Start");
  await expect(secondStart).toHaveAttribute("aria-invalid", "true");
  await expect(secondStart).toHaveAccessibleDescription(/overlaps 09:00–12:00/);
  await expectAccessible(page);

  await secondStart.fill("13:00");
  await page.getByLabel("Minimum notice (hours)").fill("3");
  await page.getByRole("button", { name: "Save hours and settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  const dayOff = tokyoDate(10);
  await page.getByLabel("Date", { exact: true }).fill(dayOff);
  await expect(page.getByRole("radio", { name: "Time off" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Whole day" })).toBeChecked();
  await page.getByLabel("Note (optional)").fill("E2E day off");
  await page.getByRole("button", { name: "Add time off" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Added: Time off, whole day" })).toBeVisible();

  await page.reload();
  await expect(page.getByLabel("Monday interval 1 Start")).toHaveValue("09:00");
  await expect(page.getByLabel("Monday interval 1 End")).toHaveValue("12:00");
  await expect(page.getByLabel("Monday interval 2 Start")).toHaveValue("13:00");
  await expect(page.getByLabel("Monday interval 2 End")).toHaveValue("17:00");
  await expect(page.getByLabel("Monday interval 3 Start")).toHaveCount(0);
  await expect(page.getByLabel("Minimum notice (hours)")).toHaveValue("3");
  const upcoming = page.getByRole("list", { name: "Upcoming time off and extra hours" });
  const item = upcoming.getByRole("listitem").filter({ hasText: "E2E day off" });
  await expect(item).toContainText("Time off, whole day");
  await expect(item.locator(`time[datetime="${dayOff}"]`)).toBeVisible();
  await expectAccessible(page);
});

test("the schedule page is closed to patients", async ({ page }) => {
  await signInAs(page, demo("PATIENT").email);
  const response = await page.goto("/schedule");
  expect(response?.status()).toBe(403);
});
