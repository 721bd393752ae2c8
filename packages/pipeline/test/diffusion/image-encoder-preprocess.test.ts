import sharp from "sharp";
import { describe, expect, it } from "vitest";
import {
  bicubicFilter,
  centerCrop,
  clipPixelValues,
  decodeReference,
  resampleCoeffs,
  resizeBicubicPil,
  shortestSideSize,
} from "../../src/diffusion/control/image-encoder-preprocess";

describe("CLIPImageProcessor preprocessing", () => {
  it("uses Pillow's bicubic kernel (a = -0.5)", () => {
    // Hand-computed from ((a+2)|x| − (a+3))x² + 1 and a(|x|³ − 5x² + 8|x| − 4).
    expect(bicubicFilter(0)).toBe(1);
    expect(bicubicFilter(0.25)).toBeCloseTo(0.8671875, 12);
    expect(bicubicFilter(0.75)).toBeCloseTo(0.2265625, 12);
    expect(bicubicFilter(1.25)).toBeCloseTo(-0.0703125, 12);
    expect(bicubicFilter(2)).toBe(0);
  });

  it("halves a row like Pillow: support scaled ×2, 22-bit weights, rounded to 8 bits", () => {
    // 4 → 2: output 0 centres on 1.0 with weights w(−0.25), w(0.25), w(0.75), w(1.25) over
    // pixels 0..3 (sum 1.890625): 255·(0.2265625 − 0.0703125)/1.890625 = 21.07 → 21;
    // output 1 mirrors it: 255·1.734375/1.890625 = 233.93 → 234.
    const c = resampleCoeffs(4, 2);
    expect(c.ksize).toBe(9);
    expect(Array.from(c.bounds)).toEqual([0, 4, 0, 4]);
    const row = {
      width: 4,
      height: 1,
      data: new Uint8Array([0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255]),
    };
    const out = resizeBicubicPil(row, 2, 1);
    expect(Array.from(out.data)).toEqual([21, 21, 21, 234, 234, 234]);
    // The vertical pass is the same filter: the transposed column gives the same bytes.
    const col = { width: 1, height: 4, data: row.data };
    expect(Array.from(resizeBicubicPil(col, 1, 2).data)).toEqual([21, 21, 21, 234, 234, 234]);
  });

  it("matches Pillow 12.3's Image.resize(BICUBIC) byte for byte, down and up", () => {
    // Expected bytes written by Pillow 12.3.0 from the same pattern (see the diffusion README).
    const w = 23;
    const h = 17;
    const data = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let c = 0; c < 3; c++)
          data[(y * w + x) * 3 + c] = (x * 37 + y * 91 + c * 53 + ((x * y) % 17) * 11) % 256;
    const down = resizeBicubicPil({ width: w, height: h, data }, 7, 5);
    expect(Array.from(down.data)).toEqual([
      118, 135, 133, 135, 129, 129, 102, 106, 140, 125, 139, 122, 137, 109, 120, 115, 122, 124, 118,
      126, 121, 125, 139, 128, 124, 120, 123, 137, 92, 139, 133, 112, 150, 151, 126, 116, 148, 112,
      117, 141, 108, 123, 140, 116, 150, 115, 107, 142, 111, 123, 140, 125, 106, 140, 118, 124, 122,
      135, 127, 124, 133, 114, 158, 143, 124, 140, 152, 109, 138, 160, 99, 116, 126, 155, 133, 125,
      103, 126, 127, 133, 121, 136, 117, 137, 130, 162, 105, 141, 144, 122, 128, 139, 193, 126, 181,
      175, 131, 144, 124, 119, 154, 123, 120, 148, 110,
    ]);
    const up = resizeBicubicPil({ width: w, height: h, data }, 40, 30);
    expect(Array.from(up.data.subarray(0, 30))).toEqual([
      0, 43, 96, 2, 55, 108, 27, 80, 132, 47, 99, 164, 68, 122, 195, 88, 157, 217, 114, 185, 242,
      148, 204, 255, 173, 237, 178, 193, 250, 28,
    ]);
  });

  it("sizes the shortest side to 224 with the long side truncated, and crops from the floored centre", () => {
    expect(shortestSideSize(300, 250)).toEqual({ width: 268, height: 224 }); // 224·300/250 = 268.8
    expect(shortestSideSize(250, 640)).toEqual({ width: 224, height: 573 }); // 573.44
    const img = { width: 227, height: 225, data: new Uint8Array(227 * 225 * 3) };
    for (let y = 0; y < 225; y++) for (let x = 0; x < 227; x++) img.data[(y * 227 + x) * 3] = x;
    for (let y = 0; y < 225; y++) for (let x = 0; x < 227; x++) img.data[(y * 227 + x) * 3 + 1] = y;
    const crop = centerCrop(img);
    // left = (227 − 224) // 2 = 1, top = (225 − 224) // 2 = 0
    expect(crop.data[0]).toBe(1);
    expect(crop.data[1]).toBe(0);
    expect(crop.data[(223 * 224 + 223) * 3]).toBe(224);
  });

  it("normalises with CLIP's mean and std, channels first", () => {
    // A flat (255, 0, 128) image survives the resize unchanged; then
    // R (1 − 0.48145466)/0.26862954, G (0 − 0.4578275)/0.26130258,
    // B (128/255 − 0.40821073)/0.27577711, by hand.
    const w = 300;
    const h = 250;
    const data = new Uint8Array(w * h * 3);
    for (let p = 0; p < w * h; p++) data.set([255, 0, 128], p * 3);
    const px = clipPixelValues({ width: w, height: h, data });
    const plane = 224 * 224;
    expect(px.length).toBe(3 * plane);
    expect(px[0]).toBeCloseTo(1.9303361, 5);
    expect(px[plane]).toBeCloseTo(-1.7520971, 5);
    expect(px[2 * plane]).toBeCloseTo(0.3399482, 5);
    expect(px[plane - 1]).toBe(px[0]);
  });

  it("decodes with the alpha dropped, not composited (PIL's convert('RGB'))", async () => {
    const png = await sharp(Buffer.from([200, 100, 50, 0, 10, 20, 30, 255]), {
      raw: { width: 2, height: 1, channels: 4 },
    })
      .png()
      .toBuffer();
    const rgb = await decodeReference(new Uint8Array(png));
    expect(Array.from(rgb.data)).toEqual([200, 100, 50, 10, 20, 30]);
  });

  it("differs from sharp's cubic reduce on a detailed image (why Pillow's resampler is reimplemented)", async () => {
    const w = 301;
    const h = 257;
    const data = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let c = 0; c < 3; c++)
          data[(y * w + x) * 3 + c] = (x * 37 + y * 91 + c * 53 + ((x * y) % 17) * 11) % 256;
    const size = shortestSideSize(w, h);
    const ours = resizeBicubicPil({ width: w, height: h, data }, size.width, size.height);
    const theirs = await sharp(Buffer.from(data), { raw: { width: w, height: h, channels: 3 } })
      .resize(size.width, size.height, { kernel: "cubic", fit: "fill" })
      .raw()
      .toBuffer();
    let max = 0;
    for (let i = 0; i < theirs.length; i++)
      max = Math.max(max, Math.abs((theirs[i] as number) - (ours.data[i] as number)));
    expect(max).toBeGreaterThan(2);
  });
});
