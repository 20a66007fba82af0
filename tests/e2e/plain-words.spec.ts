import { expect, test } from "@playwright/test";

test("sign-up refusals say what to do in plain words, beside each field", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill("not-an-address");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("alert").first()).toHaveText("Please check the details marked below.");
  await expect(page.getByText("Please enter your name.")).toBeVisible();
  await expect(page.getByText("Please enter an email address such as name@example.com.")).toBeVisible();
  await expect(page.getByText("Please choose a password of at least 10 characters.")).toBeVisible();
  await expect(page.getByLabel("Full name")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("main")).not.toContainText("Invalid input");
  await expect(page.locator("main")).not.toContainText("is required");
});

test("the landing page says plainly what happens to a call", async ({ page }) => {
  await page.goto("/");
  const privacy = page.getByRole("region", { name: "What happens to your call" });
  await expect(privacy).toContainText("go directly between your browser and your provider's");
  await expect(privacy).toContainText("through the clinic's own relay");
  await expect(privacy).toContainText("Nothing is recorded.");
  await expect(privacy).toContainText("Chat messages are not stored");
});
