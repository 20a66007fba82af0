import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { expect, type Locator, type Page, type TestInfo } from "@playwright/test";

/** WCAG 2.5.5 (target size, enhanced): 44x44 CSS px. */
export const MIN_TARGET_PX = 44;

/** Pages left out of the size audit: none (the visit room and the call are audited like every other page). */
export const DEFAULT_EXCLUDED_PATHS: RegExp[] = [];

export type ControlSize = { description: string; width: number; height: number };
export type PageAudit = {
  step: string;
  path: string;
  overflow: boolean;
  controls: ControlSize[];
  tooSmall: ControlSize[];
  sizeAudited: boolean;
};

/** Every visible interactive control's hit area; a checkbox or radio inside a label is hit through the label. */
export async function measureControls(page: Page): Promise<ControlSize[]> {
  return page.evaluate(() => {
    const out: { description: string; width: number; height: number }[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>("a, button, input, select, textarea, [role=button]"))) {
      if (el instanceof HTMLInputElement && el.type === "hidden") continue;
      if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      const own = el.getBoundingClientRect();
      // Visually hidden until focused (the skip link): not a target for a finger.
      if (own.width <= 1 && own.height <= 1) continue;
      const label = el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio") ? el.closest("label") : null;
      const rect = label ? label.getBoundingClientRect() : own;
      const name = (el.getAttribute("aria-label") ?? el.textContent ?? (el as HTMLInputElement).name ?? "")
        .trim()
        .replace(/\s+/g, " ")
        .slice(0, 40);
      const kind = el.tagName.toLowerCase() + (el instanceof HTMLInputElement ? `[${el.type}]` : "");
      out.push({ description: `${kind} "${name}"`, width: Math.round(rect.width * 10) / 10, height: Math.round(rect.height * 10) / 10 });
    }
    return out;
  });
}

/**
 * Audits the page as it is now: no horizontal overflow, every visible control at least 44x44 (unless the
 * path is excluded), the primary action reachable; attaches a screenshot of the step to the test and keeps
 * a copy under .data/screens/<project>/.
 */
export async function auditPage(
  page: Page,
  testInfo: TestInfo,
  step: string,
  options: { primary?: Locator; excludePaths?: RegExp[] } = {},
): Promise<PageAudit> {
  await page.waitForLoadState("load");
  const path = new URL(page.url()).pathname;
  const sizeAudited = !(options.excludePaths ?? DEFAULT_EXCLUDED_PATHS).some((p) => p.test(path));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  const controls = sizeAudited ? await measureControls(page) : [];
  const tooSmall = controls.filter((c) => c.width < MIN_TARGET_PX - 0.05 || c.height < MIN_TARGET_PX - 0.05);
  if (options.primary) {
    await options.primary.scrollIntoViewIfNeeded();
    await expect(options.primary, `${step}: the primary action can be reached`).toBeInViewport();
  }
  const dir = join(".data", "screens", testInfo.project.name);
  mkdirSync(dir, { recursive: true });
  const body = await page.screenshot({ fullPage: true, path: join(dir, `${step}.png`) });
  await testInfo.attach(`${step}.png`, { body, contentType: "image/png" });
  const audit = { step, path, overflow, controls, tooSmall, sizeAudited };
  expect.soft(overflow, `${step} (${path}): no horizontal overflow`).toBe(false);
  expect.soft(tooSmall, `${step} (${path}): controls under ${MIN_TARGET_PX}x${MIN_TARGET_PX}`).toEqual([]);
  return audit;
}

/** The figures of a run of audits: pages, controls checked, and the smallest control. */
export function summarize(audits: PageAudit[]): { pages: number; controls: number; smallest: ControlSize | null } {
  const all = audits.flatMap((a) => a.controls);
  const smallest = all.reduce<ControlSize | null>(
    (min, c) => (!min || Math.min(c.width, c.height) < Math.min(min.width, min.height) ? c : min),
    null,
  );
  return { pages: audits.length, controls: all.length, smallest };
}
