import type {
  Box,
  DroppedCopy,
  FormatSpec,
  PosterCopy,
  TemplateName,
  TextKind,
} from "@hyperposter/domain";
import { createCanvas } from "@napi-rs/canvas";
import type { DrawFamily } from "../fonts/uploaded";
import { type FontStack, cssFont, fontStack } from "../fonts/resolve";
import type { Rect } from "../image-backend/types";
import { type SetText, fitText } from "./fit";
import { measureRuns } from "./runs";
import { type TemplateGeometry, geometry, isSmallBanner, productAloneGeometry } from "./templates";

export interface PlannedText {
  kind: TextKind;
  text: string;
  stack: FontStack;
  set: SetText;
  align: "left" | "center";
  /** Baseline origin of each line (x is the line's left edge). */
  origins: Array<{ x: number; y: number }>;
  lines: Array<{ text: string; box: Box }>;
  box: Box;
}

export interface Plan {
  format: FormatSpec;
  template: TemplateName;
  geometry: TemplateGeometry;
  /** Absent only when a small banner shows the product alone (see `dropped`). */
  headline?: PlannedText;
  subline?: PlannedText;
  cta: PlannedText & { button: Box };
  logo?: Box;
  /** Where the product photo stands (the cut-out's box, shadows not included). */
  product?: Box;
  /** Text column plus logo: where the background should stay calm. */
  calmZones: Rect[];
  /** Characters of the copy no registered font draws. */
  missing: string[];
  warnings: string[];
  /** Copy fields the template has no room for on this format, with the reason. */
  dropped?: DroppedCopy[];
}

export interface PlanInput {
  format: FormatSpec;
  copy: PosterCopy;
  heading: DrawFamily;
  body: DrawFamily;
  template: TemplateName;
  /** Type scale factor a repair may lower (1 = largest that fits). */
  scale?: number;
  /** Width / height of the logo artwork, when there is one. */
  logoAspect?: number;
  /** Width / height of the product cut-out, when the poster shows one. */
  productAspect?: number;
}

/** Share of the poster's area a product aims for (less when its region is smaller). */
export const PRODUCT_SHARE = 0.2;

/** A small banner showing the product alone lets it take more of the poster. */
export const PRODUCT_ALONE_SHARE = 0.36;

const HEADLINE_OVERFLOW = "headline does not fit even at the smallest size";

/** The product's box: as large as its region allows up to the target share, standing on its anchor. */
export function fitProduct(
  g: TemplateGeometry,
  f: FormatSpec,
  aspect: number,
  share = PRODUCT_SHARE,
): Box | undefined {
  const region = g.product;
  if (!region || region.width <= 0 || region.height <= 0) return undefined;
  // Room under the product for its contact shadow.
  const room = g.productAnchor === "bottom" ? region.height * 0.05 : 0;
  let width = region.width;
  let height = width / aspect;
  if (height > region.height - room) {
    height = region.height - room;
    width = height * aspect;
  }
  const maxArea = share * f.width * f.height;
  if (width * height > maxArea) {
    const k = Math.sqrt(maxArea / (width * height));
    width *= k;
    height *= k;
  }
  const x = region.x + (region.width - width) / 2;
  const y =
    g.productAnchor === "bottom"
      ? region.y + region.height - room - height
      : region.y + (region.height - height) / 2;
  return { x, y, width, height };
}

const measureCtx = createCanvas(4, 4).getContext("2d");

function inkOf(stack: FontStack, size: number, text: string) {
  return measureRuns(measureCtx, cssFont(stack, size), size, text);
}

const union = (boxes: Box[]): Box => {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const r = Math.max(...boxes.map((b) => b.x + b.width));
  const bt = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: r - x, height: bt - y };
};

