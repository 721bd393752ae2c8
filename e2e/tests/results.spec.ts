import { unzipSync, strFromU8 } from "fflate";
import type { Page, Response } from "@playwright/test";
import { createPreset, expect, shoot, signIn, signUpVerified, test, unique } from "./helpers";

// Results people can act on: a 4-format generation's page loads small WebP
// renditions (not the full files), shows its brief, preset version, seed and
// copy; "Edit and re-run" opens the studio filled in; "Same seed again" with
// unchanged inputs costs nothing; "More variations" keeps the brief in the
// form; the zip carries copy.json and copy.txt.

// Four formats (one of them A4 at 300 dpi) on a shared CPU take a while.
test.describe.configure({ mode: "serial", timeout: 420_000 });

const id = unique();
const owner = {
  name: "Rita Results",
  email: `rita-${id}@brand.test`,
  password: "results-people-act-on",
  workspace: `Tea House ${id}`,
};
const FORMATS = ["instagram-square", "story", "banner-leaderboard", "print-a4"];
/** The issue's budget for what a 4-format generation page loads to show its results. */
const IMAGE_BUDGET = 1.5 * 1024 * 1024;
let workspacePath = "";
let firstId = "";

const credits = async (page: Page) =>
  Number((await page.getByText(/^\d+ credits left$/).textContent())?.match(/\d+/)?.[0]);

test("signs up, verifies the address, makes a preset and a 4-format generation", async ({
  page,
}) => {
  workspacePath = await signUpVerified(page, owner);
  // Two presets: the second one is what the studio would preselect, the first is what we use.
  for (const name of ["Tea house autumn", "Another brand"])
    await createPreset(page, workspacePath, name);

  await page.goto(`${workspacePath}/studio`);
  await page.getByLabel("Product", { exact: true }).fill("Osmanthus oolong tea");
  await page.getByLabel(/^Offer/).fill("Buy 2, get the 3rd free");
  await page.getByLabel("Brand preset").selectOption({ label: "Tea house autumn" });
  for (const format of FORMATS) {
    const box = page.locator(`input[name="formats"][value="${format}"]`);
    if (!(await box.isChecked())) await box.check();
  }
  for (const box of await page.locator('input[name="formats"]:checked').all()) {
    const value = await box.getAttribute("value");
    if (!FORMATS.includes(value ?? "")) await box.uncheck();
  }
  await page.getByLabel(/^Seed/).fill("4242");
  await page.getByRole("button", { name: "Generate", exact: true }).click();
  await page.waitForURL(/\?g=/);
  firstId = new URL(page.url()).searchParams.get("g") ?? "";
  await expect(page.getByTestId("generation-status")).toHaveText("Done", { timeout: 360_000 });
  await expect(page.getByTestId("result-card")).toHaveCount(4);
});

test("a 4-format generation page loads at most 1.5 MB of images, all small WebP renditions", async ({
  page,
}) => {
  await signIn(page, owner);
  // Counted: the body bytes of every response Chromium fetched as an image for this page
  // (result cards, history links, logo…), from navigation until the network is idle.
  // Not counted: documents, scripts, styles, fonts and tRPC JSON (they do not grow with the
  // results), and the enlarged view's preview, which loads only when a card is opened.
  const images: { url: string; bytes: Promise<number> }[] = [];
  const onResponse = (response: Response) => {
    if (response.request().resourceType() !== "image") return;
    images.push({
      url: response.url(),
      bytes: response.body().then(
        (b) => b.length,
        () => 0,
      ),
    });
  };
  page.on("response", onResponse);
  await page.goto(`${workspacePath}/generations/${firstId}`);
  await expect(page.getByTestId("result-card")).toHaveCount(4);
  await expect
    .poll(() =>
      page
        .getByTestId("result-image")
        .evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).complete)),
    )
    .toBe(true);
  await page.waitForLoadState("networkidle");
  page.off("response", onResponse);
  const sizes = await Promise.all(images.map(async (i) => ({ url: i.url, bytes: await i.bytes })));
  const total = sizes.reduce((sum, i) => sum + i.bytes, 0);
  const assets = sizes.filter((i) => new URL(i.url).pathname.includes(`/${firstId}/`));
  console.log(
    `generation page images: ${sizes.length} responses, ${(total / 1024).toFixed(0)} KB in all; ` +
      `assets: ${assets.map((a) => `${new URL(a.url).pathname.split("/").slice(-1)[0]} ${(a.bytes / 1024).toFixed(0)} KB`).join(", ")}`,
  );
  expect(assets.length).toBeGreaterThanOrEqual(4);
  // Only renditions: no full PNG/JPEG/PDF is fetched to show the results.
  for (const a of assets) expect(new URL(a.url).pathname).toMatch(/\.(preview|thumbnail)\.webp$/);
  expect(total).toBeLessThanOrEqual(IMAGE_BUDGET);

  // The enlarged view shows the 1024 px preview, not the full file.
  await page.getByRole("button", { name: /Open full size: Print A4/ }).click();
  const big = page.getByRole("dialog").getByRole("img");
  await expect(big).toBeVisible();
  expect(await big.getAttribute("src")).toMatch(/print-a4\.preview\.webp/);
  await expect.poll(() => big.evaluate((img: HTMLImageElement) => img.naturalHeight)).toBe(1024);
  await page.keyboard.press("Escape");

  // Full files only on download: the download links still give the full-size PNG.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: /^Download Print A4.* PNG$/ }).click();
  const file = await (await download).path();
  const { readFileSync } = await import("node:fs");
  const png = readFileSync(file);
  expect(png.subarray(1, 4).toString()).toBe("PNG");
  expect(png.readUInt32BE(20)).toBe(3508); // A4 at 300 dpi is 2480 × 3508
});

