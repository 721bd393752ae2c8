import type { Page } from "@playwright/test";
import { expect, shoot, test, unique, watchCsp } from "./helpers";

// The first hour of a marketer whose browser speaks Chinese: every screen and
// every error in Chinese (checked from the DOM), forms that bring the first
// invalid field into view, a preset's versions compared and restored, history
// filters that survive a reload, and invitation links that explain themselves.

test.describe.configure({ mode: "serial" });

const id = unique();
const marketer = {
  name: "林小满",
  email: `xiaoman-${id}@brand.test`,
  password: "posters-all-day",
  workspace: `玉兔食品 ${id}`,
};
const PRESET = "玉兔中秋";

/** Latin words a Chinese screen may show: brand and product names, file formats, units, examples. */
const ALLOWED = new Set(
  [
    "Hyperposter",
    "Instagram",
    "Reels",
    "English",
    "PNG",
    "JPEG",
    "WebP",
    "PDF",
    "dpi",
    "HD",
    "Inter",
    "Noto",
    "Sans",
    "Serif",
    "SC",
    "CJK",
    "Aa",
    "RRGGBB",
    "TTF",
    "OTF",
    "WOFF",
    "WOFF2",
    "MB",
    "SVG",
    "JSON",
    "UTC",
    "API",
    "zip",
    "Clerk",
  ].map((w) => w.toLowerCase()),
);