/** Places set lines with their top at `top` inside [left, left + width]. */
function place(
  kind: TextKind,
  text: string,
  stack: FontStack,
  set: SetText,
  align: "left" | "center",
  left: number,
  width: number,
  top: number,
): PlannedText {
  const pitch = set.size * set.lineHeight;
  const origins: Array<{ x: number; y: number }> = [];
  const lines = set.lines.map((line, i) => {
    const ink = inkOf(stack, set.size, line);
    const x = align === "center" ? left + (width - ink.width) / 2 : left;
    const y = top + i * pitch + (pitch - set.size) / 2 + set.size * 0.86;
    origins.push({ x, y });
    return {
      text: line,
      box: { x, y: y - ink.ascent, width: ink.width, height: ink.ascent + ink.descent },
    };
  });
  return { kind, text, stack, set, align, origins, lines, box: union(lines.map((l) => l.box)) };
}

const blockHeight = (set: SetText) => set.lines.length * set.size * set.lineHeight;
const isCjk = (s: string) => /\p{Script=Han}/u.test(s);

/**
 * Lays out headline, subline, CTA and logo for one format and template,
 * before any pixel exists: the result also gives the background its calm zones.
 */
export function planLayout(input: PlanInput): Plan {
  const planned = planTexts(input);
  const f = input.format;
  const size = `${f.width}×${f.height}`;
  // A small banner whose headline cannot be set beside the product even at the
  // smallest legible size shows the product alone, with the logo and the CTA.
  const p =
    input.productAspect !== undefined &&
    isSmallBanner(f, input.template) &&
    planned.warnings.includes(HEADLINE_OVERFLOW)
      ? planProductAlone(input, planned)
      : planned;
  if (!p.headline) return p;
  const { subline } = input.copy;
  if (!subline || p.subline) return p;
  return {
    ...p,
    dropped: [
      {
        field: "subline",
        text: subline,
        ...(p.geometry.flow === "row"
          ? {
              reason: `The ${size} ${f.label} has room for the subline only on a second line under the headline, at ${p.geometry.bodyMinSize} px or larger; this subline does not fit there, so it is not shown. A shorter subline would be.`,
              reasonZh: `${size} 尺寸只能把副标题放在标题下方第二行（不小于 ${p.geometry.bodyMinSize} 像素）；这条副标题放不下，未显示。更短的副标题可以显示。`,
            }
          : {
              reason: `The ${size} ${f.label} layout has room for the headline and the call to action only; the subline is not shown.`,
              reasonZh: `${size} 尺寸的版式只放得下标题和行动按钮，副标题未显示。`,
            }),
      },
    ],
  };
}

