import { expect, test } from "@playwright/test";
import { demo, newPatient, signInAs } from "./support/auth";
import { addAppointment, bookByApi, createAlwaysOpenProvider, createPatientRow, freeSlots, slotBetween } from "./support/day-fixtures";
import { createReviewedVisit } from "./support/admin-fixtures";
import { auditPage, summarize, type PageAudit } from "./support/page-audit";

// Every control on the patient's, provider's and admin's pages is at least 44x44 CSS px (WCAG 2.5.5), at desktop size.

test("patient pages: every control is a 44x44 target", async ({ page }, testInfo) => {
  const audits: PageAudit[] = [];
  const provider = await createAlwaysOpenProvider();
  for (const [step, path] of [
    ["signed-out-landing", "/"],
    ["sign-in", "/sign-in"],
    ["sign-up", "/sign-up"],
  ] as const) {
    await page.goto(path);
    audits.push(await auditPage(page, testInfo, step));
  }
  const patient = await newPatient(page.context().request, "UTC");
  await signInAs(page, patient.email, patient.password);
  const slots = await freeSlots(page.context().request, provider.id, 3);
  const later = await bookByApi(page.context().request, provider.id, slotBetween(slots, 25, 60).start);
  await bookByApi(page.context().request, provider.id, slotBetween(slots, 3, 20).start);
  await addAppointment({ patientId: patient.id, providerId: provider.id, startInMinutes: -3 * 24 * 60, status: "COMPLETED" });
  await page.goto("/appointments");
  await page.locator(`li[data-appointment-id="${later}"]`).getByRole("button", { name: "Cancel visit" }).click();
  audits.push(await auditPage(page, testInfo, "appointments"));
  await page.goto("/book");
  audits.push(await auditPage(page, testInfo, "providers"));
  await page.goto(`/book/${provider.id}`);
  await page.locator("button[data-start]").first().click();
  audits.push(await auditPage(page, testInfo, "choose-time"));
  await page.goto(`/appointments/${later}/reschedule`);
  await expect(page.locator("button[data-start]").first()).toBeVisible();
  audits.push(await auditPage(page, testInfo, "reschedule"));
  await page.goto("/account");
  audits.push(await auditPage(page, testInfo, "account"));
  testInfo.annotations.push({ type: "touch audit", description: JSON.stringify(summarize(audits)) });
});

test("provider and admin pages: every control is a 44x44 target", async ({ page }, testInfo) => {
  const audits: PageAudit[] = [];
  const provider = await createAlwaysOpenProvider();
  await addAppointment({ patientId: (await createPatientRow()).id, providerId: provider.id, startInMinutes: 2 * 24 * 60 });
  await signInAs(page, provider.email, provider.password);
  await page.goto("/dashboard");
  audits.push(await auditPage(page, testInfo, "dashboard"));
  await page.goto("/schedule");
  audits.push(await auditPage(page, testInfo, "schedule"));

  const visit = await createReviewedVisit(2);
  await page.context().clearCookies();
  await signInAs(page, demo("ADMIN").email);
  for (const [step, path] of [
    ["admin-overview", "/admin"],
    ["admin-sessions", "/admin/sessions"],
    ["admin-session", `/admin/sessions/${visit.appointmentId}`],
    ["admin-users", "/admin/users"],
    ["admin-audit", "/admin/audit"],
    ["admin-clinic", "/admin/clinic"],
  ] as const) {
    await page.goto(path);
    audits.push(await auditPage(page, testInfo, step));
  }
  testInfo.annotations.push({ type: "touch audit", description: JSON.stringify(summarize(audits)) });
});
