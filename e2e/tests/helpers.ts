import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";

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

/**
 * Every Content-Security-Policy violation a page of `context` reports
 * (`securitypolicyviolation` events, from the first script on) lands in `into`.
 */
export async function watchCsp(context: BrowserContext, into: string[]): Promise<void> {
  await context.exposeBinding("__hpCspViolation", (_source, line: string) => {
    into.push(line);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __hpCspViolation?: (line: string) => void })
        .__hpCspViolation;
      report?.(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname}`,
      );
    });
  });
}

/**
 * The suite's `test`: every page a test opens in its context is watched for
 * CSP violations, and any one fails the test. Contexts a test makes itself
 * call `watchCsp` with `cspViolations`.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  // eslint-disable-next-line no-empty-pattern
  cspViolations: async ({}, use) => {
    await use([]);
  },
  context: async ({ context, cspViolations }, use) => {
    await watchCsp(context, cspViolations);
    await use(context);
    expect(cspViolations, "Content-Security-Policy violations").toEqual([]);
  },
});

export { expect };

/** The operator's billing command (local mode, no Stripe): put a workspace on a plan; its output. */
export function setPlan(slug: string, plan: "FREE" | "PRO" | "TEAM" | "AGENCY"): string {
  return execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "packages/billing/src/cli/main.ts",
      "set-plan",
      "--workspace",
      slug,
      "--plan",
      plan,
    ],
    {
      cwd: join(dirname(fileURLToPath(import.meta.url)), "..", ".."),
      encoding: "utf8",
      env: {
        ...process.env,
        DATABASE_URL: `postgres://hyperposter:hyperposter@127.0.0.1:${process.env.E2E_PG_PORT}/hyperposter`,
      },
    },
  );
}

/** Someone who signs up with a workspace of their own. */
export interface Account {
  name: string;
  email: string;
  password: string;
  workspace: string;
}

/**
 * Signs up, opens the verification mail in the dev mailbox and follows its
 * link; returns the new workspace's path (`/w/<slug>`). Forms are filled only
 * once the page is idle, so a click is never lost to hydration.
 */
export async function signUpVerified(page: Page, who: Account): Promise<string> {
  await page.goto("/sign-up");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Your name").fill(who.name);
  await page.getByLabel("Work email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByLabel("Workspace name").fill(who.workspace);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/w\/[^/]+\/studio/);
  const workspacePath = new URL(page.url()).pathname.replace(/\/studio$/, "");
  await page.goto("/dev/mailbox");
  await page
    .getByTestId("mail")
    .filter({ hasText: who.email })
    .filter({ hasText: "Verify your email for Hyperposter" })
    .first()
    .getByRole("link")
    .click();
  await page.getByRole("link", { name: /^http:\/\/localhost:\d+\/verify-email\?token=/ }).click();
  await expect(page.getByText(`${who.email} is verified.`)).toBeVisible();
  return workspacePath;
}

/** Creates a preset with only a name (the editor's defaults for the rest). */
export async function createPreset(page: Page, workspacePath: string, name: string): Promise<void> {
  await page.goto(`${workspacePath}/presets/new`);
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Preset name").fill(name);
  await page.getByRole("button", { name: "Create preset" }).click();
  await expect(page.getByText("Saved as version 1.")).toBeVisible();
}

export async function signIn(page: Page, who: Pick<Account, "email" | "password">): Promise<void> {
  await page.goto("/sign-in");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Work email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/w\//);
}