function planTexts(input: PlanInput): Plan {
  const g = geometry(input.format, input.template, input.productAspect !== undefined);
  const product =
    input.productAspect !== undefined
      ? fitProduct(g, input.format, input.productAspect)
      : undefined;
  const scale = input.scale ?? 1;
  const { copy } = input;
  const headStack = fontStack(input.heading, isCjk(copy.headline) ? 900 : 800, copy.headline);
  const bodyText = `${copy.subline ?? ""}${copy.cta}`;
  const bodyStack = fontStack(input.body, 500, bodyText);
  const ctaStack = fontStack(input.body, 700, copy.cta);
  const missing = [...new Set([...headStack.missing, ...bodyStack.missing, ...ctaStack.missing])];
  const warnings = missing.map((c) => `no font covers "${c}"`);
  const lineHeight = (s: string) => (isCjk(s) ? 1.22 : 1.1);
  const logo = input.logoAspect
    ? fitLogo(g.logo, input.logoAspect, g.align, input.format)
    : undefined;
  const subline = g.showSubline ? copy.subline : undefined;

  if (g.flow === "row") {
    const row = planRow(input, g, headStack, ctaStack, bodyStack, logo, warnings, missing);
    return product ? { ...row, product, calmZones: [...row.calmZones, product] } : row;
  }

  let maxSize = g.headlineMaxSize * scale;
  for (let attempt = 0; ; attempt++) {
    const head = fitText({
      text: copy.headline,
      stack: headStack,
      maxWidth: g.column.width,
      maxHeight: g.column.height * (subline ? 0.58 : 0.7),
      maxLines: g.headlineMaxLines,
      minSize: g.headlineMinSize,
      maxSize: Math.max(g.headlineMinSize, maxSize),
      lineHeight: lineHeight(copy.headline) - 0.02,
    });
    const bodySize = Math.max(g.bodyMinSize, Math.min(head.size * 0.38, g.headlineMaxSize * 0.34));
    const sub = subline
      ? fitText({
          text: subline,
          stack: bodyStack,
          maxWidth: g.column.width * 0.95,
          maxHeight: bodySize * 1.35 * 3,
          maxLines: 3,
          minSize: g.bodyMinSize,
          maxSize: bodySize,
          lineHeight: 1.35,
        })
      : undefined;
    const ctaSize = Math.max(g.bodyMinSize, Math.min(head.size * 0.34, bodySize * 0.95));
    const label = fitText({
      text: copy.cta,
      stack: ctaStack,
      maxWidth: g.column.width - ctaSize * 1.8,
      maxHeight: ctaSize * 1.2,
      maxLines: 1,
      minSize: g.bodyMinSize,
      maxSize: ctaSize,
      lineHeight: 1.2,
    });
    const padX = label.size * 0.95;
    const padY = label.size * 0.6;
    const buttonH = label.size * 1.2 + padY * 2;
    const gap1 = sub ? head.size * 0.32 : 0;
    const gap2 = Math.max(head.size * 0.4, label.size * 1.1);
    const total = blockHeight(head) + (sub ? gap1 + blockHeight(sub) : 0) + gap2 + buttonH;
    if (total > g.column.height && attempt < 12 && maxSize > g.headlineMinSize) {
      maxSize = Math.max(g.headlineMinSize, Math.min(maxSize, head.size) * 0.9);
      continue;
    }
    const col = g.column;
    let top = col.y;
    if (g.anchor === "center") top = col.y + (col.height - total) / 2;
    if (g.anchor === "bottom") top = col.y + col.height - total;
    const headline = place(
      "headline",
      copy.headline,
      headStack,
      head,
      g.align,
      col.x,
      col.width,
      top,
    );
    let y = top + blockHeight(head);
    let sublineText: PlannedText | undefined;
    if (sub && subline) {
      y += gap1;
      sublineText = place("subline", subline, bodyStack, sub, g.align, col.x, col.width, y);
      y += blockHeight(sub);
    }
    y += gap2;
    const labelW = inkOf(ctaStack, label.size, label.lines.join(" ")).width;
    const bw = labelW + padX * 2;
    const bx = g.align === "center" ? col.x + (col.width - bw) / 2 : col.x;
    const labelText = place("cta", copy.cta, ctaStack, label, "center", bx, bw, y + padY);
    const cta = { ...labelText, button: { x: bx, y, width: bw, height: buttonH } };
    const textBlock: Rect = { x: col.x, y: top, width: col.width, height: total };
    return {
      format: input.format,
      template: input.template,
      geometry: g,
      headline,
      ...(sublineText ? { subline: sublineText } : {}),
      cta,
      ...(logo ? { logo } : {}),
      ...(product ? { product } : {}),
      calmZones: [textBlock, ...(logo ? [logo] : []), ...(product ? [product] : [])],
      missing,
      warnings: head.overflow ? [...warnings, HEADLINE_OVERFLOW] : warnings,
    };
  }
}

