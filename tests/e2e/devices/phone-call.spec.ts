import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "../support/auth";
import { firstRealFrame } from "../support/call";
import { expectControlsOnScreen, expectSelfViewClear, intersects, waitForScreenShare } from "../support/call-layout";
import { auditPage, summarize, type PageAudit } from "../support/page-audit";
import { createVisitNow, VISIT_OPENS_MINUTES_BEFORE as OPENS_MINUTES_BEFORE } from "../support/visit-fixtures";
import { visitWindow, windowStatus } from "../../../lib/visits/visit-window";

// Run by the phone projects, upright and turned (playwright.config.ts): the visit as both people live it
// on a phone, each page audited (overflow, 44x44 targets, primary action, a screenshot kept), and the
// call's own geometry: every control on screen, and the self-view clear of a shared screen.

test("the visit on a phone: device check, check in, waiting, a call with a shared screen and chat, the summary; the provider from the dashboard", async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  // Inside the join window and before the start, whatever the hour: half the opening time ahead.
  const startInMinutes = Math.max(1, Math.floor(OPENS_MINUTES_BEFORE / 2));
  const start = new Date(Date.now() + startInMinutes * 60_000);
  const rules = { opensMinutesBefore: OPENS_MINUTES_BEFORE, graceMinutesAfter: 0, noShowGraceMinutes: 0 };
  expect(windowStatus(visitWindow({ start, end: new Date(start.getTime() + 30 * 60_000) }, rules), new Date())).toBe("open");
  const visit = await createVisitNow({ startInMinutes });
  const patientAudits: PageAudit[] = [];
  const providerAudits: PageAudit[] = [];
  const { viewport, userAgent, isMobile, hasTouch, deviceScaleFactor } = testInfo.project.use;
  const providerContext = await browser.newContext({
    viewport,
    userAgent,
    isMobile,
    hasTouch,
    deviceScaleFactor,
    timezoneId: "Europe/London",
  });
  const provider = await providerContext.newPage();
  const patient = page;
  const audit = (p: Page, list: PageAudit[], step: string, primary?: ReturnType<Page["getByRole"]>) =>
    auditPage(p, testInfo, step, { primary }).then((a) => list.push(a));

  try {
    await Promise.all([
      signInAs(patient, visit.patient.email, visit.patient.password),
      signInAs(provider, visit.provider.email, visit.provider.password),
    ]);
    await provider.goto("/dashboard");
    await expect(provider.locator('[data-live="on"]')).toBeVisible();

    await patient.goto(`/visits/${visit.appointmentId}`);
    const proceed = patient.getByRole("button", { name: "Continue" });
    await expect(proceed).toBeEnabled({ timeout: 15_000 });
    await audit(patient, patientAudits, "21-visit-device-check", patient.getByRole("button", { name: "Continue" }));
    await proceed.click();
    await audit(patient, patientAudits, "22-visit-check-in", patient.getByRole("button", { name: "Check in" }));
    await patient.getByRole("button", { name: "Check in" }).click();
    await expect(patient.getByTestId("not-seen-yet")).toBeVisible();
    await audit(patient, patientAudits, "23-visit-waiting", patient.getByRole("link", { name: "Back to my appointments" }));

    const admit = provider
      .locator(`[data-waiting-card="${visit.appointmentId}"]`)
      .getByRole("button", { name: `Admit ${visit.patient.name}` });
    await expect(admit).toBeEnabled();
    await audit(provider, providerAudits, "31-provider-dashboard-waiting", admit);
    await admit.click();
    await expect(provider).toHaveURL(new RegExp(`/visits/${visit.appointmentId}$`));
    await Promise.all([firstRealFrame(patient), firstRealFrame(provider)]);
    await expect(patient.getByTestId("call-status")).toHaveText("Connected");

    // The call fills the screen and every control is on it, on both sides.
    await audit(patient, patientAudits, "24-call", patient.getByRole("button", { name: "Leave", exact: true }));
    await expectControlsOnScreen(patient, ["Mute", "Turn camera off", "Chat", "Leave"]);
    await expectSelfViewClear(patient);
    await audit(provider, providerAudits, "32-provider-call", provider.getByRole("button", { name: "End visit" }));
    await expectControlsOnScreen(provider, ["Mute", "Turn camera off", "Share screen", "Chat", "End visit"]);

    // Chat opens beside the picture, leaves the controls where they were, and closes again.
    await patient.getByRole("button", { name: "Chat" }).click();
    const chat = patient.getByTestId("chat-panel");
    await expect(chat).toBeVisible();
    const withChat = await expectControlsOnScreen(patient, ["Mute", "Chat", "Leave"]);
    const chatBox = (await chat.boundingBox())!;
    for (const control of withChat.controls) expect(intersects(chatBox, control), `chat over "${control.name}"`).toBe(false);
    await patient.getByLabel(`Message to ${visit.provider.name}`).fill("Can you see my rash?");
    await patient.getByRole("button", { name: "Send" }).click();
    await audit(patient, patientAudits, "25-call-chat", patient.getByRole("button", { name: "Close chat" }));
    await expect(provider.getByRole("button", { name: "Chat (1 new)" })).toBeVisible();
    await patient.getByRole("button", { name: "Close chat" }).click();
    await expect(chat).toBeHidden();

    // The provider shares a screen: the patient sees all of it, the self-view beside it, the controls on screen.
    await provider.getByRole("button", { name: "Share screen" }).click();
    await expect(patient.getByText(`${visit.provider.name} is sharing their screen`)).toBeVisible();
    await waitForScreenShare(patient);
    const shared = await expectSelfViewClear(patient);
    expect(shared.stream.width / shared.stream.height).toBeGreaterThan(1.55);
    await expectControlsOnScreen(patient, ["Mute", "Turn camera off", "Chat", "Leave"]);
    await audit(patient, patientAudits, "26-call-screen-shared", patient.getByRole("button", { name: "Leave", exact: true }));
    await expectControlsOnScreen(provider, ["Stop sharing", "End visit"]);

    await provider.getByRole("button", { name: "End visit" }).click();
    await provider.getByRole("button", { name: "Yes, end the visit" }).click();
    await expect(patient.getByTestId("call-summary").getByRole("heading", { name: "Your provider ended the visit" })).toBeVisible();
    await expect(provider.getByTestId("call-summary").getByRole("heading", { name: "You ended the visit" })).toBeVisible();
    await audit(
      patient,
      patientAudits,
      "27-call-summary",
      patient.getByTestId("call-summary").getByRole("link", { name: "Back to my appointments" }),
    );
    await audit(provider, providerAudits, "33-provider-call-summary", provider.getByRole("link", { name: "Back to the dashboard" }));
  } finally {
    testInfo.annotations.push({ type: "touch audit (patient's visit)", description: JSON.stringify(summarize(patientAudits)) });
    testInfo.annotations.push({ type: "touch audit (provider's visit)", description: JSON.stringify(summarize(providerAudits)) });
    await Promise.all([patient.goto("about:blank").catch(() => undefined), provider.goto("about:blank").catch(() => undefined)]);
    await providerContext.close();
  }
});
