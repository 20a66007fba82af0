import { expect, test } from "@playwright/test";
import { newPatient, signInAs } from "./support/auth";
import { bookByApi, createAlwaysOpenProvider, freeSlots, slotBetween } from "./support/day-fixtures";

// The demo provider profile's defaults: bookable 2 hours ahead, changeable online up to 24 hours ahead.
const CANCEL_NOTICE_HOURS = 24;
const MIN_NOTICE_HOURS = 2;

test("booking inside the cancellation notice warns first; the card and the reschedule page then refuse up front with the clinic's contact details", async ({
  browser,
}) => {
  const provider = await createAlwaysOpenProvider();
  const providerContext = await browser.newContext();
  const providerPage = await providerContext.newPage();
  await signInAs(providerPage, provider.email, provider.password);
  await providerPage.goto("/schedule");
  const contactForm = providerPage.getByRole("form", { name: "Clinic contact details" });
  await contactForm.getByLabel("Phone").fill("+44 20 7946 0321");
  await contactForm.getByLabel("Email").fill("reception@clinic.example");
  await contactForm.getByLabel("Opening hours").fill("Mon-Fri 08:00-18:00");
  await contactForm.getByRole("button", { name: "Save contact details" }).click();
  await expect(contactForm.getByRole("status")).toHaveText("Saved. Patients now see these contact details.");
  await providerContext.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  const patient = await newPatient(context.request, "UTC");
  await signInAs(page, patient.email, patient.password);
  const slots = await freeSlots(context.request, provider.id, 3);
  const soon = slotBetween(slots, MIN_NOTICE_HOURS + 0.25, CANCEL_NOTICE_HOURS - 1);
  const later = slotBetween(slots, CANCEL_NOTICE_HOURS + 1, CANCEL_NOTICE_HOURS + 40);

  await page.goto(`/book/${provider.id}`);
  await expect(page.getByText("You can move or cancel a visit online up to 24 hours before it starts.")).toBeVisible();
  // A time beyond the notice: no warning.
  await page.locator(`button[data-start="${later.start}"]`).click();
  await expect(page.locator("[data-notice-warning]")).toHaveCount(0);
  await page.locator(`button[data-start="${soon.start}"]`).click();
  const warning = page.locator("[data-notice-warning]");
  await expect(warning).toContainText("This time is less than 24 hours away. Once you book it, you cannot move or cancel it online");
  await expect(warning.getByRole("link", { name: "+44 20 7946 0321" })).toHaveAttribute("href", "tel:+442079460321");
  await page.getByLabel("What is the visit about?").fill("Rash");
  await page.getByRole("button", { name: "Book this time" }).click();
  await expect(page).toHaveURL(/\/appointments\?booked=/);

  const soonId = new URL(page.url()).searchParams.get("booked")!;
  const soonCard = page.locator(`li[data-appointment-id="${soonId}"]`);
  await expect(soonCard.getByRole("link", { name: "Join visit" })).toBeVisible();
  await expect(soonCard.getByRole("link", { name: "Reschedule" })).toHaveCount(0);
  await expect(soonCard.getByRole("button", { name: "Cancel visit" })).toHaveCount(0);
  const closed = soonCard.locator("[data-change-closed]");
  await expect(closed).toContainText("Moving or cancelling online was possible until");
  await expect(closed).toContainText(", 24 hours before the visit.");
  await expect(closed.getByRole("link", { name: "reception@clinic.example" })).toHaveAttribute("href", "mailto:reception@clinic.example");
  await expect(closed).toContainText("Opening hours: Mon-Fri 08:00-18:00.");

  // Beyond the notice the card still offers both.
  const laterId = await bookByApi(context.request, provider.id, later.start);
  await page.reload();
  const laterCard = page.locator(`li[data-appointment-id="${laterId}"]`);
  await expect(laterCard.getByRole("link", { name: "Reschedule" })).toBeVisible();
  await expect(laterCard.getByRole("button", { name: "Cancel visit" })).toBeVisible();
  await expect(laterCard.locator("[data-change-closed]")).toHaveCount(0);

  // Typed in by hand, the reschedule page refuses before offering any time.
  await page.goto(`/appointments/${soonId}/reschedule`);
  const refused = page.locator("[data-reschedule-refused]");
  await expect(refused).toContainText("This visit can no longer be moved online.");
  await expect(refused.getByRole("link", { name: "+44 20 7946 0321" })).toBeVisible();
  await expect(page.locator("button[data-start]")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Move my visit to this time" })).toHaveCount(0);
  await context.close();
});