test("the generation page shows its brief, preset version, seed and every variant's copy; the zip carries the copy", async ({
  page,
}) => {
  await signIn(page, owner);
  await page.goto(`${workspacePath}/generations/${firstId}`);
  const brief = page.getByTestId("generation-brief");
  await expect(brief.locator('[data-field="product"]')).toContainText("Osmanthus oolong tea");
  await expect(brief.locator('[data-field="offer"]')).toContainText("Buy 2, get the 3rd free");
  await expect(brief.locator('[data-field="preset"]')).toContainText(
    "Tea house autumn · version 1",
  );
  await expect(brief.locator('[data-field="seed"]')).toContainText("4242");
  await expect(page.getByTestId("variant-copy")).toHaveCount(1);
  await expect(page.getByTestId("copy-headline")).not.toBeEmpty();
  await shoot(page, "results-01-generation-page");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download all (zip)" }).click();
  const { readFileSync } = await import("node:fs");
  const files = unzipSync(new Uint8Array(readFileSync(await (await download).path())));
  const names = Object.keys(files);
  expect(names).toContain("copy.json");
  expect(names).toContain("copy.txt");
  const copy = JSON.parse(strFromU8(files["copy.json"] as Uint8Array));
  expect(copy).toMatchObject({ generationId: firstId, seed: 4242 });
  expect(copy.prompt).toContain("oolong");
  expect(copy.variants).toHaveLength(1);
  expect(strFromU8(files["copy.txt"] as Uint8Array)).toContain("Seed: 4242");
});

test("Edit and re-run opens the studio filled in with that generation's brief, preset, formats and seed", async ({
  page,
}) => {
  await signIn(page, owner);
  await page.goto(`${workspacePath}/generations/${firstId}`);
  await page.getByRole("link", { name: "Edit and re-run" }).click();
  await page.waitForURL(/\/studio\?from=/);
  await expect(page.getByTestId("filled-from")).toBeVisible();
  await expect(page.getByLabel("Product", { exact: true })).toHaveValue("Osmanthus oolong tea");
  await expect(page.getByLabel(/^Offer/)).toHaveValue("Buy 2, get the 3rd free");
  const preset = page.getByLabel("Brand preset");
  await expect(preset.locator("option:checked")).toHaveText("Tea house autumn");
  await expect(page.getByLabel(/^Seed/)).toHaveValue("4242");
  const checked = await page
    .locator('input[name="formats"]:checked')
    .evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
  expect(checked.sort()).toEqual([...FORMATS].sort());
  await shoot(page, "results-02-edit-and-rerun");
});

test("Same seed again with unchanged inputs gives the same files for no credits; More variations keeps the brief", async ({
  page,
}) => {
  await signIn(page, owner);
  await page.goto(`${workspacePath}/studio?g=${firstId}`);
  await expect(page.getByTestId("generation-status")).toHaveText("Done");
  const before = await credits(page);
  await expect(page.getByText("Free when nothing changed").first()).toBeVisible();
  await page.getByRole("button", { name: "Same seed again" }).click();
  await page.waitForURL((url) => url.searchParams.get("g") !== firstId);
  const sameId = new URL(page.url()).searchParams.get("g");
  await expect(page.getByTestId("same-as")).toBeVisible();
  await expect(page.getByTestId("generation-status")).toHaveText("Done");
  await expect(page.getByTestId("result-card")).toHaveCount(4);
  await page.reload();
  expect(await credits(page)).toBe(before);
  // The form beside it holds that generation's brief and preset, not an empty form.
  await expect(page.getByLabel("Product", { exact: true })).toHaveValue("Osmanthus oolong tea");
  await expect(page.getByLabel("Brand preset").locator("option:checked")).toHaveText(
    "Tea house autumn",
  );
  await shoot(page, "results-03-same-seed");

  await page.getByRole("button", { name: "More variations" }).click();
  await page.waitForURL((url) => url.searchParams.get("g") !== sameId);
  await expect(page.getByLabel("Product", { exact: true })).toHaveValue("Osmanthus oolong tea");
  await expect(page.getByLabel("Brand preset").locator("option:checked")).toHaveText(
    "Tea house autumn",
  );
  await expect(page.getByLabel(/^Seed/)).toHaveValue("");
  // A new run is charged: four formats, one variant.
  await expect.poll(() => credits(page)).toBe(before - 4);
});

test("the generation page and the filled studio speak Chinese", async ({
  page,
  context,
  baseURL,
}) => {
  await signIn(page, owner);
  await context.addCookies([{ name: "hp_locale", value: "zh", url: baseURL ?? "" }]);
  await page.goto(`${workspacePath}/generations/${firstId}`);
  await expect(page.getByRole("link", { name: "修改后重新生成" })).toBeVisible();
  await expect(page.getByRole("button", { name: "用相同种子再来一次" })).toBeVisible();
  await expect(page.getByText("输入未变时免费：返回相同的文件，不扣点数。")).toBeVisible();
  const brief = page.getByTestId("generation-brief");
  await expect(brief).toContainText("需求简报");
  await expect(brief.locator('[data-field="preset"]')).toContainText("Tea house autumn · 第 1 版");
  await shoot(page, "results-04-generation-page-zh");
  await page.getByRole("link", { name: "修改后重新生成" }).click();
  await page.waitForURL(/\/studio\?from=/);
  await expect(page.getByTestId("filled-from")).toContainText("已按之前的一次生成填好");
  await shoot(page, "results-05-edit-and-rerun-zh");
});
