import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  FAMILIES,
  type FamilyName,
  ProceduralBackend,
  familiesFor,
  renderProcedural,
} from "../../src/backgrounds";
import type { RenderRequest, RgbImage } from "../../src/image-backend";

const request = (over: Partial<RenderRequest> = {}): RenderRequest => ({
  prompt: "cold brew coffee, golden hour, warm light",
  negativePrompt: "text",
  width: 240,
  height: 300,
  seed: 42,
  variants: 1,
  palette: ["#3B2314", "#C8A27A", "#E4572E", "#F6EFE6", "#1B1B1B"],
  calmZones: [{ x: 20, y: 20, width: 200, height: 110 }],
  ...over,
});

const digest = (img: RgbImage) => createHash("sha256").update(img.data).digest("hex");

/** Mean absolute luminance step between neighbours inside a rectangle. */
function busyness(img: RgbImage, x0: number, y0: number, w: number, h: number): number {
  let sum = 0;
  let n = 0;
  const lum = (x: number, y: number) => {
    const i = (y * img.width + x) * 3;
    return (
      0.299 * (img.data[i] ?? 0) + 0.587 * (img.data[i + 1] ?? 0) + 0.114 * (img.data[i + 2] ?? 0)
    );
  };
  for (let y = y0; y < y0 + h - 1; y += 2) {
    for (let x = x0; x < x0 + w - 1; x += 2) {
      sum += Math.abs(lum(x + 1, y) - lum(x, y)) + Math.abs(lum(x, y + 1) - lum(x, y));
      n++;
    }
  }
  return sum / n;
}

describe("procedural backend", { timeout: 60_000 }, () => {
  it("is deterministic: same request and seed, same pixels; another seed, other pixels", async () => {
    const backend = new ProceduralBackend();
    const [a] = await backend.render(request());
    const [b] = await backend.render(request());
    const [c] = await backend.render(request({ seed: 43 }));
    if (!a || !b || !c) throw new Error("no image");
    expect(a.data.length).toBe(240 * 300 * 3);
    expect(digest(a)).toBe(digest(b));
    expect(digest(a)).not.toBe(digest(c));
  });

  it("returns distinct variants, reports progress and honours abort", async () => {
    const backend = new ProceduralBackend();
    const stages: number[] = [];
    const images = await backend.render(request({ variants: 3 }), {
      onProgress: (p) => stages.push(p.step),
    });
    expect(images).toHaveLength(3);
    expect(new Set(images.map(digest)).size).toBe(3);
    expect(stages.at(-1)).toBe(3);
    const controller = new AbortController();
    controller.abort();
    await expect(backend.render(request(), { signal: controller.signal })).rejects.toThrow();
  });

  it("picks festive motifs for 国风 prompts and studio shapes for product shots", () => {
    expect(familiesFor("国风，明月，暖色灯笼，中秋月饼礼盒")[0]).toBe("festive");
    expect(familiesFor("minimalist studio product shot")[0]).toBe("shapes");
    expect(familiesFor("warm golden hour")[0]).toBe("light");
  });

  it("keeps calm zones free of motifs: grain and gradient only", () => {
    const zone = { x: 20, y: 20, width: 200, height: 110 };
    for (const family of Object.keys(FAMILIES) as FamilyName[]) {
      const img = renderProcedural(
        request({ width: 240, height: 300, calmZones: [zone] }),
        0,
        family,
      );
      const calm = busyness(img, zone.x, zone.y, zone.width, zone.height);
      // Grain alone measures ~3.5 (two neighbour steps of ±2.5 noise); an edge of a motif adds far more.
      expect(calm, family).toBeLessThan(5);
      if (family === "shapes" || family === "festive") {
        expect(calm, family).toBeLessThan(busyness(img, 0, 0, 240, 300));
      }
    }
  });

  it("renders a print-size background in reasonable time", () => {
    const t0 = performance.now();
    const img = renderProcedural(request({ width: 2480, height: 3508 }), 0);
    expect(img.data.length).toBe(2480 * 3508 * 3);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
