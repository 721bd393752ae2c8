import { balanceOf, ledgerEntries } from "@hyperposter/billing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { TestStack } from "./harness";

const COUNT = 500;

describe(`${COUNT} generations through 2 worker processes`, () => {
  const stack = new TestStack({ label: "many", visibilityTimeoutSeconds: 20, credits: COUNT });
  beforeAll(() => stack.start(inject("pgAdminUrl")));
  afterAll(() => stack.stop());

  it(
    "all SUCCEEDED, none lost, none run twice, each charged once",
    { timeout: 240_000 },
    async () => {
      const workers = await Promise.all([stack.startWorker(), stack.startWorker()]);
      const ids: string[] = [];
      // Submit in waves of 10, as concurrent users would.
      for (let i = 0; i < COUNT; i += 10) {
        const wave = await Promise.all(
          Array.from({ length: Math.min(10, COUNT - i) }, () => stack.submit()),
        );
        ids.push(...wave.map((w) => w.generationId));
      }
      await stack.waitForStatus(ids, ["SUCCEEDED"], 200_000);
      expect(new Set(ids).size).toBe(COUNT);
      const attempts = await stack.db.generation.groupBy({ by: ["attempts"], _count: true });
      expect(attempts).toEqual([{ attempts: 1, _count: COUNT }]);
      expect(await stack.db.generationOutput.count()).toBe(COUNT);
      const succeeded = workers.map((w) => w.count(/"msg":"generation succeeded"/));
      expect(succeeded[0]! + succeeded[1]!).toBe(COUNT);
      // Both workers took part.
      expect(Math.min(...succeeded)).toBeGreaterThan(COUNT / 5);
      const holds = (await ledgerEntries(stack.db)).filter((e) => e.kind === "HOLD");
      expect(holds).toHaveLength(COUNT);
      const passed = await stack.db.generationOutput.count({ where: { passed: true } });
      expect(await balanceOf(stack.db, stack.workspaceId)).toBe(COUNT - passed);
    },
  );
});
