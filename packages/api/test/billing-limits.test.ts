import {
  balancesOf,
  createStripe,
  grantCredits,
  ledgerEntries,
  setPlanLocally,
  type StripeAccess,
  type StripeSettings,
} from "@hyperposter/billing";
import { type FakeStripe, startFakeStripe } from "@hyperposter/devstack";
import { AppError } from "@hyperposter/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callerAs,
  errorOf,
  makeUser,
  makeWorkspace,
  startHarness,
  TEST_PRESET,
  type Harness,
} from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness("billing-limits");
});
afterAll(() => h?.stop());

const brief = { product: "Tea", formats: ["story"] };

async function workspaceWith(slug: string, plan: "FREE" | "AGENCY", credits: number) {
  const owner = await makeUser(h.db, `${slug}@owner.test`);
  const ws = await makeWorkspace(h.db, slug, [{ userId: owner.id, role: "OWNER" }], plan);
  if (credits > 0)
    await grantCredits(h.db, {
      workspaceId: ws.id,
      amount: credits,
      cause: { type: "admin", actionId: `limits:${slug}` },
    });
  const caller = callerAs(h.deps, owner);
  const preset = await caller.preset.create({ workspaceSlug: slug, preset: TEST_PRESET });
  return { ws, caller, presetId: preset.id };
}

