import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TINY_SD, TINY_SDXL } from "@hyperposter/pipeline/diffusion/builder";
import type { RgbImage } from "../../src/image-backend/types";
import { controlKeep } from "../../src/diffusion/control/controlnet-runner";
import { DiffusionPipeline } from "../../src/diffusion/pipeline";
import { meanAbsDiff, tinyModelDir } from "./tiny-models";

/*
 * ControlNet in both export layouts on tiny random-weight folders. The
 * builder draws each ControlNet's weights from its own seed, so the split
 * folder's controlnet_<name> graphs and the fused graph's ControlNets are the
 * same networks, and the UNet's weights equal the plain folder's.
 */

const models = tinyModelDir();
let plain: DiffusionPipeline;
let zero: DiffusionPipeline;
let split: DiffusionPipeline;
let fused: DiffusionPipeline;
let xlSplit: DiffusionPipeline;
const base = { prompt: "a bottle on a beach", steps: 2, guidanceScale: 0, seed: 7 };
const names = ["controlnet_canny", "controlnet_layout"];

/** A deterministic control image: a bright ring and a bar on black. */
function controlImage(w: number, h: number, variant = 0): RgbImage {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const r = Math.hypot(x - w / 2, y - h / 2);
      const on = Math.abs(r - w / 4 - variant * 6) < 2 || (y > h * 0.8 && y < h * 0.85);
      data.fill(on ? 255 : 0, (y * w + x) * 3, (y * w + x) * 3 + 3);
    }
  }
  return { width: w, height: h, data };
}

const pixels = async (p: DiffusionPipeline, extra: object = {}): Promise<Uint8Array> =>
  (await p.generate({ ...base, ...extra })).images[0]?.data as Uint8Array;

function maxAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

beforeAll(async () => {
  plain = await DiffusionPipeline.load(models.build("plain", TINY_SD));
  zero = await DiffusionPipeline.load(
    models.build("zero", TINY_SD, { controlnet: { layout: "split", zeroConvs: true } }),
  );
  split = await DiffusionPipeline.load(
    models.build("split", TINY_SD, { controlnet: { layout: "split", names } }),
  );
  fused = await DiffusionPipeline.load(
    models.build("fused", TINY_SD, { controlnet: { layout: "fused", names } }),
  );
  xlSplit = await DiffusionPipeline.load(
    models.build("xl-split", TINY_SDXL, {
      dtype: "float16",
      controlnet: { layout: "split" },
    }),
  );
});

afterAll(async () => {
  for (const p of [plain, zero, split, fused, xlSplit]) await p?.release();
  models.cleanup();
});

