import { expect, setPlan, shoot, test, unique } from "./helpers";

test("an owner creates an API key, sees it once, uses it, and revokes it", async ({ page }) => {
  const id = unique();
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Agency Owner");
  await page.getByLabel("Work email").fill(`agency-${id}@brand.test`);
  await page.getByLabel("Password").fill("agency-password-1");
  await page.getByLabel("Workspace name").fill(`Agency ${id}`);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/w\/[^/]+\/studio/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;

  await page.getByRole("link", { name: "API" }).first().click();
  await page.waitForURL(`**/w/${slug}/api`);
  await expect(page.getByRole("heading", { name: "API and webhooks" })).toBeVisible();
  // A Free workspace is told where API access comes from.
  await page.getByLabel("Key name").fill("Agency DAM");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Agency plan" })).toBeVisible();
  setPlan(slug, "AGENCY");
  await page.getByRole("button", { name: "Create key" }).click();
  const once = page.getByTestId("api-key-once");
  await expect(once).toHaveValue(/^hp_live_[A-Za-z0-9]{55}$/);
  const key = await once.inputValue();
  await shoot(page, "api-keys");

  const usage = await page.request.get("/api/v1/usage", {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(usage.status()).toBe(200);
  expect(await usage.json()).toMatchObject({ object: "usage", workspace: slug });

  // Shown once: after a reload only the prefix remains.
  await page.reload();
  await expect(page.getByRole("list", { name: "API keys" })).toContainText(key.slice(0, 20));
  expect(await page.content()).not.toContain(key);

  await page.getByRole("button", { name: "Revoke Agency DAM" }).click();
  await expect(page.getByRole("list", { name: "API keys" })).toContainText("revoked");
  const after = await page.request.get("/api/v1/usage", {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(after.status()).toBe(401);
  expect(await after.json()).toMatchObject({ error: { type: "authentication_error" } });
});

test("the API reference renders the served OpenAPI document", async ({ page }) => {
  const spec = await page.request.get("/api/v1/openapi.json");
  expect(spec.status()).toBe(200);
  expect((await spec.json()).openapi).toBe("3.1.0");
  await page.goto("/docs/api");
  await expect(page.getByText("Submit a generation").first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("heading", { name: "Hyperposter API" }).first()).toBeVisible();
  await shoot(page, "api-docs");
});
