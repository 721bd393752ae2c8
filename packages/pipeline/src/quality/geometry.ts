import type { Box, GeometryCheck, PosterLayout } from "@hyperposter/domain";

// Ink boxes come from font metrics: allow half a pixel of rounding.
const TOLERANCE = 0.5;

/** Every text, CTA and logo box lies inside the format's safe area. */
export function checkSafeArea(layout: PosterLayout): GeometryCheck {
  const s = layout.safeArea;
  const left = s.left - TOLERANCE;
  const top = s.top - TOLERANCE;
  const right = layout.width - s.right + TOLERANCE;
  const bottom = layout.height - s.bottom + TOLERANCE;
  const findings: string[] = [];
  for (const e of layout.elements) {
    // The product has its own check (quality/product.ts).
    if (e.kind === "underlay" || e.kind === "product") continue;
    const b = e.box;
    const out = [
      b.x < left ? `left by ${(left - b.x).toFixed(1)} px` : "",
      b.y < top ? `top by ${(top - b.y).toFixed(1)} px` : "",
      b.x + b.width > right ? `right by ${(b.x + b.width - right).toFixed(1)} px` : "",
      b.y + b.height > bottom ? `bottom by ${(b.y + b.height - bottom).toFixed(1)} px` : "",
    ].filter(Boolean);
    if (out.length) findings.push(`${e.kind} leaves the safe area (${out.join(", ")})`);
  }
  return { passed: findings.length === 0, findings };
}

export function intersection(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** No two of headline, subline, CTA and logo overlap (underlays may sit under text). */
export function checkOverlap(layout: PosterLayout): GeometryCheck {
  const items = layout.elements.filter((e) => e.kind !== "underlay" && e.kind !== "product");
  const findings: string[] = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i];
      const b = items[j];
      if (!a || !b) continue;
      const area = intersection(a.box, b.box);
      if (area > 1) findings.push(`${a.kind} overlaps ${b.kind} by ${Math.round(area)} px²`);
    }
  }
  return { passed: findings.length === 0, findings };
}
