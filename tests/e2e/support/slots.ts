import { expect, type Page } from "@playwright/test";
import pg from "pg";

/** A provider's booking rules as the database holds them, so tests derive their slots from the rules. */
export async function bookingRules(
  providerEmail: string,
): Promise<{ minNoticeMinutes: number; cancelNoticeMinutes: number; horizonDays: number }> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT p."minNoticeMinutes", p."cancelNoticeMinutes", p."horizonDays" FROM "ProviderProfile" p JOIN "User" u ON u.id = p."userId" WHERE u.email = $1`,
      [providerEmail],
    );
    const row = rows[0] as { minNoticeMinutes: number; cancelNoticeMinutes: number; horizonDays: number } | undefined;
    if (!row) throw new Error(`No provider ${providerEmail}`);
    return row;
  } finally {
    await client.end();
  }
}

/**
 * Clicks the first offered slot that `accept` takes, paging "Later" through the weeks, and returns its
 * label. A test that needs, say, a slot it may still move or cancel asks for one beyond the notice,
 * instead of taking the first slot and depending on the hour it runs at.
 */
export async function chooseSlot(page: Page, accept: (start: Date) => boolean, weeks = 9): Promise<{ label: string; start: string }> {
  const buttons = page.locator("button[data-start]");
  for (let week = 0; week < weeks; week++) {
    await expect(buttons.first().or(page.getByText("No free times in these seven days"))).toBeVisible();
    const starts = await buttons.evaluateAll((els) => els.map((el) => el.getAttribute("data-start") ?? ""));
    const start = starts.find((s) => accept(new Date(s)));
    if (start) {
      const button = page.locator(`button[data-start="${start}"]`);
      const label = (await button.textContent())!.trim();
      await button.click();
      return { label, start };
    }
    const shown = starts[0];
    await page.getByRole("button", { name: "Later" }).click();
    await expect.poll(async () => (await buttons.count()) === 0 || (await buttons.first().getAttribute("data-start")) !== shown).toBe(true);
  }
  throw new Error(`No offered slot met the rule within ${weeks} weeks`);
}