/** Leaderboard: logo | headline | CTA in one row, all vertically centred. */
function planRow(
  input: PlanInput,
  g: TemplateGeometry,
  headStack: FontStack,
  ctaStack: FontStack,
  bodyStack: FontStack,
  logo: Box | undefined,
  warnings: string[],
  missing: string[],
): Plan {
  // The headline starts a gutter after the logo as drawn, not after the area reserved for it.
  const gutter = Math.max(16, g.column.height * 0.35);
  // With a product between logo and headline, the column stays where the template put it.
  const left = g.product
    ? g.column.x
    : logo
      ? Math.min(g.column.x, logo.x + logo.width + gutter)
      : g.logo.x;
  const col = { ...g.column, x: left, width: g.column.x + g.column.width - left };
  const { copy } = input;
  const label = fitText({
    text: copy.cta,
    stack: ctaStack,
    maxWidth: col.width * 0.3,
    maxHeight: col.height * 0.4,
    maxLines: 1,
    minSize: g.bodyMinSize,
    maxSize: Math.min(18, col.height * 0.3) * (input.scale ?? 1),
    lineHeight: 1.2,
  });
  const labelW = inkOf(ctaStack, label.size, label.lines.join(" ")).width;
  const padX = label.size * 0.9;
  const buttonH = label.size * 1.2 + label.size * 1.1;
  const bw = labelW + padX * 2;
  const bx = col.x + col.width - bw;
  const by = col.y + (col.height - buttonH) / 2;
  const gap = 16;
  const headWidth = bx - gap - col.x;
  const fitRow = (maxLines: number) =>
    fitText({
      text: copy.headline,
      stack: headStack,
      maxWidth: headWidth,
      maxHeight: col.height,
      maxLines,
      minSize: g.headlineMinSize,
      maxSize: g.headlineMaxSize * (input.scale ?? 1),
      lineHeight: isCjk(copy.headline) ? 1.15 : 1.05,
    });
  // A strip reads in one glance: one line unless that would make the type tiny.
  const oneLine = fitRow(1);
  const stacked = copy.subline
    ? stackSubline(input, g, headStack, bodyStack, col, headWidth)
    : undefined;
  if (stacked) {
    const top = col.y + (col.height - stacked.height) / 2;
    const headline = place(
      "headline",
      copy.headline,
      headStack,
      stacked.head,
      "left",
      col.x,
      headWidth,
      top,
    );
    const subline = place(
      "subline",
      copy.subline as string,
      bodyStack,
      stacked.sub,
      "left",
      col.x,
      headWidth,
      top + blockHeight(stacked.head) + stacked.gap,
    );
    return rowPlan(input, g, headline, subline, cta(), logo, col, warnings, missing, false);
  }
  const head =
    !oneLine.overflow && oneLine.size >= Math.max(18, col.height * 0.3)
      ? oneLine
      : fitRow(g.headlineMaxLines);
  const top = col.y + (col.height - blockHeight(head)) / 2;
  const headline = place("headline", copy.headline, headStack, head, "left", col.x, headWidth, top);
  return rowPlan(input, g, headline, undefined, cta(), logo, col, warnings, missing, head.overflow);

  function cta() {
    const labelText = place(
      "cta",
      copy.cta,
      ctaStack,
      label,
      "center",
      bx,
      bw,
      by + (buttonH - label.size * 1.2) / 2,
    );
    return { ...labelText, button: { x: bx, y: by, width: bw, height: buttonH } };
  }
}

function rowPlan(
  input: PlanInput,
  g: TemplateGeometry,
  headline: PlannedText,
  subline: PlannedText | undefined,
  cta: Plan["cta"],
  logo: Box | undefined,
  col: Rect,
  warnings: string[],
  missing: string[],
  overflow: boolean,
): Plan {
  return {
    format: input.format,
    template: input.template,
    geometry: g,
    headline,
    ...(subline ? { subline } : {}),
    cta,
    ...(logo ? { logo } : {}),
    calmZones: [col, ...(logo ? [logo] : [])],
    missing,
    warnings: overflow
      ? [...warnings, "headline does not fit even at the smallest size"]
      : warnings,
  };
}

/**
 * The product alone on a small banner: product, logo and call to action; the
 * headline (and subline) are dropped with a sentence saying why and what fits.
 */
