import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import {
  examples,
  expect,
  fixtures,
  screenPath,
  setPlan,
  shoot,
  signIn,
  test,
  unique,
  watchCsp,
} from "./helpers";

// One brand team's day, in order: the owner signs up and verifies their
// address from the mail (read in the development mailbox), builds a preset
// with a logo, generates three formats and takes the files home; a colleague
// invited as viewer can look but not change or generate anything; a forgotten
// password is reset by mail and every device is signed out.

test.describe.configure({ mode: "serial" });

const id = unique();
const owner = {
  name: "Lena Marketer",
  email: `lena-${id}@brand.test`,
  password: "posters-all-day",
  workspace: `North Roastery ${id}`,
};
const viewer = {
  name: "Viktor Viewer",
  email: `viktor-${id}@brand.test`,
  password: "just-looking-123",
  workspace: `Viktor ${id}`,
};
const PRESET = "Roastery Autumn";
const PRODUCT = "Maple oat latte";
let workspacePath = "";
let inviteLink = "";

async function signUp(page: Page, who: typeof owner) {
  await page.getByLabel("Your name").fill(who.name);
  await page.getByLabel("Work email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByLabel("Workspace name").fill(who.workspace);
  await page.getByRole("button", { name: "Create account" }).click();
}

/** Opens the newest mail with `subject` to `to` in the development mailbox, then its link. */
async function openMailLink(page: Page, to: string, subject: string) {
  await page.goto("/dev/mailbox");
  await expect(page.getByRole("heading", { name: "Development mailbox" })).toBeVisible();
  const mail = page.getByTestId("mail").filter({ hasText: to }).filter({ hasText: subject });
  await mail.first().getByRole("link").click();
  await expect(page.getByRole("heading", { name: subject })).toBeVisible();
  await expect(page.getByTestId("mail-to")).toHaveText(to);
  await page
    .getByRole("link", { name: /^http:\/\/localhost:\d+\/(verify-email|reset-password)\?token=/ })
    .click();
}

test("sign up creates a workspace, verifies the address from the mail and gets its credits", async ({
  page,
}) => {
  // The first test meets a fresh `next dev` that compiles each page on first use (minutes on a busy machine).
  test.setTimeout(360_000);
  await page.goto("/");
  await shoot(page, "01-home");
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible({
    timeout: 120_000,
  });
  // Bad input names the field in a sentence.
  await page.getByLabel("Your name").fill(owner.name);
  await page.getByLabel("Work email").fill(owner.email);
  await page.getByLabel("Password").fill("short");
  await page.getByLabel("Workspace name").fill(owner.workspace);
  await page.getByLabel("Password").evaluate((el) => el.removeAttribute("minlength"));
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Password must be at least 10 characters.")).toBeVisible();
  await shoot(page, "02-sign-up-error");
  await signUp(page, owner);
  await page.waitForURL(/\/w\/[^/]+\/studio/, { timeout: 180_000 });
  workspacePath = new URL(page.url()).pathname.replace(/\/studio$/, "");
  await expect(
    page.getByRole("heading", { name: "This workspace has no brand presets yet." }),
  ).toBeVisible();
  // Unverified: no credits yet, and a banner says what to do.
  const banner = page.getByTestId("verify-email-banner");
  await expect(banner).toContainText(`we sent a link to ${owner.email}`);
  await expect(page.getByText("0 credits left")).toBeVisible();
  await shoot(page, "03-studio-unverified");

  // The mail arrives in the development mailbox; its link verifies the address.
  await openMailLink(page, owner.email, "Verify your email for Hyperposter");
  await page.waitForURL(/\/verify-email\?token=/);
  await expect(page.getByText(`${owner.email} is verified.`)).toBeVisible();
  await expect(page.getByText("Your workspace received its 100 starting credits.")).toBeVisible();
  await shoot(page, "03-email-verified");
  await page.getByRole("link", { name: "Open Hyperposter" }).click();
  await page.waitForURL(/\/w\/[^/]+\/studio/);
  await expect(page.getByText("100 credits left")).toBeVisible();
  await expect(page.getByTestId("verify-email-banner")).toHaveCount(0);
  await shoot(page, "03-studio-empty");
});

test("creates a brand preset with a logo, contrast hints and default formats", async ({ page }) => {
  await signIn(page, owner);
  await page.goto(`${workspacePath}/presets`);
  await expect(page.getByRole("heading", { name: "No brand presets yet" })).toBeVisible();
  await page.getByRole("link", { name: "New preset" }).first().click();
  await page.getByLabel("Preset name").fill(PRESET);
  await page.getByLabel("Text", { exact: true }).fill("#EEEEEE");
  await expect(page.getByText(/Hard to read/).first()).toBeVisible();
  await page.getByLabel("Text", { exact: true }).fill("#1B1B1B");
  await page.getByLabel("Background", { exact: true }).fill("#F6EFE6");
  // The brand's own font: a renamed image is refused by the server, a real TTF is
  // checked, added to the workspace's fonts and chosen for headings.
  const fontInput = page.getByLabel("Upload a brand font");
  await fontInput.setInputFiles({
    name: "brand.ttf",
    mimeType: "font/ttf",
    buffer: readFileSync(join(fixtures, "logo.png")),
  });
  await expect(page.getByText("This file must be a TTF, OTF, WOFF or WOFF2 font.")).toBeVisible();
  await fontInput.setInputFiles(join(examples, "fonts", "BebasNeue-Regular.ttf"));
  await expect(
    page.getByText("Bebas Neue was added to this workspace's fonts and chosen for headings."),
  ).toBeVisible();
  await expect(page.getByLabel("Heading font")).toHaveValue(/^file:/);
  await expect(page.getByText("Regular 400 · TTF · 56 KB · Latin")).toBeVisible();
  // The preview is set in the uploaded face itself, loaded from the app's own origin.
  await expect
    .poll(() =>
      page.getByTestId("font-specimen-heading").evaluate((el) => getComputedStyle(el).fontFamily),
    )
    .toMatch(/^"?hp-upload-/);
  await page.getByLabel("Body font").selectOption({ label: "Noto Serif SC — Chinese + Latin" });
  // A file that is not an image is refused with a sentence.
  const logoInput = page.getByLabel("Choose a logo file");
  await logoInput.setInputFiles({
    name: "notes.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("hello"),
  });
  await expect(page.getByText("Choose an SVG, PNG or JPEG file.")).toBeVisible();
  await logoInput.setInputFiles(join(fixtures, "logo.png"));
  await expect(page.getByRole("img", { name: /Logo: logo\.png/ })).toBeVisible();
  await page.getByLabel(/^Tone of voice/).fill("warm, confident, no slang");
  await page.getByLabel(/^Style keywords/).fill("soft daylight, matte paper");
  await page.getByLabel(/^Avoid/).fill("cartoon, neon");
  for (const format of ["Instagram square", "Story / Reel", "Link ad landscape"])
    await page.getByRole("checkbox", { name: new RegExp(format) }).check();
  await shoot(page, "04-preset-editor");
  await page.getByRole("button", { name: "Create preset" }).click();
  await expect(page.getByText("Saved as version 1.")).toBeVisible();
  // The new preset opens in its own editor; edit there, not in the form it replaces.
  await page.waitForURL(/\/presets\/[^/?]+\?created=1/);
  await expect(page.getByRole("heading", { name: `Edit “${PRESET}”` })).toBeVisible();
  await expect(page.getByLabel(/^Tone of voice/)).toHaveValue("warm, confident, no slang");
  // Each edit is a new version.
  await page.getByLabel(/^Tone of voice/).fill("warm, confident, seasonal");
  await page.getByRole("button", { name: "Save as new version" }).click();
  await expect(page.getByText("Saved as version 2.")).toBeVisible();
  // The fonts are part of the saved version.
  await page.reload();
  await expect(page.getByLabel("Heading font")).toHaveValue(/^file:/);
  await expect(page.getByLabel("Body font")).toHaveValue("catalog:Noto Serif SC");
  await page.goto(`${workspacePath}/presets`);
  await expect(page.getByRole("heading", { name: PRESET })).toBeVisible();
  await expect(page.getByText("version 2")).toBeVisible();
  await expect(page.getByText(/Bebas Neue \/ Noto Serif SC/)).toBeVisible();
  await shoot(page, "05-presets");
});

test("generates three formats with live progress, opens and downloads a result", async ({
  page,
}) => {
  await signIn(page, owner);
  await page.goto(`${workspacePath}/studio`);
  await expect(page.getByLabel("Brand preset")).toHaveValue(/.+/);
  for (const format of ["Instagram square", "Story / Reel", "Link ad landscape"])
    await expect(page.getByRole("checkbox", { name: new RegExp(format) })).toBeChecked();
  await page.getByLabel("Product", { exact: true }).fill(PRODUCT);
  await page.getByLabel(/^Offer/).fill("20% off this week");
  await page.getByLabel(/^Audience/).fill("commuters in their 20s");
  await expect(page.getByText("Costs 3 credits")).toBeVisible();
  await shoot(page, "06-studio-brief");
  await page.getByRole("button", { name: "Generate", exact: true }).click();
  await page.waitForURL(/\?g=/);

  // Watch progress without reloading: record what the panel says until it is done.
  const seen = new Set<string>();
  const cardCounts: number[] = [];
  const status = page.getByTestId("generation-status");
  const deadline = Date.now() + 100_000;
  let shotProgress = false;
  while (Date.now() < deadline) {
    const text = (await status.textContent()) ?? "";
    const stage = page.getByTestId("generation-stage");
    // The stage line leaves when the work is done: it may go between these two reads.
    const stageText = await stage.textContent({ timeout: 1_000 }).catch(() => null);
    if (stageText) {
      seen.add(stageText);
      if (!shotProgress) {
        shotProgress = true;
        await page.screenshot({ path: screenPath("07-studio-progress-1440") });
      }
    }
    cardCounts.push(await page.getByTestId("result-card").count());
    if (text === "Done" || text === "Failed") break;
    await page.waitForTimeout(250);
  }
  await expect(status).toHaveText("Done");
  expect(seen.size, `progress seen: ${[...seen].join(" | ")}`).toBeGreaterThan(0);
  expect(cardCounts).toEqual([...cardCounts].sort((a, b) => a - b));
  await expect(page.getByTestId("result-card")).toHaveCount(3);
  await expect(page.getByTestId("prompt")).toContainText(/maple|latte/i);
  await expect(page.getByTestId("copy-headline")).not.toBeEmpty();
  await expect(page.getByText(/Quality gate: (Passed|Needs review)/).first()).toBeVisible();
  const squareCard = page.locator('[data-format="instagram-square"]');
  await squareCard.getByText("Quality checks").click();
  await expect(squareCard.getByText(/weakest: [a-z ]+ [\d.]+:1/)).toBeVisible();
  await shoot(page, "08-studio-results");

  await page.getByRole("button", { name: /Open full size: Instagram square/ }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("img")).toBeVisible();
  await page.screenshot({ path: screenPath("09-result-preview-1440") });
  await dialog.getByRole("button", { name: "Close" }).click();

  const square = page.locator('[data-format="instagram-square"]');
  const [png] = await Promise.all([
    page.waitForEvent("download"),
    square.getByRole("link", { name: /PNG/ }).click(),
  ]);
  expect(png.suggestedFilename()).toMatch(/^hyperposter-instagram-square-v1-\d+\.png$/);
  const pngBytes = readFileSync((await png.path())!);
  expect(pngBytes.subarray(1, 4).toString()).toBe("PNG");

  const [zip] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download all (zip)" }).click(),
  ]);
  const zipBytes = readFileSync((await zip.path())!);
  expect(zipBytes.subarray(0, 2).toString()).toBe("PK");
  for (const format of ["instagram-square/", "story/", "link-ad-landscape/"])
    expect(zipBytes.includes(Buffer.from(format))).toBe(true);

  // "Same seed again" with nothing changed: a new generation with the same seed and the same
  // files, for no credits.
  const first = new URL(page.url()).searchParams.get("g");
  // Read from the server after a reload: the badge may predate the settlement of failed assets.
  await page.reload();
  await expect(page.getByTestId("generation-status")).toHaveText("Done");
  const balance = (await page.getByText(/^\d+ credits left$/).textContent()) ?? "";
  const seedLine =
    (await page
      .getByText(/seed \d+ ·/)
      .first()
      .textContent()) ?? "";
  await page.getByRole("button", { name: "Same seed again" }).click();
  await page.waitForURL((url) => url.searchParams.get("g") !== first);
  await expect(page.getByText(seedLine.trim())).toBeVisible();
  await expect(page.getByTestId("same-as")).toBeVisible();
  await page.reload();
  await expect(page.getByText(balance)).toBeVisible();
});

