import { FORMATS, type PosterLayout, QualityResult } from "@hyperposter/domain";
import { describe, expect, it } from "vitest";
import { backgroundCanvas, composePoster } from "../../src/compose";
import { FONT_CATALOG } from "../../src/fonts";
import type { RgbImage } from "../../src/image-backend";
import { nextAttempt } from "../../src/poster/attempts";
import {
  checkOverlap,
  checkSafeArea,
  measureReadability,
  readShare,
  runGate,
} from "../../src/quality";

const inter = (() => {
  const f = FONT_CATALOG.find((x) => x.name === "Inter");
  if (!f) throw new Error("catalog lacks Inter");
  return f;
})();
const format = FORMATS["banner-medium-rectangle"];
const brand = {
  primary: "#3B2314",
  secondary: "#C8A27A",
  accent: "#E4572E",
  background: "#F6EFE6",
  text: "#1B1B1B",
};
const copy = { headline: "Cold Brew Weekend", subline: "Buy one, get one free", cta: "Order now" };

/** Hard black/white stripes: the worst background text can sit on. */
function stripes(width: number, height: number, period = 6): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      data.fill(
        Math.floor((x + y) / period) % 2 ? 250 : 5,
        (y * width + x) * 3,
        (y * width + x) * 3 + 3,
      );
  }
  return { width, height, data };
}

function flat(width: number, height: number, v = 240): RgbImage {
  return { width, height, data: new Uint8Array(width * height * 3).fill(v) };
}

async function gate(bg: RgbImage, style: Parameters<typeof composePoster>[2], ocr = true) {
  const input = {
    format,
    copy,
    brand,
    heading: inter,
    body: inter,
    template: "centered-card" as const,
  };
  const composed = await composePoster(input, bg, style);
  const quality = await runGate({
    layout: composed.layout,
    canvas: composed.canvas,
    background: bg,
    backgroundCanvas: await backgroundCanvas(bg),
    ocr,
  });
  return { composed, quality: QualityResult.parse(quality) };
}

describe("quality gate", { timeout: 60_000 }, () => {
  it("fails a deliberately bad layout (grey text, no underlay, busy stripes) and passes the repair", async () => {
    const bg = stripes(format.width, format.height);
    const bad = await gate(bg, { underlay: "none", textColor: "#808080" });
    expect(bad.quality.passed).toBe(false);
    expect(bad.quality.contrast.every((c) => c.passed)).toBe(false);
    expect(bad.quality.readability.passed).toBe(false);
    expect(bad.quality.reasons.some((r) => r.startsWith("contrast"))).toBe(true);

    const tried = [
      { template: "centered-card" as const, underlay: "none" as const, scale: 1, action: "bad" },
    ];
    const repair = nextAttempt(format, tried, bad.quality);
    expect(repair?.underlay).toBe("panel");
    const fixed = await gate(bg, { underlay: repair?.underlay ?? "panel" });
    expect(fixed.quality.reasons).toEqual([]);
    expect(fixed.quality.passed).toBe(true);
    for (const c of fixed.quality.contrast) expect(c.ratio).toBeGreaterThanOrEqual(c.threshold);
    expect(fixed.quality.ocr.skipped).toBe(false);
    expect(fixed.quality.ocr.share).toBeGreaterThanOrEqual(0.95);
  });

  it("measures contrast under the glyphs, not the box mean", async () => {
    const { quality } = await gate(
      flat(format.width, format.height, 240),
      { underlay: "none" },
      false,
    );
    const headline = quality.contrast.find((c) => c.element === "headline");
    // Near-black brand text on a flat light grey: the worst pixel equals the mean.
    expect(headline?.ratio).toBeGreaterThan(12);
    expect(Math.abs((headline?.ratio ?? 0) - (headline?.meanRatio ?? 0))).toBeLessThan(0.5);
  });

  it("flags elements outside the safe area and overlapping ones", async () => {
    const { composed } = await gate(flat(format.width, format.height), {}, false);
    const layout: PosterLayout = structuredClone(composed.layout);
    expect(checkSafeArea(layout).passed).toBe(true);
    expect(checkOverlap(layout).passed).toBe(true);
    const cta = layout.elements.find((e) => e.kind === "cta");
    const headline = layout.elements.find((e) => e.kind === "headline");
    if (!cta || !headline) throw new Error("layout lacks elements");
    cta.box = { ...headline.box };
    headline.box = { ...headline.box, x: 2 };
    expect(checkOverlap(layout).findings.join()).toMatch(
      /headline overlaps cta|cta overlaps headline/,
    );
    expect(checkSafeArea(layout).findings.join()).toMatch(/headline leaves the safe area \(left/);
  });

  it("computes PosterLayout Rea and the unnormalised gradient; an underlay removes text from it", async () => {
    const bg = stripes(format.width, format.height, 10);
    const { composed } = await gate(bg, { underlay: "none", textColor: "#808080" }, false);
    const open = await measureReadability(composed.layout, bg);
    expect(open.rea).toBeGreaterThan(0);
    expect(open.rea).toBeLessThanOrEqual(1);
    expect(open.gradient).toBeGreaterThan(open.threshold);
    const calm = await measureReadability(composed.layout, flat(format.width, format.height));
    expect(calm.gradient).toBe(0);
    const covered = await gate(bg, { underlay: "panel" }, false);
    expect((await measureReadability(covered.composed.layout, bg)).gradient).toBe(0);
  });

  it("scores OCR read-back by characters in order, ignoring spaces, case and punctuation", () => {
    expect(readShare("Cold Brew, Warm Weekend", "COLDBREW WARMWEEKEND")).toBe(1);
    expect(readShare("满300减50！", "满300减50")).toBe(1);
    expect(readShare("Order now", "Ordr now")).toBeCloseTo(7 / 8, 5);
    expect(readShare("月圆人团圆", "")).toBe(0);
  });
});
