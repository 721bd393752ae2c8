import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";

export const fixtures = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
/** The repo's example briefs, presets, logos and fonts. */
export const examples = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "examples");
const screens = join(dirname(fileURLToPath(import.meta.url)), "..", "artifacts", "screens");

/** Where a one-off screenshot goes. */
export function screenPath(name: string): string {
  mkdirSync(screens, { recursive: true });
  return join(screens, `${name}.png`);
}

/** Full-page screenshots at the two widths the product is finished for, kept as artifacts. */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(screens, { recursive: true });
  const original = page.viewportSize() ?? { width: 1440, height: 900 };
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    // A scrolled page under a sticky header makes full-page captures overlap.
    // next dev may reload a page once after compiling it; wait that out instead of failing.
    await page
      .evaluate(() => window.scrollTo(0, 0))
      .catch(async () => {
        await page.waitForLoadState("load");
        await page.evaluate(() => window.scrollTo(0, 0));
      });
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(screens, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(original);
}

export const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
