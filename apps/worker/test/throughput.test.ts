import { balanceOf, ledgerEntries } from "@hyperposter/billing";
import { setTimeout as sleep } from "node:timers/promises";
import { planLimits } from "@hyperposter/domain";
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
      // The Agency plan runs 20 generations at once: sample the work in
      // flight while submitting to show the limit holds under load.
      const limit = planLimits("AGENCY").concurrentGenerations;
      let maxInFlight = 0;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const inFlight = await stack.db.generation.count({
            where: { status: { in: ["QUEUED", "RUNNING"] } },
          });
          maxInFlight = Math.max(maxInFlight, inFlight);
          await sleep(20);
        }
      })();
      // Submit in waves of 10, as concurrent clients would, backing off on 429.
      let refusals = 0;
      for (let i = 0; i < COUNT; i += 10) {
        const wave = await Promise.all(
          Array.from({ length: Math.min(10, COUNT - i) }, () => stack.submitWithBackoff()),
        );
        ids.push(...wave.map((w) => w.generationId));
        refusals += wave.reduce((sum, w) => sum + w.refusals, 0);
      }
      sampling = false;
      await sampler;
      expect(maxInFlight).toBeLessThanOrEqual(limit);
      expect(maxInFlight).toBeGreaterThan(0);
      console.log(
        `throughput: ${refusals} submits refused for the plan limit, max in flight ${maxInFlight}`,
      );
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
