import type { ContrastCheck, LayoutElement, PosterLayout, TextKind } from "@hyperposter/domain";
import { createCanvas } from "@napi-rs/canvas";
import { percentile } from "../compose/backdrop";
import { contrastRatio, hexToRgb, luminance, luminanceOf } from "../compose/color";
import { drawText } from "../compose/draw";
import { contrastThreshold } from "../compose/style";

const TEXT_KINDS = new Set<string>(["headline", "subline", "cta"]);

export function textElements(layout: PosterLayout): LayoutElement[] {
  return layout.elements.filter((e) => TEXT_KINDS.has(e.kind) && (e.lines?.length ?? 0) > 0);
}

/**
 * WCAG contrast of each text block against the pixels actually under its
 * glyphs (the poster drawn without text): the text is rendered alone as a
 * mask, and the 5th percentile of the per-pixel ratio is the figure gated on,
 * so a bright patch under a few letters fails even when the mean passes.
 */
export function measureContrast(
  layout: PosterLayout,
  backdrop: Uint8ClampedArray,
): ContrastCheck[] {
  const out: ContrastCheck[] = [];
  for (const e of textElements(layout)) {
    const lines = e.lines ?? [];
    const x0 = Math.max(0, Math.floor(Math.min(...lines.map((l) => l.box.x)) - 2));
    const y0 = Math.max(0, Math.floor(Math.min(...lines.map((l) => l.box.y)) - 2));
    const x1 = Math.min(
      layout.width,
      Math.ceil(Math.max(...lines.map((l) => l.box.x + l.box.width)) + 2),
    );
    const y1 = Math.min(
      layout.height,
      Math.ceil(Math.max(...lines.map((l) => l.box.y + l.box.height)) + 2),
    );
    const w = Math.max(1, x1 - x0);
    const h = Math.max(1, y1 - y0);
    const mask = createCanvas(w, h);
    const ctx = mask.getContext("2d");
    ctx.translate(-x0, -y0);
    drawText(ctx, e, "#FFFFFF");
    const alpha = ctx.getImageData(0, 0, w, h).data;
    const textLum = luminanceOf(hexToRgb(e.color ?? "#000000"));
    const ratios: number[] = [];
    // Large masks are sampled on a grid: percentiles need thousands, not millions.
    const step = Math.max(1, Math.floor(Math.sqrt((w * h) / 60000)));
    for (let y = 0; y < h; y += step) {
      for (let x = 0; x < w; x += step) {
        if ((alpha[(y * w + x) * 4 + 3] ?? 0) < 128) continue;
        const i = ((y + y0) * layout.width + (x + x0)) * 4;
        const l = luminance(backdrop[i] ?? 0, backdrop[i + 1] ?? 0, backdrop[i + 2] ?? 0);
        ratios.push(contrastRatio(textLum, l));
      }
    }
    const ratio = percentile(ratios, 5);
    const meanRatio = ratios.length ? ratios.reduce((a, b) => a + b, 0) / ratios.length : 0;
    const threshold = contrastThreshold(e.fontSize ?? 0, e.fontWeight ?? 400);
    out.push({
      element: e.kind as TextKind,
      ratio: round(ratio),
      meanRatio: round(meanRatio),
      threshold,
      passed: ratios.length > 0 && ratio >= threshold,
    });
  }
  return out;
}

const round = (n: number) => Math.round(n * 100) / 100;
