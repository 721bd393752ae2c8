import { describeProductPhoto, getGeneration, uploadProductPhoto } from "@hyperposter/api";
import { decodeRgba } from "@hyperposter/pipeline";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { TestStack } from "./harness";

// A generation with a library product: the worker reads the stored cut-out,
// puts it into every asset and records how it was cut out.

const BOTTLE = readFileSync(
  fileURLToPath(new URL("../../../examples/products/cold-brew-bottle.jpg", import.meta.url)),
);

async function pixels(url: string) {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return (await decodeRgba(new Uint8Array(await response.arrayBuffer()), 4096)).img;
}

describe("worker: a generation with a product photo", () => {
  const stack = new TestStack({ label: "product" });
  beforeAll(async () => {
    await stack.start(inject("pgAdminUrl"));
    await stack.startWorker();
  });
  afterAll(() => stack.stop());

  it("draws the stored cut-out in the product box of every asset and reports it", async () => {
    const { photo, product } = await uploadProductPhoto(stack.ctx, stack.workspaceId, null, {
      name: "Cold brew bottle",
      fileName: "cold-brew-bottle.jpg",
      contentBase64: BOTTLE.toString("base64"),
    });
    expect(photo).toMatchObject({ method: "backdrop", needsConfirmation: false });
    const { generationId } = await stack.submit({
      productPhotoId: photo.id,
      brief: {
        language: "en",
        product: "cold brew coffee",
        offer: "20% off this week",
        formats: ["banner-medium-rectangle", "instagram-square"],
      },
    });
    await stack.waitForStatus([generationId], ["SUCCEEDED"], 90_000);
    const view = await getGeneration(stack.ctx, stack.workspaceId, generationId);
    expect(view.product).toMatchObject({
      productId: product.id,
      photoId: photo.id,
      name: "Cold brew bottle",
      report: { name: "Cold brew bottle", method: "backdrop", backdrop: "plain" },
    });
    expect(view.product?.report?.confidence).toBeCloseTo(photo.confidence, 3);
    expect(view.product?.report?.colors.length).toBeGreaterThan(0);
    // No description in the brief: the prompt is fed the colours read from the stored cut-out,
    // after the marketer's own subject.
    const local = await describeProductPhoto(stack.ctx, stack.workspaceId, {
      photoId: photo.id,
      language: "en",
    });
    expect(local.productDescription.colors.length).toBeGreaterThan(0);
    expect(view.rephrased?.prompt.startsWith("cold brew coffee")).toBe(true);
    expect(view.rephrased?.prompt).toContain(`in ${local.productDescription.colors.join(" and ")}`);
    expect(view.outputs).toHaveLength(2);
    for (const output of view.outputs) {
      const box = output.layout.elements.find((e) => e.kind === "product")?.box;
      expect(box, output.format).toBeDefined();
      expect(output.quality.product?.passed, output.format).toBe(true);
      if (!box) continue;
      const asset = output.files.find((f) => f.role === "ASSET" && f.encoding === "png");
      const bare = output.files.find((f) => f.role === "BACKGROUND");
      const [poster, background] = await Promise.all([
        pixels(asset?.url ?? ""),
        pixels(bare?.url ?? ""),
      ]);
      expect(poster.width).toBe(output.layout.width);
      // The centre half of the product box: the bottle, not the background.
      let diff = 0;
      let n = 0;
      const x0 = Math.round(box.x + box.width * 0.25);
      const y0 = Math.round(box.y + box.height * 0.25);
      for (let y = y0; y < y0 + box.height * 0.5; y++)
        for (let x = x0; x < x0 + box.width * 0.5; x++) {
          const i = (y * poster.width + x) * 4;
          for (let c = 0; c < 3; c++)
            diff += Math.abs((poster.data[i + c] ?? 0) - (background.data[i + c] ?? 0));
          n += 3;
        }
      expect(diff / n, output.format).toBeGreaterThan(20);
    }
  });
});
