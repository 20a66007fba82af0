// Small things a patient or provider reads around the call: the countdown and the way back to the
// appointments, and the live-updates line after a Back navigation.
import { expect, test } from "@playwright/test";
import { signInAs } from "./support/auth";
import { createVisitNow } from "./support/visit-fixtures";

test("the visit room counts down to the start and links back to the patient's appointments", async ({ page }) => {
  const visit = await createVisitNow({ startInMinutes: 5 });
  await signInAs(page, visit.patient.email, visit.patient.password);
  await page.goto(`/visits/${visit.appointmentId}`);
  const countdown = page.getByTestId("starts-in");
  await expect(countdown).toHaveText(/^Starts in [45] min \d{1,2} s$/);
  const first = await countdown.textContent();
  await expect(countdown).not.toHaveText(first ?? "", { timeout: 3000 });
  const back = page.getByRole("link", { name: "Back to my appointments" });
  await expect(back).toHaveAttribute("href", "/appointments");
  await page.screenshot({ path: ".data/screens/visit-room-countdown-desktop.png" });
  const box = await back.boundingBox();
  expect(box && box.height >= 44 && box.width >= 44, "a 44x44 target").toBe(true);
});

test("after Back to the dashboard, 'Connecting for live updates…' clears while updates keep arriving", async ({ page }) => {
  const visit = await createVisitNow();
  await signInAs(page, visit.provider.email, visit.provider.password);
  await page.goto("/dashboard");
  await expect(page.locator('[data-live="on"]')).toHaveText("Live updates on");
  await page.getByRole("link", { name: "Schedule" }).first().click();
  await expect(page).toHaveURL(/\/schedule$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.locator("[data-live]")).toHaveAttribute("data-live", "on", { timeout: 5000 });
  await expect(page.getByText("Connecting for live updates…")).toHaveCount(0);
});
