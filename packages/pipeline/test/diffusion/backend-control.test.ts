import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TINY_SD } from "@hyperposter/pipeline/diffusion/builder";
import type { RenderRequest } from "../../src/image-backend/types";
import { nearestBucket } from "../../src/diffusion/aspect";
import { DiffusionBackend } from "../../src/diffusion/backend";
import { controlInputs, fittedRect, planControls } from "../../src/diffusion/control/control-plan";
import { zoneInBucket } from "../../src/diffusion/control/zone";
import { meanAbsDiff, tinyModelDir } from "./tiny-models";

/*
 * The diffusion backend feeds the folder's ControlNets control images made
 * from the render request (canny of the placed product, the copy regions as
 * a layout map) at the generation bucket's size, with scales from config.
 */

const models = tinyModelDir();
const names = ["controlnet_canny", "controlnet_layout"];
let plainDir: string;
let splitDir: string;
let fusedDir: string;
let plain: DiffusionBackend;
let split: DiffusionBackend;

/** A 40×60 cut-out: an opaque orange ellipse on transparency. */
function cutout(): { width: number; height: number; data: Uint8ClampedArray } {
  const width = 40;
  const height = 60;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const inside = ((x - 20) / 18) ** 2 + ((y - 30) / 28) ** 2 <= 1;
      data.set(inside ? [230, 120, 30, 255] : [0, 0, 0, 0], (y * width + x) * 4);
    }
  return { width, height, data };
}

const base: RenderRequest = {
  prompt: "a bottle on a beach",
  negativePrompt: "text",
  width: 300,
  height: 200,
  seed: 5,
  variants: 1,
  palette: ["#3B5BDB"],
  calmZones: [],
};
const withProduct: RenderRequest = {
  ...base,
  productZone: { x: 180, y: 40, width: 80, height: 120 },
  productCutout: cutout(),
  calmZones: [{ x: 20, y: 20, width: 140, height: 40 }],
};

const pixels = async (b: DiffusionBackend, r: RenderRequest): Promise<Uint8Array> =>
  (await b.render(r))[0]?.data as Uint8Array;

beforeAll(async () => {
  plainDir = models.build("plain", TINY_SD);
  splitDir = models.build("split", TINY_SD, { controlnet: { layout: "split", names } });
  fusedDir = models.build("fused", TINY_SD, { controlnet: { layout: "fused", names } });
  plain = await DiffusionBackend.create({ modelDir: plainDir, steps: 2, warmup: false });
  split = await DiffusionBackend.create({ modelDir: splitDir, steps: 2, warmup: false });
}, 120_000);

afterAll(async () => {
  await plain?.close();
  await split?.close();
  models.cleanup();
});