test("finds the generation in history with its prompt and copy, and filters", async ({ page }) => {
  await signIn(page, owner);
  await page.goto(`${workspacePath}/history`);
  // Two runs of the same brief: the "same seed again" one is newest; the first is last.
  const items = page.getByTestId("history-item").filter({ hasText: PRODUCT });
  await expect(items).toHaveCount(2);
  const item = items.last();
  await expect(item).toBeVisible();
  await expect(item).toContainText("Done");
  await expect(item).toContainText(PRESET);
  await expect(item).toContainText("Prompt:");
  await expect(item).toContainText("Copy:");
  await shoot(page, "10-history");
  await page.getByLabel("Status").selectOption("FAILED");
  await expect(
    page.getByText("No generation matches these filters. Clear them to see everything."),
  ).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await item.getByRole("link", { name: "Open" }).click();
  await expect(page.getByTestId("generation-status")).toHaveText("Done");
  await expect(page.getByTestId("result-card")).toHaveCount(3);
});

test("invites a colleague as viewer by link", async ({ page }) => {
  // Free has one seat (the owner): an operator moves the workspace to Team with the
  // billing command (local mode, no Stripe), and the billing page shows it.
  const slug = workspacePath.split("/").pop()!;
  const out = setPlan(slug, "TEAM");
  expect(out).toContain(`${slug} is on TEAM until`);
  await signIn(page, owner);
  await page.goto(`${workspacePath}/billing`);
  await expect(page.getByTestId("billing-plan")).toHaveText("Team");
  await expect(page.getByTestId("billing-monthly")).toHaveText("1200");
  await expect(page.getByText("One credit = one rendered format of one variant.")).toBeVisible();
  // Local mode: no Stripe on this stack, so buying is off and the operator command is named.
  await expect(page.getByTestId("billing-local-mode")).toContainText(
    "Payments are not configured on this server",
  );
  await expect(page.getByTestId("billing-local-mode")).toContainText(
    `npm run billing -- set-plan --workspace ${slug} --plan PRO`,
  );
  await expect(page.getByRole("button", { name: "Upgrade to Agency" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "100 credits · $10" })).toBeDisabled();
  await expect(page.getByText("No invoices in local mode: nothing is charged.")).toBeVisible();
  await expect(page.getByTestId("billing-usage-chart")).toBeVisible();
  await shoot(page, "11-billing");
  await page.goto(`${workspacePath}/team`);
  await page.getByLabel("Role", { exact: true }).selectOption("VIEWER");
  await page.getByRole("button", { name: "Create invitation link" }).click();
  inviteLink = await page.getByTestId("invite-link").inputValue();
  expect(inviteLink).toMatch(/\/invite\/[\w-]{40,}$/);
  await expect(page.getByRole("heading", { name: "Pending invitations" })).toBeVisible();
  await expect(page.getByText(/^Anyone with the link · Viewer · expires/)).toBeVisible();
  await shoot(page, "11-team");
  await page.goto(`${workspacePath}/settings`);
  await shoot(page, "12-settings");
});

