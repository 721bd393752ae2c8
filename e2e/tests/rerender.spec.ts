import type { Page } from "@playwright/test";
import { createPreset, expect, shoot, signIn, signUpVerified, test, unique } from "./helpers";

// Edit the copy after generation: the studio warns before generating when a
// banner cannot hold the typed offer; after generating, the marketer changes
// the headline and re-renders over the same background (no credits), finds the
// new headline in the result, and switches back to the first version.

test.describe.configure({ mode: "serial", timeout: 300_000 });

const id = unique();
const owner = {
  name: "Rhea Render",
  email: `rhea-${id}@brand.test`,
  password: "oat-milk-latte",
  workspace: `Oat Co ${id}`,
};
let workspacePath = "";
let generationId = "";

/** The generation as the page reads it, through the app's own API. */
async function generation(page: Page) {
  const slug = workspacePath.split("/")[2];
  const input = encodeURIComponent(JSON.stringify({ workspaceSlug: slug, generationId }));
  const response = await page.request.get(`/api/trpc/generation.get?input=${input}`);
  expect(response.status()).toBe(200);
  return (await response.json()).result.data as {
    outputs: Array<{
      format: string;
      version?: number;
      layout: { elements: Array<{ kind: string; text?: string }> };
    }>;
  };
}

const headlineOf = (o: { layout: { elements: Array<{ kind: string; text?: string }> } }) =>
  o.layout.elements.find((e) => e.kind === "headline")?.text;

test("signs up, verifies the address and makes a preset", async ({ page }) => {
  workspacePath = await signUpVerified(page, owner);
  await createPreset(page, workspacePath, "Oat summer");
});

test("the studio warns before generating when the leaderboard cannot hold the offer", async ({
  page,
}) => {
  await signIn(page, owner);
  await page.goto(`${workspacePath}/studio`);
  await page.getByLabel("Product", { exact: true }).fill("Oat milk latte");
  await page.getByRole("checkbox", { name: /Banner leaderboard/ }).check();
  const offer = page.getByLabel(/^Offer/);
  // The example offer fits on the strip's second line: no warning.
  await offer.fill("Buy 2, get the 3rd free");
  await expect(page.getByTestId("drop-warning")).toHaveCount(0);
  await offer.fill(
    "Buy two oat milk lattes this week and get the third one free at every shop in the city, all summer long",
  );
  const warning = page.getByTestId("drop-warning");
  await expect(warning).toBeVisible();
  await expect(warning).toContainText("Banner leaderboard");
  await expect(warning).toContainText("728×90");
  await shoot(page, "rerender-01-studio-drop-warning");
  await offer.fill("Buy 2, get the 3rd free");
  await expect(page.getByTestId("drop-warning")).toHaveCount(0);
  await page.getByRole("button", { name: "Generate", exact: true }).click();
  await page.waitForURL(/\?g=/);
  generationId = new URL(page.url()).searchParams.get("g") ?? "";
  await expect(page.getByTestId("generation-status")).toHaveText("Done", { timeout: 150_000 });
  const view = await generation(page);
  const strip = view.outputs.find((o) => o.format === "banner-leaderboard");
  // The offer is kept on the leaderboard (second line), not dropped.
  expect(strip?.layout.elements.find((e) => e.kind === "subline")?.text).toBe(
    "Buy 2, get the 3rd free",
  );
});

test("edits the headline, re-renders without a new image, and switches back", async ({ page }) => {
  await signIn(page, owner);
  await page.goto(`${workspacePath}/generations/${generationId}`);
  const panel = page.getByTestId("edit-copy-panel");
  await expect(panel).toBeVisible({ timeout: 30_000 });
  await expect(panel).toContainText("costs 0 credits");
  const before = await generation(page);
  const original = headlineOf(before.outputs[0]!);
  expect(original).toBeTruthy();
  const headline = panel.getByLabel("Headline");
  await expect(headline).toHaveValue(original ?? "", { timeout: 15_000 });

  // An empty headline is refused beside the field, before anything is sent.
  await headline.fill("");
  await panel.getByRole("button", { name: "Re-render" }).click();
  await expect(panel.getByText("Headline must not be empty.")).toBeVisible();
  await expect(headline).toBeFocused();

  await headline.fill("Iced Oat Latte Days");
  await panel.getByLabel("All 2 formats of this variant").check();
  await panel.getByRole("button", { name: "Re-render" }).click();
  await expect(panel.getByTestId("rerender-done")).toContainText("2 formats re-rendered", {
    timeout: 60_000,
  });
  const after = await generation(page);
  for (const o of after.outputs) {
    expect(headlineOf(o), o.format).toBe("Iced Oat Latte Days");
    expect(o.version, o.format).toBe(2);
  }
  const versions = panel.getByTestId("output-versions").locator("li");
  await expect(versions).toHaveCount(2);
  await expect(versions.first()).toHaveAttribute("data-current", "true");
  await shoot(page, "rerender-02-new-version");

  // Back to the first version: the result shows the generated headline again.
  await panel
    .getByTestId("output-versions")
    .locator('li[data-version="1"]')
    .getByRole("button", { name: "Show this version" })
    .click();
  await expect(
    panel.getByTestId("output-versions").locator('li[data-version="1"]'),
  ).toHaveAttribute("data-current", "true");
  const back = await generation(page);
  expect(headlineOf(back.outputs[0]!)).toBe(original);
  expect(back.outputs[0]?.version).toBe(1);

  // The same panel in Chinese: its sentences, and the empty headline refused beside the field.
  await page.getByRole("combobox", { name: "Language" }).first().selectOption("zh");
  await expect(panel.getByRole("heading", { name: "修改文案" })).toBeVisible();
  await expect(panel).toContainText("消耗 0 点数");
  await expect(panel.getByTestId("output-versions")).toContainText("第 2 版");
  await panel.getByLabel("主标题").fill("");
  await panel.getByRole("button", { name: "重新渲染" }).click();
  await expect(panel.getByText("主标题不能为空。")).toBeVisible();
  await shoot(page, "rerender-03-zh");
});
