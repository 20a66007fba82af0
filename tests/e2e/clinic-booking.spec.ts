// The clinic books for a new patient, who joins from the emailed link with no password: staff book in the
// UI, the invitation is read from MailDev's REST API (the stack's real local SMTP server), the link opens the
// room in a fresh browser, device check and check-in, the provider admits from the dashboard, and the call is
// proven by real decoded frames. Every other page asks the link's holder to sign in.
import { randomUUID } from "node:crypto";
import { hash } from "@node-rs/argon2";
import pg from "pg";
import { expect, test } from "@playwright/test";
import { signInAs } from "./support/auth";
import { expectMediaFlowing, firstRealFrame } from "./support/call";

type InboxMail = {
  id: string;
  subject: string;
  to: { address: string }[];
  text: string;
  html: string;
  attachments?: { generatedFileName?: string; fileName?: string; contentType: string }[];
};

/** A provider open all day every day with 10-minute visits and no notice: the next free slot is minutes away, inside the room's window. */
async function createOpenProvider() {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    const id = `e2e-staff-${randomUUID().slice(0, 12)}`;
    const password = "e2e-staff-password";
    await client.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", role, "timeZone", "updatedAt") VALUES ($1, $2, 'Dr. Link Tester', $3, 'PROVIDER', 'UTC', now())`,
      [id, `${id}@e2e.test`, await hash(password)],
    );
    await client.query(
      `INSERT INTO "ProviderProfile" ("userId", specialty, "visitMinutes", "minNoticeMinutes", "bufferMinutes") VALUES ($1, 'General practice', 10, 0, 0)`,
      [id],
    );
    for (let weekday = 0; weekday < 7; weekday++) {
      await client.query(
        `INSERT INTO "AvailabilityRule" (id, "providerId", weekday, "startMinute", "endMinute") VALUES ($1, $2, $3, 0, 1440)`,
        [`${id}-${weekday}`, id, weekday],
      );
    }
    return { id, email: `${id}@e2e.test`, password, name: "Dr. Link Tester" };
  } finally {
    await client.end();
  }
}

async function invitationFor(email: string, subject = "booked a video visit for you"): Promise<InboxMail> {
  let found: InboxMail | undefined;
  await expect
    .poll(
      async () => {
        const all = (await (await fetch(`${process.env.E2E_INBOX_URL}/email`)).json()) as InboxMail[];
        found = all.find((m) => m.to.some((t) => t.address === email) && m.subject.includes(subject));
        return Boolean(found);
      },
      { timeout: 45_000, intervals: [500] },
    )
    .toBe(true);
  return found!;
}

test("staff book for a new patient; the invitation's link opens the room with no password; admitted; real frames", async ({ browser }) => {
  test.setTimeout(150_000);
  const provider = await createOpenProvider();
  const patientEmail = `rosa-${randomUUID().slice(0, 8)}@e2e.test`;

  const staffContext = await browser.newContext({ timezoneId: "Europe/London" });
  const staff = await staffContext.newPage();
  await signInAs(staff, provider.email, provider.password);
  await staff.goto("/dashboard/book");
  await staff.getByLabel("A new patient").check();
  await staff.getByLabel("Full name").fill("Rosa Diaz");
  await staff.getByLabel("Email (the invitation goes here)").fill(patientEmail);
  await staff.getByLabel("Date of birth (optional)").fill("1948-05-31");
  // The rule being relied on: the first free time is inside the room's window (opens 15 minutes before).
  const from = new Date().toISOString();
  const to = new Date(Date.now() + 86_400_000).toISOString();
  const { slots } = (await (await staff.request.get(`/api/providers/${provider.id}/slots?from=${from}&to=${to}`)).json()) as {
    slots: { start: string }[];
  };
  expect(new Date(slots[0]!.start).getTime() - Date.now()).toBeLessThan(15 * 60_000);
  await staff.locator("button[aria-pressed]").first().click();
  await staff.getByLabel("What is the visit about?").fill("Knee pain");
  await staff.getByRole("button", { name: "Book the visit and send the invitation" }).click();
  // Booking a new patient hashes a password and queues an email: on a loaded machine it once took over 10 s.
  await expect(staff.getByRole("status")).toContainText("Rosa Diaz gets an email with their personal join link", { timeout: 30_000 });

  const mail = await invitationFor(patientEmail);
  const link = /https?:\/\/\S+\/join\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];
  expect(link, "a join link in the plain-text part").toBeTruthy();
  expect(mail.html).toContain(link!);
  expect((mail.attachments ?? []).some((a) => a.contentType.startsWith("text/calendar"))).toBe(true);

  // A fresh browser: no cookies, no password.
  await staff.goto("/dashboard");
  await expect(staff.locator('[data-live="on"]')).toBeVisible();
  const patientContext = await browser.newContext({ timezoneId: "Europe/London" });
  const patient = await patientContext.newPage();
  await patient.goto(link!);
  await expect(patient).toHaveURL(/\/visits\/[A-Za-z0-9_-]+$/);
  expect(patient.url()).not.toContain("/join/");
  const appointmentId = new URL(patient.url()).pathname.split("/").pop()!;
  // The header knows they are in, for this visit: their name and the way back, no "Create account".
  await expect(patient.getByTestId("header-link-session")).toContainText("Rosa Diaz");
  await expect(patient.getByRole("link", { name: "Create account" })).toHaveCount(0);
  await patient.getByRole("button", { name: "Continue" }).click();
  await patient.getByRole("button", { name: "Check in" }).click();
  const admit = staff.locator(`[data-waiting-card="${appointmentId}"]`).getByRole("button", { name: "Admit Rosa Diaz" });
  await expect(admit).toBeEnabled({ timeout: 20_000 });
  await admit.click();
  await expect(staff).toHaveURL(new RegExp(`/visits/${appointmentId}$`));
  await Promise.all([firstRealFrame(patient), firstRealFrame(staff)]);
  await expectMediaFlowing(patient, "host");
  await expectMediaFlowing(staff, "host");

  // The link's session is for this visit only: every other page and API asks for a full sign-in.
  const other = await patientContext.newPage();
  for (const path of ["/appointments", "/book", "/admin", "/dashboard"]) {
    await other.goto(path);
    await expect(other).toHaveURL(/\/sign-in/);
  }
  expect((await other.request.get("/api/appointments")).status()).toBe(401);
  expect(
    (await other.request.post("/api/appointments", { data: { providerId: provider.id, start: slots[1]!.start, reason: "x" } })).status(),
  ).toBe(401);

  // The patient says the link went to the wrong person: the provider sends a new one. The open room stops
  // and says why in words for a link user (not "you signed out"); the old link is switched off, the new one works.
  expect((await staff.request.post(`/api/visits/${appointmentId}/new-link`)).status()).toBe(200);
  await expect(patient.locator('[data-away="signed-out"]')).toContainText("This link no longer opens the visit", { timeout: 20_000 });
  await other.goto(link!);
  await expect(other).toHaveURL(/\/join\?problem=revoked/);
  const fresh = /https?:\/\/\S+\/join\/[A-Za-z0-9_-]{43}/.exec(
    (await invitationFor(patientEmail, "A new link for your video visit")).text,
  )?.[0];
  await other.goto(fresh!);
  await expect(other).toHaveURL(new RegExp(`/visits/${appointmentId}$`));

  for (const page of [patient, staff, other]) await page.goto("about:blank").catch(() => undefined);
  await Promise.all([patientContext.close(), staffContext.close()]);
});
