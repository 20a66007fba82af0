import { expect, test } from "@playwright/test";
import { newPatient, signInAs } from "./support/auth";
import { bookByApi, createAlwaysOpenProvider, freeSlots, slotBetween } from "./support/day-fixtures";

// Beyond the providers' 24-hour cancellation notice, so the patient may move and cancel online.
const BEYOND_NOTICE_HOURS = 25;

test("a confirmation gives way to the next: moved, then cancelled by the patient, and cleared when the clinic cancels", async ({
  browser,
}) => {
  const provider = await createAlwaysOpenProvider();
  const context = await browser.newContext();
  const page = await context.newPage();
  const patient = await newPatient(context.request, "UTC");
  await signInAs(page, patient.email, patient.password);
  const slots = await freeSlots(context.request, provider.id, 4);
  const first = slotBetween(slots, BEYOND_NOTICE_HOURS, 70);
  const second = slotBetween(
    slots.filter((s) => s.start !== first.start),
    BEYOND_NOTICE_HOURS,
    70,
  );
  const third = slotBetween(
    slots.filter((s) => s.start !== first.start && s.start !== second.start),
    BEYOND_NOTICE_HOURS,
    70,
  );
  const id = await bookByApi(context.request, provider.id, first.start);

  await page.goto(`/appointments/${id}/reschedule`);
  await page.locator(`button[data-start="${second.start}"]`).click();
  await page.getByRole("button", { name: "Move my visit to this time" }).click();
  await expect(page.locator('[data-banner="moved"]')).toContainText("Your visit has moved");

  await page.locator(`li[data-appointment-id="${id}"]`).getByRole("button", { name: "Cancel visit" }).click();
  await page.getByRole("button", { name: "Yes, cancel the visit" }).click();
  await expect(page.locator('[data-banner="cancelled"]')).toContainText(`Your visit with ${provider.name}`);
  await expect(page.locator('[data-banner="cancelled"]')).toContainText("is cancelled");
  await expect(page.getByText("Your visit has moved")).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`/appointments\\?cancelled=${id}$`));

  // Another visit moved, then cancelled by the clinic while the page is open: the "moved" line goes by itself.
  const otherId = await bookByApi(context.request, provider.id, third.start);
  await page.goto(`/appointments?moved=${otherId}`);
  await expect(page.locator('[data-banner="moved"]')).toBeVisible();
  await expect(page.locator('[data-live="on"]')).toBeAttached();
  const providerContext = await browser.newContext();
  await signInAs(await providerContext.newPage(), provider.email, provider.password);
  const cancelled = await providerContext.request.post(`/api/appointments/${otherId}/cancel`, {
    data: { reason: "Clinic closed for training" },
  });
  expect(cancelled.status()).toBe(200);
  await expect(page.locator('[data-banner="moved"]')).toHaveCount(0, { timeout: 10_000 });
  await expect(page.locator(`li[data-appointment-id="${otherId}"]`)).toContainText(
    "This visit was cancelled. Reason: Clinic closed for training",
  );
  await providerContext.close();
  await context.close();
});
