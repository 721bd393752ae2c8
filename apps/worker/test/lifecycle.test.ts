import {
  cancelGeneration,
  generationCharges,
  getCreditBalance,
  getGeneration,
  uploadFont,
} from "@hyperposter/api";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { TestStack, type Worker } from "./harness";

describe("worker lifecycle: submit → SUCCEEDED with assets, progress and one charge", () => {
  const stack = new TestStack({ label: "lifecycle" });
  let worker: Worker;
  beforeAll(async () => {
    await stack.start(inject("pgAdminUrl"));
    worker = await stack.startWorker();
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
    // TTL 600 s signed at the start of a 150 s window: valid 750 s from the window start.
    expect(png?.url).toMatch(/X-Amz-Expires=750/);
    const response = await fetch(png?.url ?? "");
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(1, 4).toString()).toBe("PNG");
    // Screens get small WebP renditions stored beside the full files (300×250: not enlarged).
    for (const output of view.outputs) {
      const preview = output.files.find((f) => f.role === "PREVIEW");
      const thumbnail = output.files.find((f) => f.role === "THUMBNAIL");
      expect(preview).toMatchObject({ encoding: "webp", mime: "image/webp", width: 300 });
      expect(thumbnail).toMatchObject({ encoding: "webp", width: 300 });
      const small = Buffer.from(await (await fetch(preview?.url ?? "")).arrayBuffer());
      expect(small.subarray(8, 12).toString()).toBe("WEBP");
      expect(small.length).toBe(preview?.bytes);
    }
    const charges = await generationCharges(stack.ctx, stack.workspaceId, generationId);
    const passed = view.outputs.filter((o) => o.passed).length;
    expect(charges).toMatchObject({ held: 2, settled: passed, charged: passed });
    expect(await getCreditBalance(stack.ctx, stack.workspaceId)).toBe(before - passed);
  });

  it("logs JSON lines with the generation and trace ids, and serves Prometheus metrics", async () => {
    const line = worker.output.split("\n").find((l) => l.includes('"msg":"generation succeeded"'));
    const entry = JSON.parse(line ?? "{}") as Record<string, unknown>;
    expect(entry.generationId).toEqual(expect.any(String));
    expect(entry.traceId).toEqual(expect.any(String));
    const base = `http://127.0.0.1:${worker.healthPort}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/hyperposter_jobs_total\{outcome="succeeded"\} 1/);
    expect(metrics).toMatch(/hyperposter_job_queue_wait_seconds_count\{lane="INTERACTIVE"\} 1/);
    expect(metrics).toMatch(/hyperposter_job_stage_seconds_count\{stage="render"\} 1/);
    expect(metrics).toMatch(/hyperposter_jobs_in_flight 0/);
  });

  it("a generation canceled while it runs stops between stages; only delivered assets stay charged", async () => {
    const before = await getCreditBalance(stack.ctx, stack.workspaceId);
    const { generationId } = await stack.submit({
      brief: {
        product: "green tea",
        formats: [
          "banner-medium-rectangle",
          "banner-leaderboard",
          "banner-skyscraper",
          "link-ad-landscape",
        ],
      },
      variants: 2,
    });
    const claimed = worker.count(/"msg":"job claimed"/);
    await worker.waitForLog(
      new RegExp(`"generationId":"${generationId}"[^\\n]*"msg":"job claimed"`),
      30_000,
    );
    expect(worker.count(/"msg":"job claimed"/)).toBe(claimed + 1);
    const view = await cancelGeneration(stack.ctx, stack.workspaceId, generationId);
    expect(view.status).toBe("CANCELED");
    await worker.waitForLog(
      /"msg":"stopped: the generation was finished elsewhere or canceled"/,
      30_000,
    );
    const after = await getGeneration(stack.ctx, stack.workspaceId, generationId);
    expect(after.status).toBe("CANCELED");
    expect(after.outputs.length).toBeLessThan(8);
    const charges = await generationCharges(stack.ctx, stack.workspaceId, generationId);
    expect(charges.held).toBe(8);
    expect(charges.charged).toBe(charges.settled);
    expect(await getCreditBalance(stack.ctx, stack.workspaceId)).toBe(before - charges.settled);
    // The worker is free again and takes the next job.
    const next = await stack.submit();
    await stack.waitForStatus([next.generationId], ["SUCCEEDED"], 60_000);
  });

  it("sets the headline in the preset's uploaded brand font, read from storage", async () => {
    const bebas = readFileSync(
      fileURLToPath(new URL("../../../examples/fonts/BebasNeue-Regular.ttf", import.meta.url)),
    );
    const font = await uploadFont(stack.ctx, stack.workspaceId, {
      fileName: "BebasNeue-Regular.ttf",
      contentBase64: bebas.toString("base64"),
    });
    const current = await stack.db.brandPresetVersion.findFirstOrThrow({
      where: { presetId: stack.presetId },
      orderBy: { version: "desc" },
    });
    const data = current.data as { fonts: { heading: string; body: string } };
    await stack.db.$transaction([
      stack.db.brandPresetVersion.create({
        data: {
          workspaceId: stack.workspaceId,
          presetId: stack.presetId,
          version: current.version + 1,
          data: { ...data, fonts: { ...data.fonts, heading: font.family } },
          headingFontFileId: font.id,
        },
      }),
      stack.db.brandPreset.update({
        where: { id: stack.presetId },
        data: { currentVersion: current.version + 1 },
      }),
    ]);
    const { generationId } = await stack.submit();
    await stack.waitForStatus([generationId], ["SUCCEEDED"], 60_000);
    const view = await getGeneration(stack.ctx, stack.workspaceId, generationId);
    // The worker registers the stored font: the one the upload check rebuilt.
    const row = await stack.db.storedFile.findUniqueOrThrow({ where: { id: font.id } });
    const stored = await stack.ctx.storage.get(row.storageKey);
    const alias = `"HP upload ${createHash("sha256").update(stored).digest("hex").slice(0, 16)}"`;
    for (const output of view.outputs) {
      const headline = output.layout.elements.find((e) => e.kind === "headline");
      expect(headline?.fontFamily, output.format).toBe(alias);
      // The body keeps the preset's catalog family.
      const subline = output.layout.elements.find((e) => e.kind === "subline");
      expect(subline?.fontFamily ?? "", output.format).toMatch(/"HP Inter \d+"/);
    }
  });
});