/** English words in what the page shows (emails, hex colours and the allowed names left out). */
async function englishWords(page: Page): Promise<string[]> {
  // A font's type sample is bilingual on purpose; the rest of the page is the UI.
  const text = await page.evaluate(() => {
    const samples = [...document.querySelectorAll<HTMLElement>("[data-specimen]")];
    samples.forEach((el) => (el.hidden = true));
    const inner = document.body.innerText;
    samples.forEach((el) => (el.hidden = false));
    return inner;
  });
  const words =
    text
      .replace(/[\w.+-]+@[\w.-]+/g, " ")
      .replace(/#[0-9A-Fa-f]{6}\b/g, " ")
      .replace(/\b[A-Z]\d\b/g, " ")
      .match(/[A-Za-z][A-Za-z0-9]+/g) ?? [];
  // The test's own names carry a random id.
  return [...new Set(words.filter((w) => !ALLOWED.has(w.toLowerCase()) && w !== id))];
}

async function expectAllChinese(page: Page, screen: string) {
  expect(await englishWords(page), `English words on the ${screen} screen`).toEqual([]);
}

let workspacePath = "";

test("a zh-CN browser gets the Chinese UI, and every error is a Chinese sentence naming the field", async ({
  browser,
  cspViolations,
}) => {
  // Many screens, each compiled by next dev on first visit: more than the default 2 minutes.
  test.setTimeout(300_000);
  const context = await browser.newContext({ locale: "zh-CN" });
  await watchCsp(context, cspViolations);
  const page = await context.newPage();

  // No cookie, no account: the browser's Accept-Language decides.
  await page.goto("/");
  await expect(
    page.getByRole("heading", { name: "输入营销简报，产出可直接投放的海报。" }),
  ).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expectAllChinese(page, "home");
  await shoot(page, "zh-01-home");

  // Sign-up errors from the server's codes, in Chinese with the field's label.
  await page.getByRole("link", { name: "创建账户" }).click();
  await page.getByLabel("你的姓名").fill(marketer.name);
  await page.getByLabel("工作邮箱").fill(marketer.email);
  await page.getByLabel("密码").fill("short");
  await page.getByLabel("工作区名称").fill("x");
  await page.getByRole("button", { name: "创建账户" }).click();
  await expect(page.getByText("密码至少需要 10 个字符。")).toBeVisible();
  await expect(page.getByText("工作区名称至少需要 2 个字符。")).toBeVisible();
  await expect(page.getByLabel("密码")).toBeFocused();
  await expectAllChinese(page, "sign-up");
  await shoot(page, "zh-02-sign-up-errors");
  await page.getByLabel("密码").fill(marketer.password);
  await page.getByLabel("工作区名称").fill(marketer.workspace);
  await page.getByRole("button", { name: "创建账户" }).click();
  await page.waitForURL(/\/w\/[^/]+\/studio/);
  workspacePath = new URL(page.url()).pathname.replace(/\/studio$/, "");

  // Preset editor: a malformed hex is said at once, beside the field, and the
  // contrast check waits for real colours instead of claiming "1.0:1".
  await page.goto(`${workspacePath}/presets/new`);
  // next dev may still be hydrating a freshly compiled page: typing before that is lost.
  await expect(async () => {
    await page.getByLabel("文字色", { exact: true }).fill("#12");
    await page.getByLabel("文字色", { exact: true }).blur();
    await expect(page.getByText("文字色必须是十六进制颜色，例如 #1A2B3C。").first()).toBeVisible({
      timeout: 2000,
    });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByText("请以 #RRGGBB 格式填写两种颜色后检查对比度").first()).toBeVisible();
  await expect(page.getByText(/1\.0:1/)).toHaveCount(0);
  await page.getByRole("button", { name: "创建预设" }).click();
  await expect(page.getByText("预设名称不能为空。").first()).toBeVisible();
  await expect(page.getByLabel("预设名称")).toBeFocused();
  await expectAllChinese(page, "preset editor");
  await shoot(page, "zh-03-preset-errors");
  await page.getByLabel("预设名称").fill(PRESET);
  await expect(page.getByTestId("char-count").first()).toHaveText(`${PRESET.length} / 120`);
  await page.getByLabel("文字色", { exact: true }).fill("#1B1B1B");
  await page.getByRole("button", { name: "创建预设" }).click();
  await expect(page.getByText("已保存为第 1 版。")).toBeVisible();
  // The preset's own page has loaded (and hydrated) once its version list shows.
  await page.waitForURL(/\/presets\/[^/?]+\?created=1/);
  await expect(page.getByTestId("preset-versions").getByRole("listitem")).toHaveCount(1);

  // Versions: an unchanged save makes none; two versions compared; the first restored.
  await page.getByLabel("语气").fill("温暖、喜庆");
  await page.getByRole("button", { name: "保存为新版本" }).click();
  await expect(page.getByText("已保存为第 2 版。")).toBeVisible();
  await page.getByRole("button", { name: "保存为新版本" }).click();
  await expect(page.getByText("没有改动：仍是第 2 版。")).toBeVisible();
  const versions = page.getByTestId("preset-versions");
  await expect(versions.getByRole("listitem")).toHaveCount(2);
  await expect(versions.getByRole("listitem").first()).toContainText("改动：语气");
  await page.getByRole("checkbox", { name: "第 1 版" }).check();
  await page.getByRole("checkbox", { name: "第 2 版" }).check();
  const compare = page.getByTestId("preset-compare");
  await expect(compare.getByRole("row", { name: /语气/ })).toContainText("（空）");
  await expect(compare.getByRole("row", { name: /语气/ })).toContainText("温暖、喜庆");
  await expectAllChinese(page, "preset versions");
  await shoot(page, "zh-04-preset-versions");
  await versions.getByRole("listitem").nth(1).getByRole("button", { name: "恢复" }).click();
  await expect(page.getByText("已将第 1 版恢复为第 3 版。")).toBeVisible();
  await expect(page.getByLabel("语气")).toHaveValue("");
  await expect(versions.getByRole("listitem")).toHaveCount(3);

  // Studio: the poster speaks the UI's language by default; limits have counters;
  // a seed is digits only, said in a sentence rather than silently rewritten.
  await page.goto(`${workspacePath}/studio`);
  await expect(page.getByLabel("海报语言")).toHaveValue("zh");
  await page.getByLabel("产品", { exact: true }).fill("桂".repeat(2000));
  await expect(page.getByTestId("char-count").first()).toHaveText("2000 / 200");
  await page.getByLabel("随机种子").fill("1.5");
  await page.getByRole("button", { name: "生成", exact: true }).click();
  await expect(page.getByText("产品最多 200 个字符。").first()).toBeVisible();
  await expect(
    page.getByText("随机种子必须是 0 到 4,294,967,295 之间的整数，只能包含数字。"),
  ).toBeVisible();
  await expect(page.getByLabel("产品", { exact: true })).toBeFocused();
  await expectAllChinese(page, "studio");
  await shoot(page, "zh-05-studio-errors");
  await page.getByLabel("随机种子").fill("12345678901234567890");
  await page.getByRole("button", { name: "生成", exact: true }).click();
  await expect(page.getByText("随机种子不能大于 4,294,967,295。")).toBeVisible();

  // History: filters kept in the URL across a reload; an inverted range explained.
  await page.goto(`${workspacePath}/history`);
  await expect(async () => {
    await page.getByLabel("状态").selectOption("FAILED");
    await expect(page).toHaveURL(/status=FAILED/, { timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  await page.reload();
  await expect(page.getByLabel("状态")).toHaveValue("FAILED");
  // After the reload the page may not have hydrated yet: typing before that is lost.
  await expect(async () => {
    await page.getByLabel("开始日期").fill("2026-12-10");
    await page.getByLabel("结束日期").fill("2026-12-01");
    await expect(page.getByText("结束日期不能早于开始日期，请对调两个日期。")).toBeVisible({
      timeout: 2000,
    });
  }).toPass({ timeout: 30_000 });
  await expect(page).toHaveURL(/from=2026-12-10/);
  await page.reload();
  await expect(page.getByLabel("结束日期")).toHaveValue("2026-12-01");
  await expectAllChinese(page, "history");
  await shoot(page, "zh-06-history-filters");

  // The status page and a cut-off invitation link, in Chinese too.
  await page.goto("/status");
  await expect(page.getByRole("heading", { name: "系统状态" })).toBeVisible();
  await expect(page.getByText("数据库")).toBeVisible();
  await shoot(page, "zh-07-status");
  await page.goto("/invite/abc123");
  await expect(
    page.getByText(
      "邀请链接不完整：复制时可能被截断了。请打开邮件中的完整链接，或请邀请人重新发送。",
    ),
  ).toBeVisible();
  await expectAllChinese(page, "invitation");
  await shoot(page, "zh-08-invite-cut-off");
  await context.close();
});

test("on a phone, a submit with an error below the fold scrolls to the field and focuses it", async ({
  browser,
  cspViolations,
}) => {
  const context = await browser.newContext({
    locale: "zh-CN",
    viewport: { width: 390, height: 844 },
  });
  await watchCsp(context, cspViolations);
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("工作邮箱").fill(marketer.email);
  await page.getByLabel("密码").fill(marketer.password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL(/\/w\//);
  await page.goto(`${workspacePath}/studio`);
  const product = page.getByLabel("产品", { exact: true });
  await expect(product).toBeVisible();
  const generate = page.getByRole("button", { name: "生成", exact: true });
  await generate.scrollIntoViewIfNeeded();
  await expect(product).not.toBeInViewport();
  await generate.click();
  await expect(page.getByText("产品不能为空。")).toBeVisible();
  await expect(product).toBeFocused();
  await expect(product).toBeInViewport();
  await shoot(page, "zh-09-phone-focus");
  await context.close();
});