describe("control images from the render request", () => {
  it("plans every ControlNet whose name says its image, or exactly the configured ones", () => {
    expect(planControls(names, undefined, { depth: false })).toEqual([
      { controlnet: "controlnet_canny", kind: "canny", scale: 1, start: 0, end: 1 },
      { controlnet: "controlnet_layout", kind: "layout", scale: 1, start: 0, end: 1 },
    ]);
    const logged: string[] = [];
    expect(
      planControls(["controlnet", "controlnet_seg", "controlnet_depth"], undefined, {
        depth: false,
        log: (m) => logged.push(m),
      }),
    ).toEqual([{ controlnet: "controlnet_seg", kind: "layout", scale: 1, start: 0, end: 1 }]);
    expect(logged).toEqual([
      "controlnet: not run, its name does not say which control image it takes (controlnet_canny, controlnet_seg, controlnet_layout or controlnet_depth)",
      "controlnet_depth: not run, no depth model is configured (HYPERPOSTER_DEPTH_MODEL)",
    ]);
    expect(
      planControls(names, [{ name: "layout", scale: 0.5, end: 0.6 }], { depth: false }),
    ).toEqual([
      { controlnet: "controlnet_layout", kind: "layout", scale: 0.5, start: 0, end: 0.6 },
    ]);
  });

  it("draws the canny edges inside the product's fitted zone and the layout map over the copy, at the bucket size", async () => {
    const bucket = nearestBucket(
      300,
      200,
      split.pipeline.folder.nativeSize,
      split.pipeline.sizeMultiple,
    );
    const planned = planControls(names, undefined, { depth: false });
    const [edges, layout] = await controlInputs(planned, withProduct, bucket);
    expect(edges?.controlnet).toBe("controlnet_canny");
    expect(edges?.image.width).toBe(bucket.width);
    expect(edges?.image.height).toBe(bucket.height);
    const zone = zoneInBucket(withProduct.productZone ?? base.calmZones[0]!, 300, 200, bucket);
    const box = fittedRect({ width: 40, height: 60 }, zone);
    let on = 0;
    const img = edges?.image;
    for (let y = 0; y < (img?.height ?? 0); y++)
      for (let x = 0; x < (img?.width ?? 0); x++)
        if ((img?.data[(y * (img?.width ?? 0) + x) * 3] ?? 0) > 0) {
          on++;
          expect(x).toBeGreaterThanOrEqual(box.x - 1);
          expect(x).toBeLessThanOrEqual(box.x + box.width);
          expect(y).toBeGreaterThanOrEqual(box.y - 1);
          expect(y).toBeLessThanOrEqual(box.y + box.height);
        }
    expect(on).toBeGreaterThan(20);
    // The copy region is ADE20K "wall" grey; a corner far from it stays free (black).
    const copy = zoneInBucket(withProduct.calmZones[0]!, 300, 200, bucket);
    const at = (x: number, y: number) => layout?.image.data[(y * bucket.width + x) * 3];
    expect(at(Math.floor(copy.x + copy.width / 2), Math.floor(copy.y + copy.height / 2))).toBe(120);
    expect(at(bucket.width - 1, bucket.height - 1)).toBe(0);
    // Nothing to show: no image, so that ControlNet does not run.
    expect(await controlInputs(planned, base, bucket)).toEqual([]);
  });
});

describe("DiffusionBackend with ControlNets", () => {
  it("a render with a product cut-out differs from the same render without the ControlNet", async () => {
    const without = await pixels(plain, withProduct);
    const controlled = await pixels(split, withProduct);
    expect(meanAbsDiff(controlled, without)).toBeGreaterThan(0.5);
    // Canny alone (no layout map) is a third image.
    const cannyOnly = await DiffusionBackend.create({
      modelDir: splitDir,
      steps: 2,
      warmup: false,
      controlnet: [{ name: "canny" }],
    });
    try {
      const c = await pixels(cannyOnly, withProduct);
      expect(meanAbsDiff(c, without)).toBeGreaterThan(0.5);
      expect(meanAbsDiff(c, controlled)).toBeGreaterThan(0.05);
    } finally {
      await cannyOnly.close();
    }
  });

  it("runs no ControlNet when the request gives it nothing: the image is the plain UNet's", async () => {
    expect(await pixels(split, base)).toEqual(await pixels(plain, base));
  });

  it("feeds the fused graph the same images (same weights: within 1/255 of the split layout)", async () => {
    const fused = await DiffusionBackend.create({ modelDir: fusedDir, steps: 2, warmup: false });
    try {
      const f = await pixels(fused, withProduct);
      const s = await pixels(split, withProduct);
      let max = 0;
      for (let i = 0; i < f.length; i++) max = Math.max(max, Math.abs((f[i] ?? 0) - (s[i] ?? 0)));
      expect(max).toBeLessThanOrEqual(1);
    } finally {
      await fused.close();
    }
  });

  it("refuses a configured ControlNet the folder lacks, at startup, with a sentence", async () => {
    await expect(
      DiffusionBackend.create({
        modelDir: splitDir,
        warmup: false,
        controlnet: [{ name: "canny" }, { name: "depth_midas" }],
      }),
    ).rejects.toThrow(
      "HYPERPOSTER_CONTROLNET names depth_midas, but the model folder has only controlnet_canny, controlnet_layout.",
    );
    await expect(
      DiffusionBackend.create({
        modelDir: plainDir,
        warmup: false,
        controlnet: [{ name: "canny" }],
      }),
    ).rejects.toThrow(
      "HYPERPOSTER_CONTROLNET names canny, but the model folder has no ControlNet.",
    );
  });
});