test("the viewer sees the preset but cannot edit it or generate", async ({ page }) => {
  await page.goto(new URL(inviteLink).pathname);
  await expect(page.getByText(`Join “${owner.workspace}” as Viewer.`)).toBeVisible();
  await shoot(page, "13-invite");
  await page.getByRole("link", { name: "Create an account" }).click();
  // Signing up from the link joins the inviting workspace: no workspace of their own to name.
  await expect(page.getByRole("heading", { name: `Join “${owner.workspace}”` })).toBeVisible();
  await expect(page.getByLabel("Workspace name")).toHaveCount(0);
  await page.getByLabel("Your name").fill(viewer.name);
  await page.getByLabel("Work email").fill(viewer.email);
  await page.getByLabel("Password").fill(viewer.password);
  await page.getByRole("button", { name: "Create account and join" }).click();
  await page.waitForURL(new RegExp(`${workspacePath}/studio`));
  // Only the inviting workspace (and "+ New workspace…") in the switcher.
  await expect(
    page.getByRole("combobox", { name: "Workspace" }).first().locator("option"),
  ).toHaveText([owner.workspace, "+ New workspace…"]);
  await page.goto(`${workspacePath}/presets`);
  await expect(page.getByRole("heading", { name: PRESET })).toBeVisible();
  await expect(page.getByText(/view-only access/)).toBeVisible();
  await expect(page.getByRole("link", { name: "New preset" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Duplicate" })).toHaveCount(0);
  await shoot(page, "14-viewer-presets");
  await page.getByRole("link", { name: "View", exact: true }).click();
  // A read-only view: the preset as text, no fields that look editable.
  await expect(page.getByTestId("preset-summary")).toContainText(PRESET);
  await expect(page.getByLabel("Preset name")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save as new version" })).toHaveCount(0);
  await page.goto(`${workspacePath}/studio`);
  await expect(page.getByText(/view-only access/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Generate", exact: true })).toHaveCount(0);
  await expect(page.getByLabel("Product", { exact: true })).toHaveCount(0);
  await shoot(page, "15-viewer-studio");
  await page.getByRole("link", { name: "Open history" }).click();
  await expect(page.getByTestId("history-item").filter({ hasText: PRODUCT }).first()).toBeVisible();

  // The server refuses too, whatever the UI shows.
  const slug = workspacePath.split("/").pop();
  const presets = await page.request.get(
    `/api/trpc/preset.list?input=${encodeURIComponent(JSON.stringify({ workspaceSlug: slug }))}`,
  );
  const presetId = ((await presets.json()) as { result: { data: Array<{ id: string }> } }).result
    .data[0]!.id;
  const generate = await page.request.post("/api/trpc/generation.create", {
    data: {
      workspaceSlug: slug,
      presetId,
      variants: 1,
      brief: { product: "x", formats: ["story"] },
    },
  });
  expect(generate.status()).toBe(403);
  const edit = await page.request.post("/api/trpc/preset.archive", {
    data: { workspaceSlug: slug, presetId, archived: true },
  });
  expect(edit.status()).toBe(403);
});

test("switches the UI to Simplified Chinese without changing the brief's language", async ({
  page,
}) => {
  await signIn(page, owner);
  await page.goto(`${workspacePath}/studio`);
  await page.getByRole("combobox", { name: "Language" }).first().selectOption("zh");
  await expect(page.getByRole("heading", { name: "工作台" })).toBeVisible();
  await expect(page.getByLabel("海报语言")).toHaveValue("en");
  await shoot(page, "16-studio-zh");
  // A page loaded afresh in Chinese, bold headings included (this machine has no Chinese system font).
  await page.goto(`${workspacePath}/team`);
  await expect(page.getByRole("heading", { name: "团队" })).toBeVisible();
  await expect(page.getByText(owner.email)).toBeVisible();
  await shoot(page, "16-team-zh");
  await page.goto(`${workspacePath}/presets`);
  await expect(page.getByRole("heading", { name: "品牌预设" })).toBeVisible();
  // The choice is saved on the account too; the next test signs in afresh and must get English.
  const saved = page.waitForResponse(
    (response) => response.url().includes("auth.setLocale") && response.ok(),
  );
  await page.getByRole("combobox", { name: "界面语言" }).first().selectOption("en");
  await expect(page.getByRole("heading", { name: "Brand presets" })).toBeVisible();
  await saved;
});

test("creates a second workspace for another client and switches between them", async ({
  page,
}) => {
  await signIn(page, owner);
  await page.goto(`${workspacePath}/studio`);
  await page.getByRole("combobox", { name: "Workspace" }).first().selectOption("__new");
  await page.waitForURL(/\/workspaces\/new/);
  await expect(page.getByRole("heading", { name: "Create a workspace" })).toBeVisible();
  await expect(page.getByText("It starts with 100 credits. You will be its owner.")).toBeVisible();
  // Too short a name is refused with a sentence under the field.
  await page.getByLabel("Workspace name").fill("x");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText("Workspace name must be at least 2 characters.")).toBeVisible();
  await shoot(page, "17-new-workspace");
  await page.getByLabel("Workspace name").fill(`Wholesale ${id}`);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.waitForURL(/\/w\/wholesale-[^/]+\/studio/);
  // A fresh workspace: its own credits, no presets, nothing of the first one's.
  await expect(
    page.getByRole("heading", { name: "This workspace has no brand presets yet." }),
  ).toBeVisible();
  await expect(page.getByText("100 credits left")).toBeVisible();
  const switcher = page.getByRole("combobox", { name: "Workspace" }).first();
  await expect(switcher.locator("option")).toHaveText([
    owner.workspace,
    `Wholesale ${id}`,
    "+ New workspace…",
  ]);
  await page.goto(page.url().replace(/\/studio$/, "/presets"));
  await expect(page.getByRole("heading", { name: "No brand presets yet" })).toBeVisible();
  await switcher.selectOption({ label: owner.workspace });
  await page.waitForURL(new RegExp(`${workspacePath}/studio`));
  await expect(page.getByLabel("Brand preset")).toHaveValue(/.+/);
});

test("lists the devices signed in and signs out everywhere", async ({
  page,
  browser,
  cspViolations,
}) => {
  // A second device: its own browser context and cookie.
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    userAgent:
      "Mozilla/5.0 (iPhone; CPU iPhone OS 19_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.1 Mobile/15E148 Safari/604.1",
  });
  await watchCsp(phone, cspViolations);
  const phonePage = await phone.newPage();
  await signIn(phonePage, owner);
  await signIn(page, owner);
  await page.getByRole("link", { name: owner.name }).click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByText(owner.email)).toBeVisible();
  await expect(page.getByRole("link", { name: `Open: Wholesale ${id}` })).toBeVisible();
  const sessions = page.getByTestId("session");
  await expect(sessions.filter({ hasText: "This device" })).toHaveCount(1);
  await expect(sessions.filter({ hasText: "Safari 19 on iOS" }).first()).toBeVisible();
  await shoot(page, "18-account");

  // Signing the phone out of one session ends that session only.
  const phoneSessions = await sessions.filter({ hasText: "Safari 19 on iOS" }).count();
  await page.getByRole("button", { name: "Sign out: Safari 19 on iOS" }).first().click();
  await expect(sessions.filter({ hasText: "Safari 19 on iOS" })).toHaveCount(phoneSessions - 1);
  await phonePage.goto(`${workspacePath}/studio`);
  await phonePage.waitForURL(/\/sign-in/);

  // Everywhere: this browser too, and any other.
  await signIn(phonePage, owner);
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await page.waitForURL(/\/sign-in\?signedOut=everywhere/);
  await expect(
    page.getByText("You were signed out on every device. Sign in again to continue."),
  ).toBeVisible();
  await shoot(page, "19-signed-out-everywhere");
  await page.goto(`${workspacePath}/studio`);
  await page.waitForURL(/\/sign-in/);
  await phonePage.goto(`${workspacePath}/presets`);
  await phonePage.waitForURL(/\/sign-in/);
  await phone.close();
  // Signing in again works as before.
  await signIn(page, owner);
});

test("a forgotten password is reset by mail, and every device is signed out", async ({
  page,
  browser,
}) => {
  // Another device is signed in with the old password.
  const laptop = await browser.newContext();
  const laptopPage = await laptop.newPage();
  await signIn(laptopPage, owner);

  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await page.getByLabel("Work email").fill(owner.email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(
    page.getByText(`If an account exists for ${owner.email}, a link to choose a new password`),
  ).toBeVisible();
  await shoot(page, "20-forgot-password");

  await openMailLink(page, owner.email, "Reset your Hyperposter password");
  await page.waitForURL(/\/reset-password\?token=/);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  owner.password = "a-fresh-password-2026";
  await page.getByLabel("New password").fill(owner.password);
  await shoot(page, "21-reset-password");
  await page.getByRole("button", { name: "Set new password" }).click();
  await page.waitForURL(/\/sign-in\?reset=done/);
  await expect(
    page.getByText("Your password was changed and every device was signed out."),
  ).toBeVisible();

  // The other device's session ended with the old password.
  await laptopPage.goto(`${workspacePath}/studio`);
  await laptopPage.waitForURL(/\/sign-in/);
  await laptop.close();
  // The new password signs in.
  await signIn(page, owner);
  await expect(page.getByText(/credits left/)).toBeVisible();
});