function planProductAlone(input: PlanInput, withHeadline: Plan): Plan {
  const f = input.format;
  const g = productAloneGeometry(f, withHeadline.geometry, input.productAspect ?? 1);
  const product = fitProduct(g, f, input.productAspect ?? 1, PRODUCT_ALONE_SHARE);
  const { copy } = input;
  const ctaStack = fontStack(input.body, 700, copy.cta);
  const col = g.column;
  const unit = Math.min(f.width, f.height);
  const target =
    g.flow === "row" ? Math.min(18, col.height * 0.3) : Math.min(col.height * 0.34, unit * 0.085);
  const maxSize = Math.max(g.bodyMinSize, target * (input.scale ?? 1));
  const label = fitText({
    text: copy.cta,
    stack: ctaStack,
    maxWidth: col.width - maxSize * 1.9,
    maxHeight: col.height * 0.6,
    maxLines: 1,
    minSize: g.bodyMinSize,
    maxSize,
    lineHeight: 1.2,
  });
  const padX = label.size * 0.95;
  const padY = label.size * 0.6;
  const buttonH = label.size * 1.2 + padY * 2;
  const bw = inkOf(ctaStack, label.size, label.lines.join(" ")).width + padX * 2;
  const bx = g.flow === "row" ? col.x + col.width - bw : col.x + (col.width - bw) / 2;
  const by =
    g.flow === "row" || g.anchor === "center"
      ? col.y + (col.height - buttonH) / 2
      : col.y + col.height - buttonH;
  const labelText = place("cta", copy.cta, ctaStack, label, "center", bx, bw, by + padY);
  const button = { x: bx, y: by, width: bw, height: buttonH };
  const size = `${f.width}×${f.height}`;
  const dropped: DroppedCopy[] = [
    {
      field: "headline",
      text: copy.headline,
      reason: `The ${size} ${f.label} has no room for this headline beside the product even at the smallest legible size; it shows the product, the logo and the call to action. A shorter headline is shown with the product.`,
      reasonZh: `${size} 尺寸放不下商品旁的这条标题（已是最小可读字号），因此只显示商品、标志和行动按钮。缩短标题即可与商品一同显示。`,
    },
  ];
  if (copy.subline)
    dropped.push({
      field: "subline",
      text: copy.subline,
      reason: `The ${size} ${f.label} shows the product alone; the subline is not shown.`,
      reasonZh: `${size} 尺寸只显示商品，副标题未显示。`,
    });
  const { logo } = withHeadline;
  return {
    format: f,
    template: input.template,
    geometry: g,
    cta: { ...labelText, button },
    ...(logo ? { logo } : {}),
    ...(product ? { product } : {}),
    calmZones: [button, ...(logo ? [logo] : []), ...(product ? [product] : [])],
    missing: ctaStack.missing,
    warnings: [
      ...ctaStack.missing.map((c) => `no font covers "${c}"`),
      ...(label.overflow ? ["call to action does not fit even at the smallest size"] : []),
    ],
    dropped,
  };
}

/**
 * A strip keeps its subline when headline and subline each fit on one line,
 * stacked, the subline at no less than the format's smallest legible size;
 * otherwise the subline is dropped (and reported).
 */
function stackSubline(
  input: PlanInput,
  g: TemplateGeometry,
  headStack: FontStack,
  bodyStack: FontStack,
  col: Rect,
  width: number,
): { head: SetText; sub: SetText; gap: number; height: number } | undefined {
  const { copy } = input;
  if (!copy.subline) return undefined;
  const scale = input.scale ?? 1;
  const sub = fitText({
    text: copy.subline,
    stack: bodyStack,
    maxWidth: width,
    maxHeight: col.height * 0.4,
    maxLines: 1,
    minSize: g.bodyMinSize,
    maxSize: Math.max(g.bodyMinSize, Math.min(16, col.height * 0.22) * scale),
    lineHeight: 1.2,
  });
  if (sub.overflow || sub.size < g.bodyMinSize) return undefined;
  const gap = Math.max(2, col.height * 0.05);
  const head = fitText({
    text: copy.headline,
    stack: headStack,
    maxWidth: width,
    maxHeight: col.height - blockHeight(sub) - gap,
    maxLines: 1,
    minSize: g.headlineMinSize,
    maxSize: g.headlineMaxSize * 0.8 * scale,
    lineHeight: isCjk(copy.headline) ? 1.15 : 1.05,
  });
  // The headline stays the larger line by a clear step, or the strip loses its hierarchy.
  if (head.overflow || head.size < sub.size * 1.25) return undefined;
  const height = blockHeight(head) + gap + blockHeight(sub);
  if (height > col.height) return undefined;
  return { head, sub, gap, height };
}

function fitLogo(area: Rect, aspect: number, align: "left" | "center", f: FormatSpec): Box {
  let width = area.width;
  let height = width / aspect;
  if (height > area.height) {
    height = area.height;
    width = height * aspect;
  }
  const centered = align === "center" && area.x + area.width / 2 === f.width / 2;
  const x = centered ? area.x + (area.width - width) / 2 : area.x;
  return { x, y: area.y + (area.height - height) / 2, width, height };
}
