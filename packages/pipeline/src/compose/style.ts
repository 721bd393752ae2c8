import type { BrandColors, Box, LayoutElement, PosterLayout, TextKind } from "@hyperposter/domain";
import type { RgbImage } from "../image-backend/types";
import { percentile, percentiles, sampleLuminance } from "./backdrop";
import { type Rgb, contrastRatio, hexToRgb, luminanceOf, mix, rgbToHex } from "./color";
import type { Plan, PlannedText } from "./plan";
import { lightDirection } from "./product";

export type UnderlayChoice = "auto" | "none" | "scrim" | "panel";

export interface StyleOptions {
  /** "auto" adds an underlay only when no text colour reaches the threshold. */
  underlay?: UnderlayChoice;
  /** Forces a text colour (tests use it to build a deliberately bad layout). */
  textColor?: string;
  /** Mean luminance of the logo's opaque pixels, to decide on a plate. */
  logoLuminance?: number;
}

/** WCAG 2.2: large text is ≥ 24 px, or ≥ 18.66 px when bold. */
export function contrastThreshold(size: number, weight: number): number {
  return size >= 24 || (weight >= 700 && size >= 18.66) ? 3 : 4.5;
}

// Composer targets sit above the gate's thresholds so that anti-aliased glyph
// edges and grain do not push a measured result under the line.
const MARGIN = 1.2;

const WHITE: Rgb = [255, 255, 255];
const INK: Rgb = [17, 17, 17];

function pickColour(
  candidates: Rgb[],
  lums: Float64Array,
  target: number,
): { colour: Rgb; ratio: number; ok: boolean } {
  // The darkest and brightest few percent decide: text must clear both.
  const [lo = 0, hi = 0] = percentiles(lums, [2, 98]);
  let best = { colour: candidates[0] ?? WHITE, ratio: 0, ok: false };
  for (const c of candidates) {
    const l = luminanceOf(c);
    const ratio = Math.min(contrastRatio(l, lo), contrastRatio(l, hi));
    if (ratio >= target) return { colour: c, ratio, ok: true };
    if (ratio > best.ratio) best = { colour: c, ratio, ok: false };
  }
  return best;
}

const pad = (b: Box, p: number): Box => ({
  x: b.x - p,
  y: b.y - p,
  width: b.width + 2 * p,
  height: b.height + 2 * p,
});

function union(boxes: Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return {
    x,
    y,
    width: Math.max(...boxes.map((b) => b.x + b.width)) - x,
    height: Math.max(...boxes.map((b) => b.y + b.height)) - y,
  };
}

/** An underlay under all text blocks: a scrim from the nearer edge, or a card. */
function makeUnderlay(
  plan: Plan,
  kind: "scrim" | "panel",
  dark: boolean,
  brand: BrandColors,
  opacity: number,
): LayoutElement {
  const f = plan.format;
  const blocks = [
    ...(plan.headline ? [plan.headline.box] : []),
    ...(plan.subline ? [plan.subline.box] : []),
    plan.cta.button,
  ];
  const block = union(blocks);
  const tint = dark
    ? mix(hexToRgb(brand.primary), [0, 0, 0], 0.65)
    : mix(hexToRgb(brand.background), WHITE, 0.5);
  const serves: TextKind[] = [
    ...(plan.headline ? (["headline"] as const) : []),
    ...(plan.subline ? (["subline"] as const) : []),
    "cta",
  ];
  const unit = Math.min(f.width, f.height);
  if (kind === "scrim" && plan.geometry.anchor !== "center") {
    const fade = Math.max(block.height * 0.6, unit * 0.12);
    const fromBottom = block.y + block.height / 2 > f.height / 2;
    const box = fromBottom
      ? {
          x: 0,
          y: Math.max(0, block.y - fade),
          width: f.width,
          height: f.height - Math.max(0, block.y - fade),
        }
      : { x: 0, y: 0, width: f.width, height: Math.min(f.height, block.y + block.height + fade) };
    const gradient = fromBottom
      ? { y0: box.y, y1: block.y - unit * 0.02 }
      : { y0: box.y + box.height, y1: block.y + block.height + unit * 0.02 };
    return {
      kind: "underlay",
      style: "scrim",
      box,
      color: rgbToHex(tint),
      opacity,
      gradient,
      serves,
    };
  }
  const p = Math.max(8, unit * 0.035);
  const box = pad(block, p);
  // Cards stay inside the canvas; text inside stays put.
  const x = Math.max(0, box.x);
  const y = Math.max(0, box.y);
  const clipped = {
    x,
    y,
    width: Math.min(f.width, box.x + box.width) - x,
    height: Math.min(f.height, box.y + box.height) - y,
  };
  return {
    kind: "underlay",
    style: "panel",
    box: clipped,
    color: rgbToHex(tint),
    opacity,
    radius: Math.min(p * 1.2, 28),
    serves,
  };
}

function textElement(t: PlannedText, colour: Rgb): LayoutElement {
  return {
    kind: t.kind,
    box: t.box,
    text: t.text,
    lines: t.lines.map((l, i) => ({
      ...l,
      x: t.origins[i]?.x ?? l.box.x,
      baseline: t.origins[i]?.y ?? l.box.y,
    })),
    fontFamily: t.stack.families,
    fontWeight: t.stack.weight,
    fontSize: t.set.size,
    color: rgbToHex(colour),
  };
}

