import Stripe from "stripe";
import { E2E_STRIPE_ENV } from "../stripe-env";
import { expect, shoot, test, unique } from "./helpers";

// Runs only in `npm run test:e2e:stripe`: the stack is configured with Stripe
// (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, prices) and its SDK points at the
// local Stripe server (STRIPE_API_BASE). The owner upgrades to Pro: the browser
// goes to the URL that server returned; the test plays Stripe's side (the
// customer pays, Stripe posts the signed webhook) and the page shows Pro.

const stripeUrl = `http://127.0.0.1:${process.env.E2E_STRIPE_PORT}`;
const secret = E2E_STRIPE_ENV(stripeUrl).STRIPE_WEBHOOK_SECRET;

test("Upgrade to Pro: Checkout URL from Stripe, signed checkout.session.completed, the page shows Pro and its credits", async ({
  page,
  request,
}) => {
  // A fresh `next dev` compiles every page and route on first use: this spec is the only one on its stack.
  test.setTimeout(360_000);
  const id = unique();
  await page.goto("/");
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible({
    timeout: 120_000,
  });
  await page.getByLabel("Your name").fill("Paula Payer");
  await page.getByLabel("Work email").fill(`paula-${id}@brand.test`);
  await page.getByLabel("Password").fill("pays-for-posters");
  await page.getByLabel("Workspace name").fill(`Paying Brand ${id}`);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/w\/[^/]+\/studio/, { timeout: 180_000 });
  const billing = new URL(page.url()).pathname.replace(/\/studio$/, "/billing");

  await page.goto(billing);
  await expect(page.getByTestId("billing-plan")).toHaveText("Free");
  await expect(page.getByTestId("billing-local-mode")).toHaveCount(0);
  await expect(page.getByText("No invoices yet.")).toBeVisible();
  await shoot(page, "30-billing-stripe-free");

  await page.getByRole("button", { name: "Upgrade to Pro" }).click();
  await page.waitForURL(new RegExp(`^${stripeUrl}/c/pay/cs_test_\\w+$`));
  const sessionId = new URL(page.url()).pathname.split("/").pop()!;
  await expect(page.getByRole("heading", { name: "Local Stripe test page" })).toBeVisible();

  // Stripe's side: the customer pays; Stripe signs and posts the event to our endpoint.
  const paid = await request.post(`${stripeUrl}/_test/checkout/${sessionId}/complete`);
  expect(paid.status()).toBe(200);
  const payload = JSON.stringify(await paid.json());
  const stripe = new Stripe("sk_test_e2e");
  const forged = await request.post("/api/webhooks/stripe", {
    data: payload,
    headers: {
      "content-type": "application/json",
      "stripe-signature": stripe.webhooks.generateTestHeaderString({
        payload,
        secret: "whsec_not_ours",
      }),
    },
  });
  expect(forged.status()).toBe(400);
  const delivered = await request.post("/api/webhooks/stripe", {
    data: payload,
    headers: {
      "content-type": "application/json",
      "stripe-signature": stripe.webhooks.generateTestHeaderString({ payload, secret }),
    },
  });
  expect(delivered.status()).toBe(200);
  expect(await delivered.json()).toEqual({ received: true });

  // Back from Checkout (success_url): Pro, its 300 monthly credits, the first invoice, the Portal.
  await page.goto(`${billing}?checkout=success`);
  await expect(page.getByRole("status").filter({ hasText: "Payment received." })).toBeVisible();
  await expect(page.getByTestId("billing-plan")).toHaveText("Pro");
  await expect(page.getByTestId("billing-monthly")).toHaveText("300");
  await expect(page.getByTestId("billing-invoices")).toContainText("paid");
  await shoot(page, "31-billing-stripe-pro");
  // The shell: at 1440 and 1280 px the nav is one row (eight links, the switcher, the
  // account); at 390 px it sits behind the menu button.
  for (const width of [1440, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    const nav = page.getByRole("navigation", { name: "Menu" });
    const heights = await nav
      .getByRole("link")
      .evaluateAll((links) => links.map((a) => a.getBoundingClientRect().height));
    expect(heights).toHaveLength(8);
    for (const h of heights) expect(h).toBeLessThan(44);
    // No link runs past the nav into the badges and account beside it.
    const fit = await nav.evaluate((el) => ({
      right: el.getBoundingClientRect().right,
      last: el.querySelector("li:last-child a")!.getBoundingClientRect().right,
    }));
    expect(fit.last, `at ${width} px`).toBeLessThanOrEqual(fit.right + 0.5);
    const row = await page
      .locator("header > div")
      .first()
      .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(row.scroll).toBeLessThanOrEqual(row.client);
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("button", { name: "Menu" }).click();
  await expect(
    page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Brand presets" }),
  ).toBeVisible();
  await page.getByRole("button", { name: "Menu" }).click();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByRole("button", { name: "Manage subscription" }).click();
  await page.waitForURL(new RegExp(`^${stripeUrl}/p/session/`));
});
