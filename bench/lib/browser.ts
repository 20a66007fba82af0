import { existsSync } from "node:fs";
import { chromium, type Browser } from "@playwright/test";
import { chromiumArgs } from "../../playwright.config";

/** Debian's Chromium with the e2e tests' flags (never a downloaded browser). */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath))
    throw new Error(`Chromium is missing at ${executablePath}. Install it with: apt-get install -y chromium`);
  return chromium.launch({ executablePath, args: chromiumArgs });
}
