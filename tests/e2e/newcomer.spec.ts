import { expect, test } from "@playwright/test";
import { demo, signInAs } from "./support/auth";

test("pages load without console errors, and the site has an icon", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${page.url()}: ${message.text()}`);
  });
  for (const path of ["/", "/sign-in", "/sign-up"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  expect(errors).toEqual([]);
  const icon = await page.request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/image/);
});

test("blocked desktop alerts read as a plain notice with what to do, not as a link to click", async ({ page }) => {
  // The browser's own block (a person once chose "Block"), which no page can undo.
  await page.addInitScript(() => Object.defineProperty(Notification, "permission", { get: () => "denied" }));
  await signInAs(page, demo("PROVIDER", 2).email);
  await page.goto("/dashboard");
  const notice = page.locator('[data-alerts="blocked"]');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText("allow notifications in the browser");
  expect(await notice.evaluate((el) => el.tagName)).toBe("P");
  expect(await notice.evaluate((el) => getComputedStyle(el).textDecorationLine)).not.toContain("underline");
  await expect(page.getByRole("button", { name: /Desktop alerts/ })).toHaveCount(0);
});
