import { join } from "node:path";
import type { Page } from "@playwright/test";
import {
  createPreset,
  examples,
  expect,
  fixtures,
  shoot,
  signIn,
  signUpVerified,
  test,
  unique,
} from "./helpers";

// The customer's product in the poster: a marketer uploads a product photo in
// the studio, sees the cut-out on a checkerboard, generates, finds the product
// in the results, then manages it in the library and reuses it. A photo on a
// busy backdrop must be confirmed before it can be generated.

// Generating on a shared CPU can take a while.
test.describe.configure({ mode: "serial", timeout: 300_000 });

const id = unique();
const owner = {
  name: "Pia Product",
  email: `pia-${id}@brand.test`,
  password: "bottles-and-cans",
  workspace: `Cold Brew Co ${id}`,
};
let workspacePath = "";

/** Waits for the generation panel to say Done (the worker renders on the CPU). */
async function waitDone(page: Page) {
  await expect(page.getByTestId("generation-status")).toHaveText("Done", { timeout: 120_000 });
}

/** The generation shown in the studio, read through the app's own API as the page does. */
async function generationShown(page: Page) {
  const generationId = new URL(page.url()).searchParams.get("g");
  const slug = workspacePath.split("/")[2];
  const input = encodeURIComponent(JSON.stringify({ workspaceSlug: slug, generationId }));
  const response = await page.request.get(`/api/trpc/generation.get?input=${input}`);
  expect(response.status()).toBe(200);
  return (await response.json()).result.data as {
    product: { name: string; report: { method: string } | null } | null;
    rephrased: { prompt: string } | null;
    outputs: Array<{ layout: { elements: Array<{ kind: string }> } }>;
  };
}

test("signs up, verifies the address and makes a preset", async ({ page }) => {
  workspacePath = await signUpVerified(page, owner);
  await createPreset(page, workspacePath, "Cold brew summer");
});

test("uploads a product photo in the studio, sees the cut-out, and finds the product in the results", async ({
  page,
}) => {
  await signIn(page, owner);
  await page.goto(`${workspacePath}/studio`);
  await page.getByLabel("Product", { exact: true }).fill("Cold brew coffee");
  await page.getByLabel(/^Offer/).fill("2 for 1 this weekend");
  // A file that is not a photo is refused with a sentence.
  await page.getByLabel("Upload a photo").setInputFiles({
    name: "notes.png",
    mimeType: "image/png",
    buffer: Buffer.from("not a picture"),
  });
  await expect(page.getByText("This file must be a PNG, JPEG or WebP photo.")).toBeVisible();
  await page
    .getByLabel("Upload a photo")
    .setInputFiles(join(examples, "products", "cold-brew-bottle.jpg"));
  const cutout = page.getByRole("img", { name: "Cut-out of cold brew bottle" });
  await expect(cutout).toBeVisible({ timeout: 30_000 });
  // The cut-out is a transparent PNG drawn on the checkerboard, not the photo.
  expect(await cutout.evaluate((img: HTMLImageElement) => img.naturalHeight)).toBeGreaterThan(0);
  await expect(page.getByText(/Cut from the backdrop · Confidence \d+%/)).toBeVisible();
  await expect(page.getByRole("group", { name: "Check this cut-out" })).toHaveCount(0);
  await shoot(page, "product-01-studio-cutout");
  await page.getByRole("button", { name: "Generate", exact: true }).click();
  await page.waitForURL(/\?g=/);
  await waitDone(page);
  await expect(page.getByTestId("result-card")).toHaveCount(1);
  await expect(page.getByTestId("generation-product")).toContainText(
    /cold brew bottle · Cut from the backdrop · Confidence \d+%/,
  );
  const view = await generationShown(page);
  expect(view.product).toMatchObject({ name: "cold brew bottle", report: { method: "backdrop" } });
  expect(view.outputs[0]?.layout.elements.map((e) => e.kind)).toContain("product");
  await shoot(page, "product-02-studio-results");
});

