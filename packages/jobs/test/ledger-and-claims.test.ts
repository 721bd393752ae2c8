import type { Db } from "@hyperposter/db";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  balanceOf,
  chargeAssets,
  holdCredits,
  InsufficientCredits,
  lockWorkspace,
  outstandingHold,
} from "@hyperposter/billing";
import { claimGeneration, failGeneration, handleDeadLetter, sweepOnce } from "../src";
import { generationRow, seedWorkspace, testDb } from "./fixtures";

describe("credit ledger, claims and the sweeper", () => {
  let store: Awaited<ReturnType<typeof testDb>>;
  let db: Db;
  beforeAll(async () => {
    store = await testDb(inject("pgAdminUrl"), "ledger");
    db = store.db;
  });
  afterAll(() => store.close());

  it("parallel holds never take the balance below zero", async () => {
    const ws = await seedWorkspace(db, 10);
    const generations = await Promise.all(
      Array.from({ length: 30 }, () => db.generation.create({ data: generationRow(ws.id) })),
    );
    const results = await Promise.allSettled(
      generations.map((g) =>
        db.$transaction(async (tx) => {
          await lockWorkspace(tx, ws.id);
          await holdCredits(tx, { workspaceId: ws.id, generationId: g.id, amount: 1 });
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(20);
    for (const r of refused) expect(r.reason).toBeInstanceOf(InsufficientCredits);
    expect(await balanceOf(db, ws.id)).toBe(0);
  });

  it("charges an asset at most once per round and releases only what is still held", async () => {
    const ws = await seedWorkspace(db, 10);
    const g = await db.generation.create({
      data: generationRow(ws.id, { variants: 2, formats: ["a", "b"] }),
    });
    await db.$transaction(async (tx) => {
      await lockWorkspace(tx, ws.id);
      await holdCredits(tx, { workspaceId: ws.id, generationId: g.id, amount: 4 });
    });
    const assets = [
      { variant: 0, format: "a", delivered: true },
      { variant: 1, format: "a", delivered: false },
    ];
    // A retried or duplicated job charges the same assets again: nothing changes.
    for (let i = 0; i < 3; i++)
      await chargeAssets(db, { workspaceId: ws.id, generationId: g.id, round: 1, assets });
    expect(await outstandingHold(db, g.id)).toBe(2);
    expect(await balanceOf(db, ws.id)).toBe(7);
    // A retry where the failed asset now passes (and the passed one fails) changes nothing:
    // one key per asset per round, the first outcome stands.
    const flipped = assets.map((a) => ({ ...a, delivered: !a.delivered }));
    await chargeAssets(db, { workspaceId: ws.id, generationId: g.id, round: 1, assets: flipped });
    expect(await outstandingHold(db, g.id)).toBe(2);
    expect(await balanceOf(db, ws.id)).toBe(7);
    await failGeneration(db, g.id, { code: "X", message: "failed" });
    await failGeneration(db, g.id, { code: "X", message: "failed" });
    expect(await outstandingHold(db, g.id)).toBe(0);
    // One delivered asset stays charged; the rest came back.
    expect(await balanceOf(db, ws.id)).toBe(9);
  });

  it("of five workers claiming one generation, exactly one wins; an expired lease can be taken over", async () => {
    const ws = await seedWorkspace(db, 0);
    const g = await db.generation.create({ data: generationRow(ws.id) });
    const claims = await Promise.all(
      Array.from({ length: 5 }, () => claimGeneration(db, g.id, 60)),
    );
    expect(claims.filter((c) => c.claimed)).toHaveLength(1);
    expect((await claimGeneration(db, g.id, 60)).claimed).toBe(false);
    await db.generation.update({
      where: { id: g.id },
      data: { leaseExpiresAt: new Date(Date.now() - 1000) },
    });
    const takeover = await claimGeneration(db, g.id, 60);
    expect(takeover.claimed).toBe(true);
    expect(takeover.generation?.attempts).toBe(2);
  });

  it("a dead-lettered copy does not fail a generation another worker is running", async () => {
    const ws = await seedWorkspace(db, 1);
    const g = await db.generation.create({ data: generationRow(ws.id) });
    await db.$transaction(async (tx) => {
      await lockWorkspace(tx, ws.id);
      await holdCredits(tx, { workspaceId: ws.id, generationId: g.id, amount: 1 });
    });
    expect((await claimGeneration(db, g.id, 60)).claimed).toBe(true);
    const job = {
      v: 1,
      generationId: g.id,
      workspaceId: ws.id,
      lane: "INTERACTIVE",
      traceId: "t",
    };
    const received = {
      message: {},
      body: JSON.stringify(job),
      receiveCount: 1,
      sentAt: Date.now(),
      signal: new AbortController().signal,
    };
    expect(await handleDeadLetter(db, received)).toMatchObject({ failed: false });
    expect((await db.generation.findUniqueOrThrow({ where: { id: g.id } })).status).toBe("RUNNING");
    // Once that worker's lease is gone, the dead letter does fail it and returns the credit.
    await db.generation.update({
      where: { id: g.id },
      data: { leaseExpiresAt: new Date(Date.now() - 1000) },
    });
    expect(await handleDeadLetter(db, received)).toMatchObject({ failed: true });
    const failed = await db.generation.findUniqueOrThrow({ where: { id: g.id } });
    expect(failed).toMatchObject({ status: "FAILED", errorCode: "DEAD_LETTERED" });
    expect(await balanceOf(db, ws.id)).toBe(1);
  });

  it("the sweeper re-sends a stuck QUEUED generation up to its cap, then fails it and releases its credits", async () => {
    const ws = await seedWorkspace(db, 5);
    const g = await db.generation.create({
      data: generationRow(ws.id, { queuedAt: new Date(Date.now() - 120_000) }),
    });
    await db.$transaction(async (tx) => {
      await lockWorkspace(tx, ws.id);
      await holdCredits(tx, { workspaceId: ws.id, generationId: g.id, amount: 1 });
    });
    const options = { staleAfterSeconds: 60, maxResends: 2 };
    const first = await sweepOnce(db, options);
    expect(first.resent).toEqual([g.id]);
    // Its new message is waiting in the outbox: not stuck, not re-sent again.
    expect((await sweepOnce(db, options)).resent).toEqual([]);
    for (let i = 0; i < 2; i++) {
      await db.outboxMessage.updateMany({ data: { sentAt: new Date() } });
      await db.generation.update({
        where: { id: g.id },
        data: { queuedAt: new Date(Date.now() - 120_000) },
      });
      const pass = await sweepOnce(db, options);
      if (i === 0) expect(pass.resent).toEqual([g.id]);
      else expect(pass.failed).toEqual([g.id]);
    }
    const failed = await db.generation.findUniqueOrThrow({ where: { id: g.id } });
    expect(failed.status).toBe("FAILED");
    expect(failed.errorCode).toBe("NOT_STARTED");
    expect(failed.resends).toBe(2);
    expect(await balanceOf(db, ws.id)).toBe(5);
  });
});