describe("ControlNet (split controlnet/ models and ONNX Runtime's fused graph)", () => {
  const img = controlImage(128, 128);
  const img2 = controlImage(128, 128, 1);

  it("names the controls of each layout", () => {
    expect(plain.controlNames).toEqual([]);
    expect(zero.controlNames).toEqual(["controlnet"]);
    expect(split.controlNames).toEqual(names);
    expect(fused.controlNames).toEqual(names);
    expect(split.controlnets.layout).toBe("split");
    expect(fused.controlnets.layout).toBe("fused");
    expect(fused.controlnets.unetOutput).toBe("latent");
  });

  it("zero-initialised zero convolutions leave the image exactly as without a ControlNet", async () => {
    const none = await pixels(plain);
    expect(await pixels(zero)).toEqual(none);
    expect(await pixels(zero, { control: [{ controlnet: "controlnet", image: img }] })).toEqual(
      none,
    );
    // The residual-input UNet with zero residuals is the plain UNet.
    expect(await pixels(split)).toEqual(none);
  });

  it("a trained (non-zero) control changes the image, and another control image changes it again", async () => {
    const none = await pixels(split);
    const a = await pixels(split, { control: [{ controlnet: 0, image: img }] });
    const b = await pixels(split, { control: [{ controlnet: 0, image: img2 }] });
    expect(meanAbsDiff(a, none)).toBeGreaterThan(0.5);
    // A ring moved by 6 px: a small change through a random-weight ControlNet, but a change.
    expect(meanAbsDiff(a, b)).toBeGreaterThan(0.005);
  });

  it("scale 0 equals no ControlNet in both layouts", async () => {
    const none = await pixels(split);
    const off = [{ controlnet: "controlnet_canny", image: img, scale: 0 }];
    expect(await pixels(split, { control: off })).toEqual(none);
    expect(await pixels(fused, { control: off })).toEqual(await pixels(fused));
    expect(await pixels(fused)).toEqual(none);
  });

  it("split and fused layouts with the same weights give the same image", async () => {
    const one = [{ controlnet: "controlnet_canny", image: img }];
    expect(await pixels(fused, { control: one })).toEqual(await pixels(split, { control: one }));
    const two = [
      { controlnet: "controlnet_canny", image: img, scale: 0.8 },
      { controlnet: "controlnet_layout", image: img2, scale: 0.5, start: 0, end: 0.5 },
    ];
    const s = await pixels(split, { control: two });
    const f = await pixels(fused, { control: two });
    // The host sums residuals in float64 and rounds once; the graph rounds each Mul and Add.
    expect(maxAbsDiff(s, f)).toBeLessThanOrEqual(1);
    expect(meanAbsDiff(s, f)).toBeLessThan(0.01);
    expect(meanAbsDiff(s, await pixels(split, { control: one }))).toBeGreaterThan(0.05);
  });

  it("with CFG the control rows are doubled (uncond and cond) and both layouts still agree", async () => {
    const cfg = { guidanceScale: 5, negativePrompt: "blurry", batch: 2 };
    const control = [{ controlnet: 1, image: img, scale: 0.7 }];
    const s = await split.generate({ ...base, ...cfg, control });
    const f = await fused.generate({ ...base, ...cfg, control });
    expect(s.images).toHaveLength(2);
    for (let i = 0; i < 2; i++) {
      const si = s.images[i]?.data as Uint8Array;
      const fi = f.images[i]?.data as Uint8Array;
      expect(maxAbsDiff(si, fi)).toBeLessThanOrEqual(1);
    }
    const none = await split.generate({ ...base, ...cfg });
    expect(
      meanAbsDiff(s.images[0]?.data as Uint8Array, none.images[0]?.data as Uint8Array),
    ).toBeGreaterThan(0.5);
    expect(s.timings.controlnetMs).toHaveLength(2);
  });

  it("control_guidance_start/end follow diffusers' controlnet_keep", async () => {
    // keep_i = 1 − (i/n < start or (i+1)/n > end)
    expect([0, 1, 2, 3].map((i) => controlKeep(i, 4, 0.25, 0.75))).toEqual([0, 1, 1, 0]);
    expect([0, 1, 2, 3].map((i) => controlKeep(i, 4, 0, 1))).toEqual([1, 1, 1, 1]);
    expect([0, 1].map((i) => controlKeep(i, 2, 0, 0.4))).toEqual([0, 0]);
    const full = await pixels(split, { control: [{ controlnet: 0, image: img }] });
    const late = await pixels(split, { control: [{ controlnet: 0, image: img, start: 0.5 }] });
    const never = await pixels(split, { control: [{ controlnet: 0, image: img, end: 0.4 }] });
    expect(never).toEqual(await pixels(split));
    expect(meanAbsDiff(late, full)).toBeGreaterThan(0.05);
    expect(meanAbsDiff(late, never)).toBeGreaterThan(0.05);
  });

  it("runs an SDXL-shaped fp16 split ControlNet (text_embeds/time_ids shared with the UNet)", async () => {
    const none = await pixels(xlSplit);
    const a = await pixels(xlSplit, { control: [{ controlnet: 0, image: img }] });
    expect(meanAbsDiff(a, none)).toBeGreaterThan(0.5);
  });

  it("refuses misuse with a sentence", async () => {
    await expect(pixels(plain, { control: [{ controlnet: 0, image: img }] })).rejects.toThrow(
      /has no ControlNet/,
    );
    await expect(
      pixels(split, { control: [{ controlnet: "controlnet_depth", image: img }] }),
    ).rejects.toThrow(
      /no ControlNet controlnet_depth \(this folder has controlnet_canny, controlnet_layout\)/,
    );
    await expect(
      pixels(split, { control: [{ controlnet: 0, image: controlImage(64, 64) }] }),
    ).rejects.toThrow(/is 64×64, the generation is 128×128/);
    await expect(
      pixels(fused, {
        control: [
          { controlnet: 0, image: img },
          { controlnet: 0, image: img2 },
        ],
      }),
    ).rejects.toThrow(/given twice/);
  });
});
