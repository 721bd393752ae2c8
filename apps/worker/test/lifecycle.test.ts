import { generationCharges, getCreditBalance, getGeneration } from "@hyperposter/api";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { TestStack } from "./harness";

describe("worker lifecycle: submit → SUCCEEDED with assets, progress and one charge", () => {
  const stack = new TestStack({ label: "lifecycle" });
  beforeAll(async () => {
    await stack.start(inject("pgAdminUrl"));
    await stack.startWorker();
  });
  afterAll(() => stack.stop());

  it("runs a generation end to end and serves its assets by presigned URL", async () => {
    const before = await getCreditBalance(stack.ctx, stack.workspaceId);
    const { generationId, cost } = await stack.submit({ variants: 2 });
    expect(cost).toBe(2);
    expect(await getCreditBalance(stack.ctx, stack.workspaceId)).toBe(before - 2);
    await stack.waitForStatus([generationId], ["SUCCEEDED"], 60_000);
    const view = await getGeneration(stack.ctx, stack.workspaceId, generationId);
    expect(view.status).toBe("SUCCEEDED");
    expect(view.progress.stage).toBe("done");
    expect(view.progress.formatsDone).toEqual(["banner-medium-rectangle"]);
    expect(view.progress.assetsDone).toBe(2);
    expect(view.rephrased?.prompt).toMatch(/coffee/i);
    expect(view.outputs.map((o) => o.variant).sort()).toEqual([0, 1]);
    const png = view.outputs[0]?.files.find((f) => f.encoding === "png" && f.role === "ASSET");
    expect(png?.url).toMatch(/X-Amz-Expires=600/);
    const response = await fetch(png?.url ?? "");
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(1, 4).toString()).toBe("PNG");
    const charges = await generationCharges(stack.ctx, stack.workspaceId, generationId);
    const passed = view.outputs.filter((o) => o.passed).length;
    expect(charges).toMatchObject({ held: 2, settled: passed, charged: passed });
    expect(await getCreditBalance(stack.ctx, stack.workspaceId)).toBe(before - passed);
  });
});
