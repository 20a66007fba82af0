import { expect, test } from "@playwright/test";
import { demo, newPatient, signInAs } from "./support/auth";
import { expectAccessible } from "./support/axe";
import { readServedCalendar } from "./support/calendar";
import { bookingRules, chooseSlot } from "./support/slots";

test("a patient books, downloads the calendar file, reschedules and cancels; the provider sees each change live", async ({ browser }) => {
  // A whole journey (book, calendar file, move, cancel, each seen live by the provider) in one test.
  test.setTimeout(120_000);
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
  // The visit is moved and cancelled below, so it must lie beyond the cancellation notice (with room for
  // the test's own minutes), whatever the hour this runs at.
  const rules = await bookingRules(provider.email);
  const movable = (start: Date) => start.getTime() > Date.now() + (rules.cancelNoticeMinutes + 60) * 60_000;
  const { label: slotLabel, start: bookedStart } = await chooseSlot(patientPage, movable);
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
  await expect(providerCard).toBeVisible({ timeout: 15_000 });
  await expect(providerCard).toContainText(patient.name);

  // The calendar file downloads with the patient's zone, and reads right in a parser we did not write.
  const download = patientPage.waitForEvent("download");
  await card.getByRole("link", { name: "Add to calendar" }).click();
  const file = await (await download).path();
  const ics = await import("node:fs").then((fs) => fs.readFileSync(file, "utf8"));
  expect(ics).toContain("DTSTART;TZID=Asia/Kolkata:");
  const booked = readServedCalendar(ics);
  expect(booked).toMatchObject({
    method: "REQUEST",
    uid: `${appointmentId}@consult`,
    tzid: "Asia/Kolkata",
    hasTimezone: true,
    status: "CONFIRMED",
  });
  expect(booked.start).toBe(bookedStart);

  const providerTimeBefore = (await providerCard.locator("p").first().textContent())!;

  // Reschedule to another time.
  await card.getByRole("link", { name: "Reschedule" }).click();
  const { label: newLabel, start: movedStart } = await chooseSlot(
    patientPage,
    (start) => movable(start) && start.toISOString() !== bookedStart,
  );
  await patientPage.getByRole("button", { name: "Move my visit to this time" }).click();
  await expect(patientPage).toHaveURL(/\/appointments\?moved=/);
  await expect(patientPage.locator(`li[data-appointment-id="${appointmentId}"]`)).toContainText(newLabel);
  await expect(providerCard.locator("p").first()).not.toHaveText(providerTimeBefore, { timeout: 15_000 });
  const moved1 = readServedCalendar(await (await patientPage.request.get(`/api/appointments/${appointmentId}/ics`)).text());
  expect(moved1).toMatchObject({ method: "REQUEST", uid: booked.uid, hasTimezone: true, start: movedStart });
  expect(moved1.sequence).toBeGreaterThan(booked.sequence);

  // Cancel.
  const moved = patientPage.locator(`li[data-appointment-id="${appointmentId}"]`);
  await moved.getByRole("button", { name: "Cancel visit" }).click();
  await moved.getByRole("button", { name: "Yes, cancel the visit" }).click();
  await expect(moved).toContainText("Cancelled");
  await expect(providerCard).toBeHidden({ timeout: 15_000 });
  const cancelled = readServedCalendar(await (await patientPage.request.get(`/api/appointments/${appointmentId}/ics`)).text());
  expect(cancelled).toMatchObject({ method: "CANCEL", uid: booked.uid, status: "CANCELLED", hasTimezone: true });
  expect(cancelled.sequence).toBeGreaterThan(moved1.sequence);

  await patientContext.close();
  await providerContext.close();
});
