import { expect, test, type Page } from "@playwright/test";
import { startCall } from "../support/call";
import { intersects, type Rect } from "../support/call-layout";
import { expectPairFlowing, inviteGuest, joinAsGuest } from "../support/guests";
import { auditPage } from "../support/page-audit";

// Run by the phone projects, upright and turned (playwright.config.ts): a call of three on a phone. The
// interpreter joins on this phone; the patient and provider on desks. Every tile is on screen, nothing
// overflows sideways, every control is at least 44x44 and on screen, the self-view covers no tile, and
// both remote pictures carry real frames.

const NAME = "Maria Garcia";

/** Where the tiles and the self-view are. */
function tiles(page: Page): Promise<{ viewport: { width: number; height: number }; tiles: Rect[]; self: Rect | null }> {
  return page.evaluate(() => {
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const self = document.querySelector('[data-testid="self-view"]');
    return {
      viewport: { width: window.innerWidth, height: window.innerHeight },
      tiles: [...document.querySelectorAll('[data-testid="remote-tile"]')].map(box),
      self: self ? box(self) : null,
    };
  });
}

test("a call of three on a phone: two tiles on screen, the self-view over neither, controls of 44 px", async ({ browser }, testInfo) => {
  test.setTimeout(240_000);
  const call = await startCall(browser);
  const { viewport, userAgent, isMobile, hasTouch, deviceScaleFactor } = testInfo.project.use;
  let guestClose: (() => Promise<void>) | null = null;
  try {
    await expect(call.provider.page.locator('[data-call-status="connected"]')).toBeVisible({ timeout: 30_000 });
    const invited = await inviteGuest(call.provider.page, call.visit.appointmentId, { name: NAME, role: "INTERPRETER", detail: "Spanish" });
    const guest = await joinAsGuest(browser, invited, NAME, { device: { viewport, userAgent, isMobile, hasTouch, deviceScaleFactor } });
    guestClose = async () => {
      await guest.page.goto("about:blank").catch(() => undefined);
      await guest.context.close();
    };
    await auditPage(guest.page, testInfo, "41-guest-waiting");
    await call.provider.page.getByRole("button", { name: `Let in ${NAME}` }).click();
    await expectPairFlowing(guest.page, call.visit.provider.id);
    await expectPairFlowing(guest.page, call.visit.patient.id);
    await auditPage(guest.page, testInfo, "42-guest-call-of-three");
    const layout = await tiles(guest.page);
    expect(layout.tiles).toHaveLength(2);
    for (const tile of layout.tiles) {
      expect(tile.x >= -0.5 && tile.y >= -0.5, `tile ${JSON.stringify(tile)} on screen`).toBe(true);
      expect(tile.x + tile.width <= layout.viewport.width + 0.5 && tile.y + tile.height <= layout.viewport.height + 0.5).toBe(true);
      expect(tile.width * tile.height, "a tile with room for a face").toBeGreaterThan(80 * 60);
      if (layout.self)
        expect(intersects(layout.self, tile), `self-view ${JSON.stringify(layout.self)} over ${JSON.stringify(tile)}`).toBe(false);
    }
    // The call's controls: all on screen and at least 44x44 (the grid has no one-to-one remote video to measure).
    const controls = await guest.page
      .getByRole("group", { name: "Call controls" })
      .getByRole("button")
      .evaluateAll((buttons) =>
        buttons
          .filter((b) => b.checkVisibility())
          .map((b) => ({ name: (b.getAttribute("aria-label") ?? b.textContent ?? "").trim(), ...b.getBoundingClientRect().toJSON() })),
      );
    expect(controls.map((c) => c.name)).toEqual(expect.arrayContaining(["Mute", "Leave"]));
    for (const c of controls) {
      expect(
        c.x >= 0 && c.y >= 0 && c.right <= layout.viewport.width + 0.5 && c.bottom <= layout.viewport.height + 0.5,
        `${c.name} on screen`,
      ).toBe(true);
      expect(Math.min(c.width, c.height), `${c.name} at least 44 px`).toBeGreaterThanOrEqual(44);
    }
  } finally {
    await guestClose?.();
    await call.close();
  }
});