/** Button fill and label: brand accent first, adjusted until the label reads. */
function styleButton(
  plan: Plan,
  brand: BrandColors,
  bg: RgbImage,
  under: LayoutElement[],
): LayoutElement {
  const t = plan.cta;
  const target = contrastThreshold(t.set.size, t.stack.weight) * MARGIN;
  const around = percentile(sampleLuminance(bg, t.button, under, 800), 50);
  const options = [brand.accent, brand.primary, brand.text].map(hexToRgb);
  let chosen: { fill: Rgb; label: Rgb } | undefined;
  // Brand colours as they are first (accent, then primary, then text colour);
  // only then walk a fill toward black or white until its label reads. The
  // button must also part from the image behind it: hue carries part of that,
  // so a luminance step of 1.25 is enough.
  for (let k = 0; k <= 6 && !chosen; k++) {
    for (const base of options) {
      for (const toward of k === 0 ? [INK] : [INK, WHITE]) {
        const fill = mix(base, toward, k * 0.12);
        const lf = luminanceOf(fill);
        const label = contrastRatio(lf, 1) >= contrastRatio(lf, luminanceOf(INK)) ? WHITE : INK;
        const stands = contrastRatio(lf, around) >= 1.25;
        if (contrastRatio(lf, luminanceOf(label)) >= target && stands) {
          chosen = { fill, label };
          break;
        }
      }
      if (chosen) break;
    }
  }
  const fill = chosen?.fill ?? (around > 0.3 ? INK : WHITE);
  const label = chosen?.label ?? (around > 0.3 ? WHITE : INK);
  return {
    ...textElement(t, label),
    box: t.button,
    fill: rgbToHex(fill),
    style: "button",
    radius: t.button.height / 2,
  };
}

/**
 * Chooses text colours, underlays and button colours from the pixels under
 * each block so that every block meets WCAG contrast at its worst pixels.
 */
export function styleLayout(
  plan: Plan,
  bg: RgbImage,
  brand: BrandColors,
  options: StyleOptions = {},
): PosterLayout {
  const mode = options.underlay ?? "auto";
  const texts = [
    ...(plan.headline ? [plan.headline] : []),
    ...(plan.subline ? [plan.subline] : []),
  ];
  const brandText = hexToRgb(brand.text);
  const candidates = options.textColor
    ? [hexToRgb(options.textColor)]
    : [brandText, hexToRgb(brand.primary), WHITE, INK, hexToRgb(brand.background)];
  const targetOf = (t: PlannedText) => contrastThreshold(t.set.size, t.stack.weight) * MARGIN;

  const tryWith = (under: LayoutElement[]) =>
    texts.map((t) =>
      pickColour(candidates, sampleLuminance(bg, pad(t.box, 2), under, 1000), targetOf(t)),
    );

  let underlays: LayoutElement[] = [];
  let picks = tryWith(underlays);
  const needs =
    mode === "scrim" || mode === "panel" || (mode === "auto" && picks.some((p) => !p.ok));
  if (needs) {
    const kind = mode === "scrim" || mode === "panel" ? mode : plan.geometry.preferredUnderlay;
    const meanLum = percentile(sampleLuminance(bg, (plan.headline ?? plan.cta).box, [], 600), 50);
    const dark =
      meanLum < 0.35 ||
      (options.textColor !== undefined && luminanceOf(hexToRgb(options.textColor)) > 0.5);
    for (const opacity of [0.55, 0.7, 0.82, 0.92]) {
      underlays = [makeUnderlay(plan, kind, dark, brand, opacity)];
      picks = tryWith(underlays);
      if (picks.every((p) => p.ok)) break;
    }
  }

  const elements: LayoutElement[] = [...underlays];
  const logoPlate = plan.logo
    ? plateFor(plan.logo, bg, underlays, options.logoLuminance)
    : undefined;
  if (logoPlate) elements.push(logoPlate);
  if (plan.logo) elements.push({ kind: "logo", box: plan.logo });
  if (plan.product)
    elements.push({ kind: "product", box: plan.product, light: lightDirection(bg, plan.product) });
  texts.forEach((t, i) => elements.push(textElement(t, picks[i]?.colour ?? WHITE)));
  elements.push(styleButton(plan, brand, bg, underlays));
  const f = plan.format;
  return {
    format: f.name,
    width: f.width,
    height: f.height,
    template: plan.template,
    safeArea: f.safeArea,
    elements,
    ...(plan.dropped?.length ? { dropped: plan.dropped } : {}),
  };
}

/** A quiet plate behind the logo when the artwork would vanish into the image. */
function plateFor(
  logo: Box,
  bg: RgbImage,
  under: LayoutElement[],
  logoLum?: number,
): LayoutElement | undefined {
  if (logoLum === undefined) return undefined;
  const around = percentile(sampleLuminance(bg, logo, under, 800), 50);
  if (contrastRatio(logoLum, around) >= 2) return undefined;
  const p = Math.max(3, logo.height * 0.15);
  const light = logoLum < 0.3;
  const box = pad(logo, p);
  return {
    kind: "underlay",
    style: "panel",
    box,
    color: light ? "#FFFFFF" : "#141414",
    opacity: 0.85,
    radius: p * 1.5,
    serves: ["logo"],
  };
}
