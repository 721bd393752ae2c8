import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { generationCharges, getCreditBalance, getGeneration } from "@hyperposter/api";
import { repoRoot } from "@hyperposter/devstack";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { TestStack } from "./harness";

describe("poison job → DLQ → FAILED with credits released; operator redrive", () => {
  const stack = new TestStack({ label: "poison", maxReceiveCount: 2, visibilityTimeoutSeconds: 4 });
  beforeAll(() => stack.start(inject("pgAdminUrl")));
  afterAll(() => stack.stop());

  it("fails every delivery, lands in the DLQ after maxReceiveCount, and is re-driven as a new round", async () => {
    // A preset whose logo object is missing from storage: every attempt fails the
    // same way, and nothing tells the worker it is permanent.
    const file = await stack.db.storedFile.create({
      data: {
        workspaceId: stack.workspaceId,
        kind: "LOGO",
        storageKey: `${stack.workspaceId}/files/missing.svg`,
        originalName: "missing.svg",
        mime: "image/svg+xml",
        bytes: 10,
        sha256: "0".repeat(64),
      },
    });
    await stack.db.brandPresetVersion.updateMany({
      where: { presetId: stack.presetId },
      data: { logoFileId: file.id },
    });
    const worker = await stack.startWorker();
    const before = await getCreditBalance(stack.ctx, stack.workspaceId);
    const { generationId } = await stack.submit({ variants: 2 });
    expect(await getCreditBalance(stack.ctx, stack.workspaceId)).toBe(before - 2);

    await stack.waitForStatus([generationId], ["FAILED"], 60_000);
    expect(worker.count(/"msg":"transient failure/)).toBe(2);
    const view = await getGeneration(stack.ctx, stack.workspaceId, generationId);
    expect(view.error?.code).toBe("DEAD_LETTERED");
    expect(view.error?.message).toMatch(/credits were returned/);
    expect(await getCreditBalance(stack.ctx, stack.workspaceId)).toBe(before);
    expect(await generationCharges(stack.ctx, stack.workspaceId, generationId)).toMatchObject({
      held: 2,
      charged: 0,
    });

    // The operator fixes the cause and re-drives: a new attempt round with a new hold.
    await stack.storage.put(file.storageKey, Buffer.from(LOGO), "image/svg+xml");
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", join(repoRoot, "apps/worker/src/redrive-cli.ts")],
      { env: stack.workerEnv(), cwd: repoRoot },
    );
    expect(stdout).toMatch(/re-queued 1 of 1 generation/);
    await stack.waitForStatus([generationId], ["SUCCEEDED"], 60_000);
    const charges = await generationCharges(stack.ctx, stack.workspaceId, generationId);
    const outputs = await stack.db.generationOutput.findMany({ where: { generationId } });
    const passed = outputs.filter((o) => o.passed).length;
    expect(charges).toMatchObject({ held: 4, settled: passed, charged: passed });
    expect(await getCreditBalance(stack.ctx, stack.workspaceId)).toBe(before - passed);
    const again = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", join(repoRoot, "apps/worker/src/redrive-cli.ts")],
      { env: stack.workerEnv(), cwd: repoRoot },
    );
    // Nothing left to re-drive: a finished generation is not re-queued twice.
    expect(again.stdout).toMatch(/re-queued 0 of 0 generation/);
  });
});

describe("queue server down during submit", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "hp-outage-"));
  const stack = new TestStack({ label: "outage", queueDataDir: dataDir });
  beforeAll(() => stack.start(inject("pgAdminUrl")));
  afterAll(async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("accepts the generation at once and dispatches it when the queue is back", async () => {
    const worker = await stack.startWorker();
    await stack.queue.stop();
    const t0 = performance.now();
    const { generationId } = await stack.submit();
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(
      (await stack.db.generation.findUniqueOrThrow({ where: { id: generationId } })).status,
    ).toBe("QUEUED");
    // The dispatcher keeps failing while the server is down, with backoff on the row.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const row = await stack.db.outboxMessage.findFirstOrThrow();
      if (row.attempts >= 2) {
        expect(row.sentAt).toBeNull();
        expect(row.lastError).toBeTruthy();
        break;
      }
      if (Date.now() > deadline) throw new Error("the dispatcher never tried");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await stack.startQueue();
    await stack.waitForStatus([generationId], ["SUCCEEDED"], 60_000);
    const sent = await stack.db.outboxMessage.findMany();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.sentAt).not.toBeNull();
    // The row turns SUCCEEDED before the worker's log line reaches our pipe.
    await worker.waitForLog(/"msg":"generation succeeded"/, 10_000);
    expect(worker.count(/"msg":"generation succeeded"/)).toBe(1);
  });
});

const LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30" fill="#3B2314"/></svg>';
