import { expect, test } from "@playwright/test";
import { demo, newPatient, signInAs } from "./support/auth";
import { expectAccessible } from "./support/axe";
import { freeSlots, slotBetween } from "./support/day-fixtures";

test("a patient books, downloads the calendar file, reschedules and cancels; the provider sees each change live", async ({ browser }) => {
  const provider = demo("PROVIDER", 0);
  const patientContext = await browser.newContext({ timezoneId: "Asia/Kolkata" });
  const providerContext = await browser.newContext();
  const patientPage = await patientContext.newPage();
  const providerPage = await providerContext.newPage();
  const patient = await newPatient(patientContext.request, "Asia/Kolkata");
  await signInAs(patientPage, patient.email, patient.password);
  await signInAs(providerPage, provider.email);
  await providerPage.goto("/dashboard");
  await expect(providerPage.locator('[data-live="on"]')).toBeVisible();

  await patientPage.goto("/book");
  await expectAccessible(patientPage);
  await patientPage.getByRole("link", { name: `See free times with ${provider.name}` }).click();
  await expect(patientPage.getByLabel("Times shown in")).toHaveValue("Asia/Kolkata");
  await expect(patientPage.getByText("Asia/Kolkata (yours)")).toBeAttached();
  // Times beyond the 24-hour cancellation notice, so that the card offers Reschedule and Cancel.
  const offered = await freeSlots(patientContext.request, provider.id, 7);
  const chosen = slotBetween(offered, 25, 24 * 7);
  const other = slotBetween(offered.filter((s) => s.start !== chosen.start), 25, 24 * 7);
  const firstSlot = patientPage.locator(`fieldset button[data-start="${chosen.start}"]`);
  await expect(firstSlot).toBeVisible();
  const slotLabel = (await firstSlot.textContent())!.trim();
  await firstSlot.click();
  await patientPage.getByLabel("What is the visit about?").fill("Persistent <script>cough</script>");
  await expectAccessible(patientPage);
  await patientPage.getByRole("button", { name: "Book this time" }).click();
  await expect(patientPage).toHaveURL(/\/appointments\?booked=/);
  const card = patientPage.locator("li[data-appointment-id]").first();
  await expect(card).toContainText(slotLabel);
  await expect(card).toContainText("Persistent <script>cough</script>");
  await expect(card).toContainText(provider.name);
  await expectAccessible(patientPage);
  const appointmentId = await card.getAttribute("data-appointment-id");

  // The provider's dashboard shows it without a reload.
  const providerCard = providerPage.locator(`li[data-appointment-id="${appointmentId}"]`);
  await expect(providerCard).toBeVisible({ timeout: 5_000 });
  await expect(providerCard).toContainText(patient.name);

  // The calendar file downloads with the patient's zone.
  const download = patientPage.waitForEvent("download");
  await card.getByRole("link", { name: "Add to calendar" }).click();
  const file = await (await download).path();
  const ics = await import("node:fs").then((fs) => fs.readFileSync(file, "utf8"));
  expect(ics).toContain("DTSTART;TZID=Asia/Kolkata:");
  expect(ics).toContain(`UID:${appointmentId}@consult`);

  const providerTimeBefore = (await providerCard.locator("p").first().textContent())!;

  // Reschedule to another time.
  await card.getByRole("link", { name: "Reschedule" }).click();
  const newSlot = patientPage.locator(`fieldset button[data-start="${other.start}"]`);
  await expect(newSlot).toBeVisible();
  const newLabel = (await newSlot.textContent())!.trim();
  await newSlot.click();
  await patientPage.getByRole("button", { name: "Move my visit to this time" }).click();
  await expect(patientPage).toHaveURL(/\/appointments\?moved=/);
  await expect(patientPage.locator(`li[data-appointment-id="${appointmentId}"]`)).toContainText(newLabel);
  await expect(providerCard.locator("p").first()).not.toHaveText(providerTimeBefore, { timeout: 5_000 });

  // Cancel.
  const moved = patientPage.locator(`li[data-appointment-id="${appointmentId}"]`);
  await moved.getByRole("button", { name: "Cancel visit" }).click();
  await moved.getByRole("button", { name: "Yes, cancel the visit" }).click();
  await expect(moved).toContainText("Cancelled");
  await expect(providerCard).toBeHidden({ timeout: 5_000 });

  await patientContext.close();
  await providerContext.close();
});