describe("plans and credits at submit", () => {
  it("50 parallel submits on 10 credits: exactly 10 accepted, the rest out of credits with a link to billing", async () => {
    const { ws, caller, presetId } = await workspaceWith("fifty", "AGENCY", 10);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        caller.generation.create({ workspaceSlug: "fifty", presetId, variants: 1, brief }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(40);
    for (const r of refused) {
      const cause = (r.reason as { cause?: unknown }).cause;
      expect(cause, String(r.reason)).toBeInstanceOf(AppError);
      expect((cause as AppError).code).toBe("PAYMENT_REQUIRED");
      expect((cause as AppError).message).toContain("/w/fifty/billing");
      expect((cause as AppError).messageZh).toContain("/w/fifty/billing");
    }
    const balances = await balancesOf(h.db, ws.id);
    expect(balances.total).toBe(0);
    const entries = await ledgerEntries(h.db, ws.id);
    expect(entries.reduce((n, e) => n + e.amount, 0)).toBe(balances.total);
  });

  it("the plan caps variants and generations in flight, with sentences in en and zh", async () => {
    const { caller, presetId } = await workspaceWith("free-limits", "FREE", 20);
    const tooMany = await errorOf(
      caller.generation.create({ workspaceSlug: "free-limits", presetId, variants: 3, brief }),
    );
    expect(tooMany.message).toBe(
      "The Free plan allows 2 variants per generation; ask for fewer or upgrade at /w/free-limits/billing.",
    );
    expect((tooMany.cause as AppError).messageZh).toContain("免费版每次生成最多 2 个变体");
    for (let i = 0; i < 2; i++)
      await caller.generation.create({
        workspaceSlug: "free-limits",
        presetId,
        variants: 1,
        brief,
      });
    const busy = await errorOf(
      caller.generation.create({ workspaceSlug: "free-limits", presetId, variants: 1, brief }),
    );
    expect(busy.code).toBe("TOO_MANY_REQUESTS");
    expect(busy.message).toContain("runs 2 generations at once");
  });

  it("invitations beyond the plan's seats are refused; upgrading frees seats", async () => {
    const owner = await makeUser(h.db, "seats@owner.test");
    const ws = await makeWorkspace(h.db, "seats", [{ userId: owner.id, role: "OWNER" }], "FREE");
    const caller = callerAs(h.deps, owner);
    const invite = () => caller.invitation.create({ workspaceSlug: "seats", role: "EDITOR" });
    const full = await errorOf(invite());
    expect(full.message).toBe(
      "The Free plan has 1 seat and all are taken (members and pending invitations); revoke an invitation or upgrade at /w/seats/billing.",
    );
    expect((full.cause as AppError).messageZh).toBe(
      "免费版共 1 个席位，已全部占用（含待接受的邀请）；请撤销一个邀请，或在 /w/seats/billing 升级套餐。",
    );
    await setPlanLocally(h.db, { workspaceId: ws.id, plan: "PRO", actionId: "seats:pro" });
    // Pro has 3 seats: the owner and two invitations, even sent at once.
    const results = await Promise.allSettled([invite(), invite(), invite()]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
  });
});

describe("billing router", () => {
  it("every member reads the plan and credits; only admins set the overage cap", async () => {
    const owner = await makeUser(h.db, "router@owner.test");
    const viewer = await makeUser(h.db, "router@viewer.test");
    await makeWorkspace(h.db, "router", [
      { userId: owner.id, role: "OWNER" },
      { userId: viewer.id, role: "VIEWER" },
    ]);
    const summary = await callerAs(h.deps, viewer).billing.summary({ workspaceSlug: "router" });
    expect(summary).toMatchObject({ plan: { name: "AGENCY", seats: 25 }, seatsUsed: 2 });
    expect(summary.credits).toMatchObject({ monthly: 0, packs: 0, total: 0 });
    const usage = await callerAs(h.deps, viewer).billing.usage({ workspaceSlug: "router" });
    expect(usage).toHaveLength(30);
    expect(
      (
        await errorOf(
          callerAs(h.deps, viewer).billing.setOverageCap({ workspaceSlug: "router", cap: 5 }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      await callerAs(h.deps, owner).billing.setOverageCap({ workspaceSlug: "router", cap: 5 }),
    ).toEqual({ cap: 5 });
  });
});

describe("billing page actions", () => {
  const stripeAccess = (fake: FakeStripe): StripeAccess => {
    const settings: StripeSettings = {
      secretKey: "sk_test_router",
      webhookSecret: "whsec_router",
      prices: { PRO: "price_pro", TEAM: "price_team", PACK_100: "price_pack_100" },
      meterEventName: "hyperposter_overage_credits",
      graceDays: 7,
      apiBase: fake.url,
    };
    return { stripe: createStripe(settings), settings };
  };

  async function team(slug: string, plan: "FREE" | "AGENCY" = "FREE") {
    const owner = await makeUser(h.db, `${slug}@owner.test`);
    const admin = await makeUser(h.db, `${slug}@admin.test`);
    const editor = await makeUser(h.db, `${slug}@editor.test`);
    const ws = await makeWorkspace(
      h.db,
      slug,
      [
        { userId: owner.id, role: "OWNER" },
        { userId: admin.id, role: "ADMIN" },
        { userId: editor.id, role: "EDITOR" },
      ],
      plan,
    );
    return { ws, owner, admin, editor };
  }

  it("local mode: the summary names the operator command; buying is refused with it in en and zh", async () => {
    const { owner } = await team("local-pay");
    const caller = callerAs(h.deps, owner);
    const summary = await caller.billing.summary({ workspaceSlug: "local-pay" });
    expect(summary).toMatchObject({ payments: "local", subscribed: false });
    expect(summary.localCommands?.setPlan).toBe(
      "npm run billing -- set-plan --workspace local-pay --plan PRO",
    );
    for (const call of [
      () => caller.billing.changePlan({ workspaceSlug: "local-pay", plan: "PRO" }),
      () => caller.billing.buyPack({ workspaceSlug: "local-pay", pack: "PACK_100" }),
      () => caller.billing.portal({ workspaceSlug: "local-pay" }),
    ]) {
      const error = await errorOf(call());
      expect(error.code).toBe("CONFLICT");
      const cause = error.cause as AppError;
      expect(cause.message).toContain("Payments are not configured");
      expect(cause.message).toContain("npm run billing -- set-plan --workspace local-pay");
      expect(cause.messageZh).toContain("未配置支付");
    }
    expect(await caller.billing.invoices({ workspaceSlug: "local-pay" })).toEqual([]);
  });

  it("with Stripe: admins get Checkout (subscription / payment) and the Portal; editors are refused; bad input is 400", async () => {
    const fake = await startFakeStripe();
    try {
      const deps = { ...h.deps, stripe: stripeAccess(fake) };
      const { ws, owner, admin, editor } = await team("stripe-pay");
      const asEditor = callerAs(deps, editor);
      for (const call of [
        () => asEditor.billing.changePlan({ workspaceSlug: "stripe-pay", plan: "PRO" }),
        () => asEditor.billing.buyPack({ workspaceSlug: "stripe-pay", pack: "PACK_100" }),
        () => asEditor.billing.portal({ workspaceSlug: "stripe-pay" }),
        () => asEditor.billing.invoices({ workspaceSlug: "stripe-pay" }),
      ])
        expect((await errorOf(call())).code).toBe("FORBIDDEN");
      expect(fake.requests).toHaveLength(0);

      const asAdmin = callerAs(deps, admin);
      expect((await asAdmin.billing.summary({ workspaceSlug: "stripe-pay" })).payments).toBe(
        "stripe",
      );
      const bad = await errorOf(
        asAdmin.billing.changePlan({ workspaceSlug: "stripe-pay", plan: "GOLD" as "PRO" }),
      );
      expect(bad.code).toBe("BAD_REQUEST");
      expect(
        (await errorOf(asAdmin.billing.changePlan({ workspaceSlug: "stripe-pay", plan: "FREE" })))
          .code,
      ).toBe("BAD_REQUEST");

      const upgrade = await asAdmin.billing.changePlan({
        workspaceSlug: "stripe-pay",
        plan: "PRO",
      });
      const sessionId = upgrade.url.split("/").pop()!;
      expect(upgrade.url).toBe(`${fake.url}/c/pay/${sessionId}`);
      expect(fake.sessions.get(sessionId)).toMatchObject({
        mode: "subscription",
        client_reference_id: ws.id,
        success_url: `${h.deps.appUrl.replace(/\/$/, "")}/w/stripe-pay/billing?checkout=success`,
      });

      const pack = await asAdmin.billing.buyPack({ workspaceSlug: "stripe-pay", pack: "PACK_100" });
      const packSession = fake.sessions.get(pack.url.split("/").pop()!);
      expect(packSession).toMatchObject({ mode: "payment", client_reference_id: ws.id });

      // Once subscribed, a plan change goes through the Customer Portal.
      const session = fake.completeCheckout(sessionId);
      await h.db.workspace.update({
        where: { id: ws.id },
        data: { plan: "PRO", stripeSubscriptionId: String(session.subscription) },
      });
      const asOwner = callerAs(deps, owner);
      expect((await asOwner.billing.summary({ workspaceSlug: "stripe-pay" })).subscribed).toBe(
        true,
      );
      const change = await asOwner.billing.changePlan({
        workspaceSlug: "stripe-pay",
        plan: "TEAM",
      });
      expect(change.url).toMatch(new RegExp(`^${fake.url}/p/session/`));
      expect(fake.requests.at(-1)).toMatchObject({
        path: "/v1/billing_portal/sessions",
        body: { return_url: `${h.deps.appUrl.replace(/\/$/, "")}/w/stripe-pay/billing` },
      });
      expect((await asOwner.billing.portal({ workspaceSlug: "stripe-pay" })).url).toMatch(
        /\/p\/session\//,
      );
      // Invoices come from Stripe: the subscription's first invoice.
      const invoices = await asOwner.billing.invoices({ workspaceSlug: "stripe-pay" });
      expect(invoices).toHaveLength(1);
      expect(invoices[0]).toMatchObject({ status: "paid" });
    } finally {
      await fake.stop();
    }
  });
});