test("an uncertain cut-out must be confirmed before generating", async ({ page }) => {
  await signIn(page, owner);
  await page.goto(`${workspacePath}/studio`);
  await page.getByLabel("Product", { exact: true }).fill("Teal mug");
  await page.getByLabel("Upload a photo").setInputFiles(join(fixtures, "busy-product.png"));
  const check = page.getByRole("group", { name: "Check this cut-out" });
  await expect(check).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("button", { name: "Generate", exact: true })).toBeDisabled();
  await expect(page.getByText(/Confirm the product's cut-out/)).toBeVisible();
  await shoot(page, "product-03-studio-uncertain");
  await check.getByRole("button", { name: "The cut-out is right, use it" }).click();
  await expect(check).toHaveCount(0);
  await expect(page.getByText(/Checked by a person/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Generate", exact: true })).toBeEnabled();
});

test("manages the product library and reuses a product in the studio", async ({ page }) => {
  await signIn(page, owner);
  await page.getByRole("link", { name: "Products" }).first().click();
  await page.waitForURL(`**${workspacePath}/products`);
  await expect(page.getByRole("heading", { name: "Products", level: 1 })).toBeVisible();
  const bottle = page.getByRole("article", { name: "cold brew bottle" });
  await expect(bottle.getByRole("img", { name: "Cut-out of cold brew bottle" })).toBeVisible();
  await bottle.getByRole("button", { name: "Rename" }).click();
  await bottle.getByLabel("Name").fill("Cold brew bottle 330 ml");
  await bottle.getByRole("button", { name: "Save" }).click();
  const renamed = page.getByRole("article", { name: "Cold brew bottle 330 ml" });
  await expect(renamed).toBeVisible();
  // A second photo of the same product: a PNG with its own transparency.
  await renamed
    .getByLabel("Add a photo")
    .setInputFiles(join(examples, "products", "fruit-tea-cup.png"));
  await expect(renamed.getByText("2 photos")).toBeVisible({ timeout: 30_000 });
  await expect(renamed.getByText(/Its own transparency · Confidence 100%/)).toBeVisible();
  // A new product, named here, and then deleted.
  await page.getByLabel(/^Name of the new product/).fill("Sneaker");
  await page
    .getByLabel("Upload a photo")
    .setInputFiles(join(examples, "products", "sneaker-on-grey.jpg"));
  const sneaker = page.getByRole("article", { name: "Sneaker" });
  await expect(sneaker).toBeVisible({ timeout: 30_000 });
  await shoot(page, "product-04-library");
  page.once("dialog", (dialog) => void dialog.accept());
  await sneaker.getByRole("button", { name: "Delete" }).click();
  await expect(sneaker).toHaveCount(0);

  await page.goto(`${workspacePath}/studio`);
  await page.getByLabel("From the library").selectOption({ label: "Cold brew bottle 330 ml (1)" });
  await expect(page.getByRole("img", { name: "Cut-out of Cold brew bottle 330 ml" })).toBeVisible();
  // No vision endpoint here: the photo's own colours fill the empty style field.
  await page.getByRole("button", { name: "Fill the brief from the photo" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Colours read from the photo" }),
  ).toBeVisible();
  await expect(page.getByLabel(/^Style/)).toHaveValue(/^product colours: .+/);
  const colours = (await page.getByLabel(/^Style/).inputValue())
    .replace(/^product colours: /, "")
    .split(", ");
  // Without the colours in Style, only the description can bring them into the prompt.
  await page.getByLabel(/^Style/).fill("");
  await page.getByLabel("Product", { exact: true }).fill("Cold brew coffee");
  await shoot(page, "product-06-studio-library-pick");
  await page.getByRole("button", { name: "Generate", exact: true }).click();
  await page.waitForURL(/\?g=/);
  await waitDone(page);
  await expect(page.getByTestId("generation-product")).toContainText("Cold brew bottle 330 ml");
  const view = await generationShown(page);
  expect(view.outputs[0]?.layout.elements.map((e) => e.kind)).toContain("product");
  // The description went with the brief, and the image prompt names the photo's colours after the subject.
  const generationId = new URL(page.url()).searchParams.get("g");
  const input = encodeURIComponent(
    JSON.stringify({ workspaceSlug: workspacePath.split("/")[2], generationId }),
  );
  const source = await page.request.get(`/api/trpc/generation.source?input=${input}`);
  expect(source.status()).toBe(200);
  const brief = (await source.json()).result.data.brief as {
    productDescription?: { source: string; colors: string[] };
  };
  expect(brief.productDescription).toMatchObject({ source: "local", colors: colours });
  expect(view.rephrased?.prompt).toMatch(/^cold brew coffee, in /);
  expect(view.rephrased?.prompt).toContain(`in ${colours.join(" and ")}`);
});

test("the library and the picker speak Chinese", async ({ page }) => {
  await signIn(page, owner);
  await page.goto(`${workspacePath}/products`);
  await page.getByRole("combobox", { name: "Language" }).first().selectOption("zh");
  await expect(page.getByRole("heading", { name: "商品", level: 1 })).toBeVisible();
  await expect(page.getByText(/从背景中抠出 · 置信度 \d+%/).first()).toBeVisible();
  await shoot(page, "product-05-library-zh");
});
