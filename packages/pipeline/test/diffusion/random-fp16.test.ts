import { describe, expect, it } from "vitest";
import { batchNoise, GaussianStream, philox4x32 } from "../../src/diffusion/random";
import {
  float16BitsToFloat32,
  float32ToFloat16Bits,
  fromFloat16,
  toFloat16,
} from "../../src/diffusion/onnx/fp16";

const hex = (words: Uint32Array): string[] =>
  Array.from(words, (w) => w.toString(16).padStart(8, "0"));

describe("Philox4x32-10", () => {
  // Known-answer vectors from Random123's kat_vectors (philox4x32 10 rounds).
  it("matches the Random123 known-answer tests", () => {
    expect(hex(philox4x32([0, 0, 0, 0], [0, 0]))).toEqual([
      "6627e8d5",
      "e169c58d",
      "bc57ac4c",
      "9b00dbd8",
    ]);
    expect(
      hex(philox4x32([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff])),
    ).toEqual(["408f276d", "41c83b0e", "a20bc7c6", "6d5451fd"]);
    expect(
      hex(philox4x32([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0])),
    ).toEqual(["d16cfe09", "94fdcceb", "5001e420", "24126ea1"]);
  });
});

describe("GaussianStream", () => {
  it("is N(0, 1): mean ≈ 0, variance ≈ 1, tails ≈ 4.55 % beyond 2σ over 200k draws", () => {
    const xs = new GaussianStream(1234).fill(200_000);
    let mean = 0;
    let sq = 0;
    let tail = 0;
    for (const x of xs) {
      mean += x;
      sq += x * x;
      if (Math.abs(x) > 2) tail++;
    }
    mean /= xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(sq / xs.length - mean * mean).toBeCloseTo(1, 1);
    expect(tail / xs.length).toBeCloseTo(0.0455, 2);
  });

  it("same seed and stream → same values; other seeds or streams differ", () => {
    const a = new GaussianStream(7, 0).fill(64);
    expect(new GaussianStream(7, 0).fill(64)).toEqual(a);
    expect(new GaussianStream(8, 0).fill(64)).not.toEqual(a);
    expect(new GaussianStream(7, 1).fill(64)).not.toEqual(a);
  });

  it("pins the first values so any platform or refactor drift fails loudly", () => {
    // Recorded from this implementation; Philox is integer-exact and V8's
    // log/sin/cos are fdlibm ports, so these hold on every platform.
    const first = Array.from(new GaussianStream(42).fill(4));
    expect(first).toMatchInlineSnapshot(`
      [
        0.8864974975585938,
        0.4393560588359833,
        -0.15660962462425232,
        -0.013718678615987301,
      ]
    `);
  });

  it("batchNoise puts variant i's stream i at offset i·n", () => {
    const all = batchNoise(5, 3, 10);
    expect(all.subarray(20, 30)).toEqual(new GaussianStream(5, 2).fill(10));
  });

  it("rejects seeds that are not non-negative safe integers", () => {
    expect(() => new GaussianStream(-1)).toThrow();
    expect(() => new GaussianStream(1.5)).toThrow();
  });
});

describe("fp16 conversion", () => {
  it("encodes IEEE half bit patterns exactly", () => {
    expect(float32ToFloat16Bits(1)).toBe(0x3c00);
    expect(float32ToFloat16Bits(-2)).toBe(0xc000);
    expect(float32ToFloat16Bits(65504)).toBe(0x7bff);
    expect(float32ToFloat16Bits(1e6)).toBe(0x7c00);
    expect(float32ToFloat16Bits(2 ** -24)).toBe(0x0001);
    expect(float32ToFloat16Bits(Number.NaN) & 0x7c00).toBe(0x7c00);
    // ties to even: 1 + 2^-11 is halfway between 1 and 1 + 2^-10
    expect(float32ToFloat16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(float32ToFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
  });

  it("decodes normals, subnormals and infinities", () => {
    expect(float16BitsToFloat32(0x3555)).toBeCloseTo(0.333251953125, 12);
    expect(float16BitsToFloat32(0x0001)).toBe(2 ** -24);
    expect(float16BitsToFloat32(0xfc00)).toBe(Number.NEGATIVE_INFINITY);
  });

  it("round-trips within half precision (relative error ≤ 2^-11)", () => {
    const values = new GaussianStream(3).fill(1000).map((v) => v * 100);
    const back = fromFloat16(toFloat16(values));
    values.forEach((v, i) =>
      expect(Math.abs((back[i] as number) - v)).toBeLessThanOrEqual(
        Math.abs(v) * 2 ** -11 + 2 ** -24,
      ),
    );
  });

  it("agrees with the engine's Float16Array where it exists", () => {
    const F16 = (
      globalThis as {
        Float16Array?: new (values: number[]) => ArrayLike<number> & { buffer: ArrayBuffer };
      }
    ).Float16Array;
    if (!F16) return;
    const values = Array.from(new GaussianStream(9).fill(500), (v) => v * 30);
    const native = new Uint16Array(new F16(values).buffer);
    expect(toFloat16(values)).toEqual(native);
  });
});
