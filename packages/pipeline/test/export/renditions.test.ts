import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { makeRenditions, RENDITION_SIZES } from "../../src/export";

/** A noisy A4-at-300-dpi-sized PNG: the worst case the generation page used to load in full. */
async function noisyPng(width: number, height: number): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  let x = 12345;
  for (let i = 0; i < data.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    data[i] = (x >> 16) & 0xff;
  }
  return sharp(data, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

describe("makeRenditions", () => {
  it("makes a 1024 px preview and a 320 px thumbnail in WebP, far smaller than the original", async () => {
    const png = await noisyPng(2480, 3508);
    const [preview, thumbnail] = await makeRenditions(png);
    expect(preview?.kind).toBe("preview");
    expect(thumbnail?.kind).toBe("thumbnail");
    for (const r of [preview, thumbnail]) {
      const meta = await sharp(r?.bytes).metadata();
      expect(meta.format).toBe("webp");
      expect(meta.width).toBe(r?.width);
      expect(meta.height).toBe(r?.height);
    }
    expect(preview?.height).toBe(RENDITION_SIZES.preview);
    expect(preview?.width).toBe(Math.round((2480 / 3508) * 1024));
    expect(thumbnail?.height).toBe(RENDITION_SIZES.thumbnail);
    expect(preview!.bytes.length).toBeLessThan(png.length / 4);
    expect(thumbnail!.bytes.length).toBeLessThan(preview!.bytes.length);
  });

  it("does not enlarge a small asset (a 728×90 banner keeps its size as preview)", async () => {
    const png = await noisyPng(728, 90);
    const [preview, thumbnail] = await makeRenditions(png);
    expect([preview?.width, preview?.height]).toEqual([728, 90]);
    expect([thumbnail?.width, thumbnail?.height]).toEqual([320, 40]);
  });
});
