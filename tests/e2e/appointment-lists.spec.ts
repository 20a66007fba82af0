import { expect, test } from "@playwright/test";
import { signInAs } from "./support/auth";
import { createVisitNow } from "./support/visit-fixtures";
import { addAppointment } from "./support/day-fixtures";

test("completed, cancelled and missed visits are under Past with their outcome; Upcoming keeps only what is ahead", async ({ page }) => {
  // All in the future, so only the status decides the list (the old split by end time put them under Upcoming).
  const visit = await createVisitNow({ startInMinutes: 3 * 24 * 60 });
  const people = { patientId: visit.patient.id, providerId: visit.provider.id };
  const completed = await addAppointment({ ...people, startInMinutes: 4 * 24 * 60, status: "COMPLETED" });
  const cancelled = await addAppointment({ ...people, startInMinutes: 5 * 24 * 60, status: "CANCELLED", cancelReason: "Provider unwell" });
  const missed = await addAppointment({ ...people, startInMinutes: 6 * 24 * 60, status: "NO_SHOW" });
  await signInAs(page, visit.patient.email, visit.patient.password);
  await page.goto("/appointments");

  const upcoming = page.getByRole("region", { name: "Upcoming" });
  const past = page.getByRole("region", { name: "Past" });
  await expect(upcoming.locator("li[data-appointment-id]")).toHaveCount(1);
  await expect(upcoming.locator(`li[data-appointment-id="${visit.appointmentId}"]`)).toBeVisible();
  await expect(past.locator(`li[data-appointment-id="${completed}"]`)).toContainText("This visit took place.");
  await expect(past.locator(`li[data-appointment-id="${cancelled}"]`)).toContainText("This visit was cancelled. Reason: Provider unwell");
  await expect(past.locator(`li[data-appointment-id="${missed}"]`)).toContainText("This visit was missed");
  await expect(past).not.toContainText("No past visits yet");
  // A finished visit offers nothing to do.
  await expect(past.getByRole("link", { name: "Join visit" })).toHaveCount(0);
  await expect(past.getByRole("button", { name: "Cancel visit" })).toHaveCount(0);
});
