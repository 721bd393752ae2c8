import { createDb, type Db, type Plan } from "@hyperposter/db";
import { createTestDatabase, type TestDatabase } from "@hyperposter/devstack";
import { grantCredits, lockWorkspace, holdCredits } from "../src";

export async function testDb(adminUrl: string, label: string) {
  const database: TestDatabase = await createTestDatabase(adminUrl, label);
  const db: Db = createDb(database.url, { max: 20 });
  return {
    database,
    db,
    async close() {
      await db.$disconnect();
      await database.drop();
    },
  };
}

const DAY = 86_400_000;

/** A workspace in a current period (ends in 20 days) with optional monthly and pack credits. */
export async function seedWorkspace(
  db: Db,
  options: { plan?: Plan; monthly?: number; packs?: number; overageCap?: number } = {},
) {
  const now = Date.now();
  const periodEnd = new Date(now + 20 * DAY);
  const workspace = await db.workspace.create({
    data: {
      slug: `ws-${Math.random().toString(36).slice(2, 10)}`,
      name: "Billing test",
      plan: options.plan ?? "FREE",
      overageCap: options.overageCap ?? 0,
      periodStart: new Date(now - 10 * DAY),
      periodEnd,
    },
  });
  if (options.monthly)
    await grantCredits(db, {
      workspaceId: workspace.id,
      amount: options.monthly,
      bucket: "MONTHLY",
      expiresAt: periodEnd,
      cause: { type: "period", periodStart: new Date(now - 10 * DAY) },
    });
  if (options.packs)
    await grantCredits(db, {
      workspaceId: workspace.id,
      amount: options.packs,
      cause: { type: "admin", actionId: `pack:${workspace.id}` },
    });
  return workspace;
}

export function generationRow(workspaceId: string, extra: object = {}) {
  return {
    workspaceId,
    brief: { product: "tea", formats: ["a"] },
    seed: 1,
    variants: 1,
    formats: ["a"],
    backend: "procedural",
    traceId: "trace",
    ...extra,
  };
}

/** A generation holding `amount` credits (round 1), as the submit transaction leaves it. */
export async function heldGeneration(db: Db, workspaceId: string, amount: number) {
  const g = await db.generation.create({ data: generationRow(workspaceId) });
  await db.$transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId);
    await holdCredits(tx, { workspaceId, generationId: g.id, amount });
  });
  return g;
}
