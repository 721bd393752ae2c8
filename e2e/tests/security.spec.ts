import { expect, test, unique } from "./helpers";

// Headers and redirects an attacker would probe first; the CSP watch of
// helpers.ts runs here too.

test("pages carry the security headers", async ({ page }) => {
  const response = await page.goto("/sign-in");
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
  expect(headers["content-security-policy"]).toMatch(/object-src 'none'/);
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["permissions-policy"]).toMatch(/camera=\(\)/);
  // The suite runs over http: no HSTS there.
  expect(headers["strict-transport-security"]).toBeUndefined();
  const api = await page.request.get("/api/health");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(JSON.stringify(await api.json())).not.toMatch(/latencyMs|detail/);
});

test("a next= link to another site stays on the app after signing up", async ({ page }) => {
  const id = unique();
  await page.goto("/sign-up?next=/%5Cevil.com");
  await page.getByLabel("Your name").fill("Redirect Probe");
  await page.getByLabel("Work email").fill(`probe-${id}@brand.test`);
  await page.getByLabel("Password").fill("probe-password-1");
  await page.getByLabel("Workspace name").fill(`Probe ${id}`);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/w\/[^/]+\/studio/);
  expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
});
