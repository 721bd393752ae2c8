import type { Page } from "@playwright/test";
import {
  createPreset,
  expect,
  shoot,
  signIn,
  signUpVerified,
  test,
  unique,
  watchCsp,
} from "./helpers";

// Share for review and find it again: a marketer generates, shares a review
// link; a client opens it in a second browser WITHOUT an account (in Chinese,
// from Accept-Language), comments on the asset and approves; the team sees
// "Approved" in history, searches history in Chinese with the filters kept in
// the URL, stars and deletes. Bad, withdrawn links get a clear 404 page.

// Generating on a shared CPU can take a while.
test.describe.configure({ mode: "serial", timeout: 300_000 });

const id = unique();
const owner = {
  name: "Rita Review",
  email: `rita-${id}@brand.test`,
  password: "approve-me-please",
  workspace: `Osmanthus Tea ${id}`,
};
const PRODUCT = "桂花乌龙茶";
let workspacePath = "";
let generationId = "";
let reviewUrl = "";

/** next dev may still be hydrating a freshly compiled page: typing before that is lost. */
async function settled(page: Page) {
  await page.waitForLoadState("networkidle");
}

test("generates, then shares the generation for review", async ({ page }) => {
  workspacePath = await signUpVerified(page, owner);
  await createPreset(page, workspacePath, "Autumn tea");

  await page.goto(`${workspacePath}/studio`);
  await settled(page);
  await page.getByLabel("Product", { exact: true }).fill(PRODUCT);
  await page.getByRole("button", { name: "Generate", exact: true }).click();
  await page.waitForURL(/\?g=/);
  generationId = new URL(page.url()).searchParams.get("g") ?? "";
  await expect(page.getByTestId("generation-status")).toHaveText("Done", { timeout: 150_000 });

  await page.goto(`${workspacePath}/generations/${generationId}`);
  await settled(page);
  const share = page.getByRole("region", { name: "Share for review" });
  await share.getByRole("button", { name: "Create review link" }).click();
  const url = share.getByTestId("review-url");
  await expect(url).toHaveText(/\/review\/[A-Za-z0-9_-]{43}$/);
  reviewUrl = (await url.textContent()) ?? "";
  await expect(share.getByTestId("review-badge")).toHaveText("Waiting for review");
  await shoot(page, "review-01-share");
});

test("a client without an account comments and approves, in Chinese", async ({ browser }) => {
  const client = await browser.newContext({ locale: "zh-CN" });
  const violations: string[] = [];
  await watchCsp(client, violations);
  const page = await client.newPage();
  const response = await page.goto(reviewUrl);
  expect(response?.status()).toBe(200);
  await settled(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${owner.workspace} 请你审阅`);
  const asset = page.getByTestId("review-asset").first();
  const image = asset.getByRole("img");
  await expect(image).toBeVisible();
  expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  // Approving without a name asks for it beside the field.
  await page.getByRole("button", { name: "通过", exact: true }).click();
  await expect(page.getByText("请先填写你的名字：团队需要知道是谁通过的。")).toBeVisible();
  await page.getByLabel("你的名字").fill("李客户");
  await asset.getByRole("textbox").fill("标题再大一点，其余很好。");
  await asset.getByRole("button", { name: "发送评论" }).click();
  await expect(asset.getByTestId("review-comments")).toContainText(
    "李客户: 标题再大一点，其余很好。",
  );
  await page.getByRole("button", { name: "通过", exact: true }).click();
  await expect(page.getByTestId("review-badge")).toHaveText("已通过");
  await shoot(page, "review-02-client-zh");
  expect(violations).toEqual([]);
  await client.close();
});

test("the team sees Approved in history, searches in Chinese, keeps filters in the URL", async ({
  page,
}) => {
  await signIn(page, owner);
  await page.goto(`${workspacePath}/history`);
  await settled(page);
  const item = page.getByTestId("history-item").filter({ hasText: PRODUCT });
  await expect(item.getByTestId("review-badge")).toHaveText("Approved · 1 comment");
  await expect(item.getByTestId("history-thumb")).toBeVisible();

  // Search by a part of the Chinese product name: the URL carries it, a reload keeps it.
  await page.getByLabel("Search").fill("乌龙");
  await expect(page).toHaveURL(/q=%E4%B9%8C%E9%BE%99/);
  await expect(page.getByTestId("history-item")).toHaveCount(1);
  await page.reload();
  await settled(page);
  await expect(page.getByLabel("Search")).toHaveValue("乌龙");
  await expect(page.getByTestId("history-item")).toHaveCount(1);
  await page.getByLabel("Search").fill("咖啡");
  await expect(
    page.getByText("No generation matches these filters.", { exact: false }),
  ).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page.getByTestId("history-item")).toHaveCount(1);

  // Favourites: star it, then "favourites only" (also in the URL).
  await item.getByRole("button", { name: "Add to favourites" }).click();
  await expect(item.getByRole("button", { name: "Remove from favourites" })).toBeVisible();
  await page.getByLabel("Favourites only").check();
  await expect(page).toHaveURL(/favorites=1/);
  await page.reload();
  await settled(page);
  await expect(page.getByLabel("Favourites only")).toBeChecked();
  await expect(page.getByTestId("history-item")).toHaveCount(1);
  await shoot(page, "review-03-history");
});

test("bad and withdrawn links get a clear page with a 404; delete removes the generation", async ({
  page,
}) => {
  const bad = await page.goto("/review/not-a-token");
  expect(bad?.status()).toBe(404);
  await expect(page.getByTestId("review-bad-link")).toContainText("This review link does not work");
  const unknown = await page.goto(`/review/${"A".repeat(43)}`);
  expect(unknown?.status()).toBe(404);

  await signIn(page, owner);
  await page.goto(`${workspacePath}/generations/${generationId}`);
  await settled(page);
  const share = page.getByRole("region", { name: "Share for review" });
  await share.getByTestId("review-link").first().getByRole("button", { name: "Withdraw" }).click();
  await expect(share.getByTestId("review-link").first()).toContainText("withdrawn");
  const withdrawn = await page.goto(reviewUrl);
  expect(withdrawn?.status()).toBe(404);
  await expect(page.getByTestId("review-bad-link")).toBeVisible();

  await page.goto(`${workspacePath}/history`);
  await settled(page);
  const item = page.getByTestId("history-item").filter({ hasText: PRODUCT });
  await item.getByRole("button", { name: "Delete" }).click();
  const confirm = item.getByRole("alertdialog", { name: "Delete this generation?" });
  await expect(confirm).toContainText("Credits spent on it are not returned.");
  await confirm.getByRole("button", { name: "Delete for good" }).click();
  await expect(page.getByTestId("history-item")).toHaveCount(0);
  const gone = await page.goto(`${workspacePath}/generations/${generationId}`);
  expect(gone?.status()).toBeLessThan(500);
  await expect(page.getByText("This generation does not exist in this workspace.")).toBeVisible();
});
