// A third person in the visit (issue 16), in three real browsers with fake cameras: an interpreter invited by
// the provider joins by link (no account), checks in, is let in from the call, and every pair of the three
// carries real media both ways (decoded frames with an rtpTimestamp, rising bytes, frames and time, host
// candidates on loopback). Then: the interpreter reloads and their pairs come back with no clicks while the
// patient–provider pair never stops; and the provider removes the interpreter, whose page, channel and TURN
// are refused from then on.
import { expect, test, type Page } from "@playwright/test";
import { startCall } from "./support/call";
import { expectPairFlowing, framesFrom, inviteGuest, joinAsGuest, type Guest } from "./support/guests";

const NAME = "Maria Garcia";

/** A call of three: patient and provider in the call, the interpreter let in by the provider's click. */
async function callOfThree(browser: Parameters<typeof startCall>[0]) {
  const call = await startCall(browser);
  const { appointmentId } = call.visit;
  await expect(call.provider.page.locator('[data-call-status="connected"]')).toBeVisible({ timeout: 45_000 });
  const invited = await inviteGuest(call.provider.page, appointmentId, { name: NAME, role: "INTERPRETER", detail: "Spanish" });
  const guest = await joinAsGuest(browser, invited, NAME);
  await expect(guest.page.getByText(/will let you in/)).toBeVisible();
  // The provider sees the waiting interpreter over the call and lets them in.
  await call.provider.page.getByRole("button", { name: `Let in ${NAME}` }).click();
  return { call, guest, appointmentId };
}

async function closeAll(call: Awaited<ReturnType<typeof startCall>>, guest: Guest) {
  await guest.page.goto("about:blank").catch(() => undefined);
  await guest.context.close();
  await call.close();
}

test.describe.configure({ timeout: 240_000 });

test("an interpreter joins by link and every pair of the three carries real media both ways", async ({ browser }) => {
  const { call, guest } = await callOfThree(browser);
  const { patient, provider } = call.visit;
  try {
    // Everyone sees everyone else's tile, with a name.
    // A busy machine with three browsers: set-up is measured by the benchmark, not here.
    await expect(call.patient.page.locator(`[data-remote-id="${guest.id}"]`)).toContainText(NAME, { timeout: 30_000 });
    await expect(guest.page.locator(`[data-remote-id="${provider.id}"]`)).toContainText(provider.name, { timeout: 30_000 });
    for (const [page, remoteId] of [
      [call.provider.page, patient.id],
      [call.provider.page, guest.id],
      [call.patient.page, provider.id],
      [call.patient.page, guest.id],
      [guest.page, provider.id],
      [guest.page, patient.id],
    ] as [Page, string][]) {
      await expectPairFlowing(page, remoteId);
    }
    // Chat (always beside the call on a desk) reaches both others over the data channels, and says who wrote.
    const box = guest.page.getByRole("textbox", { name: "Message to everyone in the call" });
    await box.fill("Hola, soy la intérprete");
    await box.press("Enter");
    await expect(call.patient.page.getByText("Hola, soy la intérprete")).toBeVisible();
    await expect(call.provider.page.getByText("Hola, soy la intérprete")).toBeVisible();
  } finally {
    await closeAll(call, guest);
  }
});

test("the interpreter reloads: their pairs come back with no clicks, and the patient and provider never stop", async ({ browser }) => {
  const { call, guest } = await callOfThree(browser);
  const { patient, provider } = call.visit;
  try {
    await expectPairFlowing(call.provider.page, guest.id);
    await expectPairFlowing(call.patient.page, provider.id);
    const reloaded = guest.page.reload();
    // While the interpreter's page reloads and reconnects, the patient keeps decoding the provider's video.
    let last = await framesFrom(call.patient.page, provider.id);
    for (let i = 0; i < 8; i++) {
      await call.patient.page.waitForTimeout(500);
      const now = await framesFrom(call.patient.page, provider.id);
      expect(now, "the patient-provider pair keeps receiving frames").toBeGreaterThan(last);
      last = now;
    }
    await reloaded;
    await expectPairFlowing(guest.page, provider.id);
    await expectPairFlowing(guest.page, patient.id);
    await expectPairFlowing(call.provider.page, guest.id);
    await expectPairFlowing(call.patient.page, guest.id);
  } finally {
    await closeAll(call, guest);
  }
});

test("the provider removes the interpreter: they leave the call, and their channel, TURN and visit are refused", async ({ browser }) => {
  const { call, guest, appointmentId } = await callOfThree(browser);
  const { provider } = call.visit;
  try {
    await expectPairFlowing(guest.page, provider.id);
    const card = call.provider.page.locator(`[data-guest="${guest.id}"]`);
    await card.getByRole("button", { name: "Remove" }).click();
    await card.getByRole("button", { name: `Yes, remove ${NAME}` }).click();
    // Within seconds: the interpreter's page says so and its call is over; the others' tiles for them go.
    await expect(guest.page.getByText(/This link no longer opens the visit/)).toBeVisible({ timeout: 15_000 });
    await expect(call.patient.page.locator(`[data-remote-id="${guest.id}"]`)).toHaveCount(0, { timeout: 15_000 });
    await expect(call.provider.page.locator(`[data-remote-id="${guest.id}"]`)).toHaveCount(0);
    expect(await guest.page.evaluate(() => Object.keys(window.__consultCall?.peers ?? {}).length)).toBe(0);
    // The next subscription, TURN request and visit read are refused.
    const auth = await guest.page.request.post("/api/pusher/auth", {
      form: { socket_id: "123.456", channel_name: `presence-visit-${appointmentId}` },
    });
    expect([401, 403]).toContain(auth.status());
    expect([401, 403]).toContain((await guest.page.request.get(`/api/visits/${appointmentId}/ice-servers`)).status());
    expect([401, 403, 404]).toContain((await guest.page.request.get(`/api/visits/${appointmentId}`)).status());
    // The patient and provider are still in the call.
    await expect(call.patient.page.locator('[data-call-status="connected"]')).toBeVisible();
  } finally {
    await closeAll(call, guest);
  }
});
