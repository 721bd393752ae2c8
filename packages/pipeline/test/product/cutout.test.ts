import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { LOW_CONFIDENCE, cutOutProduct, segmentByBackdrop } from "../../src/product/cutout";
import { scoreMask, syntheticPhoto } from "../../src/product/synthetic";

const alphaOf = (rgba: Uint8ClampedArray) => {
  const a = new Uint8Array(rgba.length / 4);
  for (let i = 0; i < a.length; i++) a[i] = rgba[i * 4 + 3] ?? 0;
  return a;
};

describe("cut-out by backdrop estimation", () => {
  it("reaches IoU ≥ 0.95 on plain backdrops of the generated set", () => {
    const ious: number[] = [];
    // Indices 0..39 hold 8 each of white, grey, gradient, noisy (and busy, skipped).
    for (let i = 0; i < 40; i++) {
      const s = syntheticPhoto(i);
      if (s.backdrop === "busy") continue;
      const seg = segmentByBackdrop(s.photo);
      ious.push(scoreMask(alphaOf(seg.rgba), s.mask, s.photo.width, s.photo.height).iou);
      expect(seg.confidence).toBeGreaterThanOrEqual(LOW_CONFIDENCE);
    }
    const mean = ious.reduce((a, b) => a + b, 0) / ious.length;
    expect(mean).toBeGreaterThanOrEqual(0.95);
  });

  it("says so when the backdrop is busy", () => {
    for (const i of [4, 9, 14, 19]) {
      const s = syntheticPhoto(i);
      expect(s.backdrop).toBe("busy");
      const seg = segmentByBackdrop(s.photo);
      expect(seg.confidence).toBeLessThan(LOW_CONFIDENCE);
      expect(seg.model.kind).toBe("busy");
    }
  });

  it("mattes the edge: alpha steps through intermediate values, not a hard threshold", () => {
    const s = syntheticPhoto(0);
    const a = alphaOf(segmentByBackdrop(s.photo).rgba);
    const soft = a.filter((v) => v > 10 && v < 245).length;
    expect(soft).toBeGreaterThan(20);
  });

  it("scores a perfect mask 1 and an empty one 0", () => {
    const s = syntheticPhoto(1);
    const perfect = Uint8Array.from(s.mask, (m) => (m ? 255 : 0));
    expect(scoreMask(perfect, s.mask, s.photo.width, s.photo.height)).toEqual({
      iou: 1,
      boundaryF: 1,
    });
    expect(
      scoreMask(new Uint8Array(s.mask.length), s.mask, s.photo.width, s.photo.height).iou,
    ).toBe(0);
  });
});

describe("cutOutProduct", () => {
  it("uses a PNG's own transparency as is", async () => {
    const W = 120;
    const H = 80;
    const raw = Buffer.alloc(W * H * 4);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const o = (y * W + x) * 4;
        raw[o] = 200;
        raw[o + 3] = x >= 30 && x < 90 && y >= 20 && y < 60 ? 255 : 0;
      }
    const png = await sharp(raw, { raw: { width: W, height: H, channels: 4 } })
      .png()
      .toBuffer();
    const cut = await cutOutProduct(png);
    expect(cut.method).toBe("alpha");
    expect(cut.confidence).toBe(1);
    expect(cut.box).toEqual({ x: 30, y: 20, width: 60, height: 40 });
  });

  it("cuts a JPEG product shot on white and crops to the product", async () => {
    const s = syntheticPhoto(5);
    const jpeg = await sharp(Buffer.from(s.photo.data), {
      raw: { width: s.photo.width, height: s.photo.height, channels: 4 },
    })
      .jpeg({ quality: 90 })
      .toBuffer();
    const cut = await cutOutProduct(jpeg);
    expect(cut.method).toBe("backdrop");
    expect(cut.backdrop).toBe("plain");
    expect(cut.confidence).toBeGreaterThan(LOW_CONFIDENCE);
    expect(cut.image.width).toBeLessThan(s.photo.width);
    // The corners of the crop are clear, its centre is solid.
    expect(cut.image.data[3]).toBe(0);
    const c = ((cut.image.height >> 1) * cut.image.width + (cut.image.width >> 1)) * 4;
    expect(cut.image.data[c + 3]).toBe(255);
  });
});
