import { balancesOf, grantCredits, ledgerEntries, setPlanLocally } from "@hyperposter/billing";
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
