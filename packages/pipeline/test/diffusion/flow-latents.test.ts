import { describe, expect, it } from "vitest";
import {
  fluxImageIds,
  fluxTextIds,
  packLatents,
  unpackLatents,
} from "../../src/diffusion/flow/latents";

describe("Flux latent packing and ids", () => {
  it("packs a 2×2 patch channel-major into one token, as diffusers' view/permute does", () => {
    // B=1, C=2, h=2, w=4: two tokens; value = ch·100 + y·10 + x
    const x = new Float32Array(16);
    for (let c = 0; c < 2; c++)
      for (let y = 0; y < 2; y++)
        for (let q = 0; q < 4; q++) x[c * 8 + y * 4 + q] = c * 100 + y * 10 + q;
    expect([...packLatents(x, 1, 2, 2, 4)]).toEqual([
      0,
      1,
      10,
      11,
      100,
      101,
      110,
      111, // token (0,0)
      2,
      3,
      12,
      13,
      102,
      103,
      112,
      113, // token (0,1)
    ]);
  });

  it("unpack(pack(x)) = x for a batch of 16-channel latents", () => {
    const b = 2;
    const c = 16;
    const h = 6;
    const w = 4;
    const x = Float32Array.from({ length: b * c * h * w }, (_, i) => Math.sin(i) * 3);
    const packed = packLatents(x, b, c, h, w);
    expect(packed).not.toEqual(x);
    expect(unpackLatents(packed, b, c, h, w)).toEqual(x);
    expect(() => packLatents(x, b, c, 5, w)).toThrow(/must be even/);
  });

  it("img_ids are [0, row, col] over the half-resolution grid; txt_ids are zeros", () => {
    expect([...fluxImageIds(4, 6)]).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 2, 0, 1, 0, 0, 1, 1, 0, 1, 2]);
    expect([...fluxTextIds(2)]).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
