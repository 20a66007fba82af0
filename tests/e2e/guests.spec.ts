// A third person in the visit (issue 16), in three real browsers with fake cameras, as one story (three
// browsers with cameras are costly on two cores, so the set-up is paid once):
// 1. an interpreter invited by the provider joins by link (no account), checks in, is let in from the call,
//    and every pair of the three carries real media both ways (decoded frames with an rtpTimestamp, rising
//    bytes, frames and time, host candidates on loopback); chat reaches both others;
// 2. the interpreter reloads: their pairs come back with no clicks, while the patient–provider pair never
//    stops receiving frames on the same connection for more than a loaded moment;
// 3. the provider removes the interpreter: their page says the link no longer opens the visit, the others'
//    tiles for them go, and their channel subscription, TURN credentials and visit reads are refused.
import { expect, test, type Page } from "@playwright/test";
import { expectMediaFlowing, startCall } from "./support/call";
import { expectPairFlowing, inviteGuest, watchFrames, joinAsGuest, type Guest } from "./support/guests";

const NAME = "Maria Garcia";

/** Every directed stream of the three, checked at once (each on its own page). */
async function expectEveryPairFlowing(pairs: [Page, string][]) {
  await Promise.all(pairs.map(([page, remoteId]) => expectPairFlowing(page, remoteId)));
}

test("an interpreter joins by link, talks with patient and provider, reloads, and is removed", async ({ browser }) => {
  test.setTimeout(420_000);
  const call = await startCall(browser);
  const { appointmentId, patient, provider } = call.visit;
  let guest: Guest | null = null;
  try {
    // A busy machine with three browsers: set-up speed is the benchmark's to measure, not this test's.
    await expect(call.provider.page.locator('[data-call-status="connected"]')).toBeVisible({ timeout: 45_000 });
    const invited = await inviteGuest(call.provider.page, appointmentId, { name: NAME, role: "INTERPRETER", detail: "Spanish" });
    guest = await joinAsGuest(browser, invited, NAME);
    const interpreter = guest;
    await expect(interpreter.page.getByText(/will let you in/)).toBeVisible();
    // The provider sees the waiting interpreter over the call and lets them in.
    await call.provider.page.getByRole("button", { name: `Let in ${NAME}` }).click();

    // 1. Everyone sees everyone else's tile, with a name, and media flows on every pair both ways.
    await expect(call.patient.page.locator(`[data-remote-id="${interpreter.id}"]`)).toContainText(NAME, { timeout: 45_000 });
    await expect(interpreter.page.locator(`[data-remote-id="${provider.id}"]`)).toContainText(provider.name, { timeout: 45_000 });
    const everyPair: [Page, string][] = [
      [call.provider.page, patient.id],
      [call.provider.page, interpreter.id],
      [call.patient.page, provider.id],
      [call.patient.page, interpreter.id],
      [interpreter.page, provider.id],
      [interpreter.page, patient.id],
    ];
    await expectEveryPairFlowing(everyPair);
    // Chat (always beside the call on a desk) reaches both others over the data channels.
    const box = interpreter.page.getByRole("textbox", { name: "Message to everyone in the call" });
    await box.fill("Hola, soy la intérprete");
    await box.press("Enter");
    await expect(call.patient.page.getByText("Hola, soy la intérprete")).toBeVisible();
    await expect(call.provider.page.getByText("Hola, soy la intérprete")).toBeVisible();

    // 2. The interpreter reloads. While their page reloads and reconnects, the patient keeps decoding the provider
    //    on the same connection. Three browsers share two cores here, so a loaded moment can hold a frame back
    //    for a second; a pair torn down or renegotiated would stop for longer, or start counting again.
    const watch = await watchFrames(call.patient.page, provider.id);
    await interpreter.page.reload();
    await call.patient.page.waitForTimeout(4_000);
    const kept = await watch.stop();
    console.log(`interpreter reload: the patient decoded ${kept.frames} frames from the provider, longest gap ${kept.longestGapMs} ms`);
    expect(kept.samePeer, "the patient-provider pair keeps its connection").toBe(true);
    expect(kept.fell, "the patient-provider pair keeps its stream").toBe(false);
    expect(kept.samples, "the watch sampled the reload").toBeGreaterThan(10);
    expect(kept.frames, "the patient keeps receiving the provider's frames").toBeGreaterThan(10);
    expect(kept.longestGapMs, "the patient-provider pair never stops for long").toBeLessThan(2_500);
    await expectEveryPairFlowing(everyPair.filter(([page, remoteId]) => page === interpreter.page || remoteId === interpreter.id));

    // 3. The provider removes the interpreter.
    const card = call.provider.page.locator(`[data-guest="${interpreter.id}"]`);
    await card.getByRole("button", { name: "Remove" }).click();
    await card.getByRole("button", { name: `Yes, remove ${NAME}` }).click();
    await expect(interpreter.page.getByText(/This link no longer opens the visit/)).toBeVisible({ timeout: 20_000 });
    await expect(call.patient.page.locator(`[data-remote-id="${interpreter.id}"]`)).toHaveCount(0, { timeout: 20_000 });
    await expect(call.provider.page.locator(`[data-remote-id="${interpreter.id}"]`)).toHaveCount(0);
    expect(await interpreter.page.evaluate(() => Object.keys(window.__consultCall?.peers ?? {}).length)).toBe(0);
    // Their next subscription, TURN request and visit read are refused.
    const auth = await interpreter.page.request.post("/api/pusher/auth", {
      form: { socket_id: "123.456", channel_name: `presence-visit-${appointmentId}` },
    });
    expect([401, 403]).toContain(auth.status());
    expect([401, 403]).toContain((await interpreter.page.request.get(`/api/visits/${appointmentId}/ice-servers`)).status());
    expect([401, 403, 404]).toContain((await interpreter.page.request.get(`/api/visits/${appointmentId}`)).status());
    // The patient and the provider are still in their call, back to the one-to-one layout.
    await expectMediaFlowing(call.patient.page, "host");
    await expectMediaFlowing(call.provider.page, "host");
  } finally {
    await guest?.page.goto("about:blank").catch(() => undefined);
    await guest?.context.close();
    await call.close();
  }
});
