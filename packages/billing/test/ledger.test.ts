import type { Db } from "@hyperposter/db";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  balancesOf,
  chargeAssets,
  grantCredits,
  holdCredits,
  InsufficientCredits,
  ledgerEntries,
  lockWorkspace,
  METER_TOPIC,
  releaseOutstanding,
  rollPeriodIfDue,
  setPlanLocally,
} from "../src";
import { generationRow, heldGeneration, seedWorkspace, testDb } from "./fixtures";

describe("the credit ledger", () => {
  let store: Awaited<ReturnType<typeof testDb>>;
  let db: Db;
  beforeAll(async () => {
    store = await testDb(inject("pgAdminUrl"), "billing-ledger");
    db = store.db;
  });
  afterAll(() => store.close());

  it("is append-only, and a key is written once", async () => {
    const ws = await seedWorkspace(db);
    await grantCredits(db, {
      workspaceId: ws.id,
      amount: 10,
      cause: { type: "admin", actionId: "t" },
    });
    const [entry] = await ledgerEntries(db, ws.id);
    await expect(
      db.creditLedgerEntry.update({ where: { id: entry!.id }, data: { amount: 1000 } }),
    ).rejects.toThrow(/append-only/);
    await expect(db.creditLedgerEntry.delete({ where: { id: entry!.id } })).rejects.toThrow(
      /append-only/,
    );
    expect(
      await grantCredits(db, {
        workspaceId: ws.id,
        amount: 10,
        cause: { type: "admin", actionId: "t" },
      }),
    ).toBe(false);
    expect((await balancesOf(db, ws.id)).total).toBe(10);
  });

  it("spends the monthly grant first, then packs; failed assets go back where they came from", async () => {
    const ws = await seedWorkspace(db, { monthly: 3, packs: 5 });
    const g = await heldGeneration(db, ws.id, 4);
    expect(await balancesOf(db, ws.id)).toMatchObject({ monthly: 0, packs: 4, total: 4 });
    await chargeAssets(db, {
      workspaceId: ws.id,
      generationId: g.id,
      round: 1,
      assets: [
        { variant: 0, format: "a", delivered: true },
        { variant: 1, format: "a", delivered: false },
      ],
    });
    // The undelivered asset gives back the pack credit (reverse of spend order).
    expect(await balancesOf(db, ws.id)).toMatchObject({ monthly: 0, packs: 5 });
    await db.$transaction((tx) =>
      releaseOutstanding(tx, { workspaceId: ws.id, generationId: g.id, reason: "Canceled" }),
    );
    expect(await balancesOf(db, ws.id)).toMatchObject({ monthly: 2, packs: 5, total: 7 });
  });

  it("monthly credits stop counting at the period's end; packs stay", async () => {
    const ws = await seedWorkspace(db, { packs: 2 });
    await grantCredits(db, {
      workspaceId: ws.id,
      amount: 30,
      bucket: "MONTHLY",
      expiresAt: new Date(Date.now() - 1000),
      cause: { type: "invoice", invoiceId: `in_old_${ws.id}` },
    });
    expect(await balancesOf(db, ws.id)).toMatchObject({ monthly: 0, packs: 2, total: 2 });
  });

  it("a local period that ended rolls over once with the plan's monthly grant", async () => {
    const ws = await seedWorkspace(db, { plan: "PRO" });
    const ended = new Date(Date.now() - 1000);
    await db.workspace.update({ where: { id: ws.id }, data: { periodEnd: ended } });
    for (let i = 0; i < 3; i++)
      await db.$transaction(async (tx) => {
        await lockWorkspace(tx, ws.id);
        await rollPeriodIfDue(tx, ws.id);
      });
    expect(await balancesOf(db, ws.id)).toMatchObject({ monthly: 300 });
    const after = await db.workspace.findUniqueOrThrow({ where: { id: ws.id } });
    expect(after.periodStart).toEqual(ended);
    expect(after.periodEnd!.getTime()).toBeGreaterThan(Date.now());
  });

  it("setting a plan locally grants once per action id", async () => {
    const ws = await seedWorkspace(db);
    for (let i = 0; i < 2; i++)
      await setPlanLocally(db, { workspaceId: ws.id, plan: "TEAM", actionId: `set:${ws.id}` });
    expect((await db.workspace.findUniqueOrThrow({ where: { id: ws.id } })).plan).toBe("TEAM");
    expect(await balancesOf(db, ws.id)).toMatchObject({ monthly: 1200, total: 1200 });
  });

  it("a local plan change expires the old period's unspent monthly credits (own key), keeps packs, and replays as a no-op", async () => {
    const ws = await seedWorkspace(db);
    await grantCredits(db, {
      workspaceId: ws.id,
      amount: 7,
      cause: { type: "admin", actionId: `pack:${ws.id}` },
    });
    await setPlanLocally(db, { workspaceId: ws.id, plan: "TEAM", actionId: `up:${ws.id}` });
    // 200 of Team's 1200 spent, then a downgrade to Pro: 1000 unspent expire, Pro's 300 arrive.
    await heldGeneration(db, ws.id, 200);
    expect(await balancesOf(db, ws.id)).toMatchObject({ monthly: 1000, packs: 7 });
    for (let i = 0; i < 2; i++) {
      const result = await setPlanLocally(db, {
        workspaceId: ws.id,
        plan: "PRO",
        actionId: `down:${ws.id}`,
      });
      expect(result).toMatchObject(i === 0 ? { granted: true, expired: 1000 } : { granted: false });
    }
    expect(await balancesOf(db, ws.id)).toMatchObject({ monthly: 300, packs: 7, total: 307 });
    const expiry = (await ledgerEntries(db, ws.id)).filter((e) =>
      e.idempotencyKey.startsWith(`admin:down:${ws.id}:expire-monthly:`),
    );
    expect(expiry).toHaveLength(1);
    expect(expiry[0]).toMatchObject({ kind: "ADJUST", bucket: "MONTHLY", amount: -1000 });
  });

  it("Agency overage: spends past the allowance up to the cap, reports it once with the entry id", async () => {
    const ws = await seedWorkspace(db, { plan: "AGENCY", monthly: 2, overageCap: 3 });
    const g = await heldGeneration(db, ws.id, 5);
    expect(await balancesOf(db, ws.id)).toMatchObject({ monthly: 0, overage: -3, total: -3 });
    const other = await db.generation.create({ data: generationRow(ws.id) });
    await expect(
      db.$transaction(async (tx) => {
        await lockWorkspace(tx, ws.id);
        await holdCredits(tx, { workspaceId: ws.id, generationId: other.id, amount: 1 });
      }),
    ).rejects.toBeInstanceOf(InsufficientCredits);
    const assets = ["a", "b", "c", "d", "e"].map((format, i) => ({
      variant: 0,
      format,
      delivered: i !== 4,
    }));
    for (let i = 0; i < 2; i++)
      await chargeAssets(db, { workspaceId: ws.id, generationId: g.id, round: 1, assets });
    // One failed asset came back from overage: 2 overage credits billed, once.
    expect(await balancesOf(db, ws.id)).toMatchObject({ overage: -2 });
    const overage = (await ledgerEntries(db, ws.id)).filter((e) => e.kind === "OVERAGE");
    expect(overage).toHaveLength(1);
    const outbox = await db.outboxMessage.findMany({ where: { topic: METER_TOPIC } });
    const mine = outbox.filter((o) => (o.payload as { workspaceId: string }).workspaceId === ws.id);
    expect(mine.map((o) => o.payload)).toEqual([
      expect.objectContaining({ identifier: overage[0]!.id, value: 2 }),
    ]);
  });
});
