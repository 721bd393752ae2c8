import type { Db } from "@hyperposter/db";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { balancesOf, ledgerEntries } from "../src";
import { runBillingCommand } from "../src/cli/commands";
import { seedWorkspace, testDb } from "./fixtures";

describe("npm run billing (local mode)", () => {
  let store: Awaited<ReturnType<typeof testDb>>;
  let db: Db;
  beforeAll(async () => {
    store = await testDb(inject("pgAdminUrl"), "billing-cli");
    db = store.db;
  });
  afterAll(() => store.close());

  it("grants credits and sets plans through the ledger, each run its own key, a repeated action id a no-op", async () => {
    const ws = await seedWorkspace(db);
    const grant = [
      "grant",
      "--workspace",
      ws.slug,
      "--credits",
      "100",
      "--reason",
      "support refund",
    ];
    expect(await runBillingCommand(db, grant)).toEqual([
      expect.stringMatching(
        new RegExp(`^Granted 100 credits to ${ws.slug} \\(action cli-grant:.+\\); balance 100\\.$`),
      ),
    ]);
    await runBillingCommand(db, grant);
    expect((await balancesOf(db, ws.id)).packs).toBe(200);
    const once = [...grant, "--action-id", "ticket-42"];
    await runBillingCommand(db, once);
    expect(await runBillingCommand(db, once)).toEqual([
      "Action ticket-42 was already applied; nothing changed. Balance 300.",
    ]);
    await runBillingCommand(db, ["set-plan", "--workspace", ws.slug, "--plan", "pro"]);
    const after = await db.workspace.findUniqueOrThrow({ where: { id: ws.id } });
    expect(after.plan).toBe("PRO");
    expect(await balancesOf(db, ws.id)).toMatchObject({ monthly: 300, packs: 300 });
    const keys = (await ledgerEntries(db, ws.id)).map((e) => e.idempotencyKey);
    expect(new Set(keys).size).toBe(4);
  });

  it("refuses bad input with a sentence naming the flag", async () => {
    const ws = await seedWorkspace(db);
    await expect(
      runBillingCommand(db, [
        "grant",
        "--workspace",
        ws.slug,
        "--credits",
        "0",
        "--reason",
        "x y z",
      ]),
    ).rejects.toThrow("--credits must be at least 1.");
    await expect(
      runBillingCommand(db, ["set-plan", "--workspace", ws.slug, "--plan", "GOLD"]),
    ).rejects.toThrow("plan must be one of FREE, PRO, TEAM or AGENCY.");
    await expect(
      runBillingCommand(db, ["grant", "--workspace", "nope", "--credits", "1", "--reason", "abc"]),
    ).rejects.toThrow('No workspace has the slug "nope".');
  });
});
