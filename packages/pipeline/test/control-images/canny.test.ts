import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { canny } from "../../src/control-images/canny";

/*
 * Fixtures: inputs and the edges cv2.Canny (OpenCV 4.14, apertureSize 3,
 * L2gradient false) returned for them, written by
 * fixtures/make-canny-fixtures.py.
 */
const fixtureSchema = z.object({
  opencv: z.string(),
  fixtures: z.array(
    z.object({
      name: z.string(),
      width: z.number(),
      height: z.number(),
      channels: z.union([z.literal(1), z.literal(3)]),
      low: z.number(),
      high: z.number(),
      data: z.string(),
      edges: z.string(),
      edgeCount: z.number(),
    }),
  ),
});
const file = fixtureSchema.parse(
  JSON.parse(readFileSync(new URL("./fixtures/canny-fixtures.json", import.meta.url), "utf8")),
);
const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, "base64"));

describe("canny (cv2.Canny, L1 gradient, 3×3 Sobel)", () => {
  for (const f of file.fixtures) {
    it(`matches OpenCV ${file.opencv} pixel for pixel: ${f.name}`, () => {
      const edges = canny(
        { width: f.width, height: f.height, channels: f.channels, data: bytes(f.data) },
        { low: f.low, high: f.high },
      );
      const expected = bytes(f.edges);
      const wrong: number[] = [];
      for (let i = 0; i < expected.length; i++) if (edges[i] !== expected[i]) wrong.push(i);
      expect(wrong).toEqual([]);
      expect(edges.filter((v) => v === 255).length).toBe(f.edgeCount);
    });
  }

  it("defaults to thresholds 100/200 and a flat image has no edges", () => {
    const f = file.fixtures.find((x) => x.name === "rgb product 100/200");
    if (!f) throw new Error("fixture missing");
    const img = { width: f.width, height: f.height, channels: f.channels, data: bytes(f.data) };
    expect(canny(img)).toEqual(canny(img, { low: 100, high: 200 }));
    const flat = { width: 8, height: 8, channels: 1 as const, data: new Uint8Array(64).fill(90) };
    expect(canny(flat).every((v) => v === 0)).toBe(true);
  });
});
