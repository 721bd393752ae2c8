import { z } from "zod";
import { FormatName, SafeArea } from "./formats";
import { PosterCopy } from "./rephrased";

/** A pixel rectangle on the asset; x/y are the top-left corner. */
export const Box = z.object({
  x: z.number(),
  y: z.number(),
  width: z.number().nonnegative(),
  height: z.number().nonnegative(),
});
export type Box = z.infer<typeof Box>;

export const TextKind = z.enum(["headline", "subline", "cta"]);
export type TextKind = z.infer<typeof TextKind>;

export const ElementKind = z.enum(["headline", "subline", "cta", "logo", "underlay", "product"]);
export type ElementKind = z.infer<typeof ElementKind>;

export const TemplateName = z.enum([
  "headline-top",
  "bottom-band",
  "split",
  "centered-card",
  "banner-strip",
  "banner-column",
]);
export type TemplateName = z.infer<typeof TemplateName>;

/** One line of set text: its string and the ink box it occupies. */
export const TextLine = z.object({
  text: z.string(),
  /** Ink box of the line. */
  box: Box,
  /** Pen position: left end of the baseline. */
  x: z.number(),
  baseline: z.number(),
});
export type TextLine = z.infer<typeof TextLine>;

/**
 * One element of a composed asset. Text elements carry what a reviewer needs
 * to recompute contrast and OCR (color, font, lines); the CTA's `box` is its
 * button and its `lines` the label; an underlay is a scrim, panel or button
 * fill that text sits on.
 */
export const LayoutElement = z.object({
  kind: ElementKind,
  box: Box,
  text: z.string().optional(),
  lines: z.array(TextLine).optional(),
  fontFamily: z.string().optional(),
  fontWeight: z.number().int().optional(),
  fontSize: z.number().positive().optional(),
  color: z.string().optional(),
  /** CTA: the button's fill (the box is the button, `color` its label). */
  fill: z.string().optional(),
  /** Underlays: "scrim" fades into the image, "panel" is a solid card. */
  style: z.enum(["scrim", "panel", "button"]).optional(),
  opacity: z.number().min(0).max(1).optional(),
  /** Underlays: which element(s) it serves. */
  serves: z.array(ElementKind).optional(),
  /** Scrims: opacity ramps from 0 at y0 to `opacity` at y1 and stays there. */
  gradient: z.object({ y0: z.number(), y1: z.number() }).optional(),
  /** Corner radius of panels and buttons. */
  radius: z.number().nonnegative().optional(),
  /**
   * Product: unit vector pointing from the product towards the background's
   * light; its contact and cast shadows fall the other way.
   */
  light: z.object({ x: z.number(), y: z.number() }).optional(),
});
export type LayoutElement = z.infer<typeof LayoutElement>;

/**
 * A copy field the format's layout cannot hold (the 728×90 leaderboard has no
 * room for a subline): recorded, never dropped silently, so the result card and
 * the studio can say which and why.
 */
export const DroppedCopy = z.object({
  field: z.enum(["headline", "subline"]),
  text: z.string(),
  reason: z.string(),
  reasonZh: z.string(),
});
export type DroppedCopy = z.infer<typeof DroppedCopy>;

export const PosterLayout = z.object({
  format: FormatName,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  template: TemplateName,
  safeArea: SafeArea,
  elements: z.array(LayoutElement),
  /** Copy fields this format could not show, with the reason (absent: none). */
  dropped: z.array(DroppedCopy).optional(),
});
export type PosterLayout = z.infer<typeof PosterLayout>;

export const ContrastCheck = z.object({
  element: TextKind,
  /** WCAG 2.2 contrast ratio at the 5th percentile of the pixels under the glyphs. */
  ratio: z.number(),
  meanRatio: z.number(),
  threshold: z.number(),
  passed: z.boolean(),
});
export type ContrastCheck = z.infer<typeof ContrastCheck>;

export const GeometryCheck = z.object({
  passed: z.boolean(),
  /** Human-readable findings, e.g. "cta overlaps logo by 120 px²". */
  findings: z.array(z.string()),
});
export type GeometryCheck = z.infer<typeof GeometryCheck>;

export const ReadabilityCheck = z.object({
  /** PosterLayout (CVPR 2023) "Rea": max-normalised Sobel on a 513×750 resize; for comparison only. */
  rea: z.number(),
  /** Mean Sobel magnitude of luminance in [0, 1] (same resize and pixels), the figure gated on. */
  gradient: z.number(),
  threshold: z.number(),
  passed: z.boolean(),
});
export type ReadabilityCheck = z.infer<typeof ReadabilityCheck>;

export const OcrBlock = z.object({
  element: TextKind,
  expected: z.string(),
  read: z.string(),
  /** Share of the expected characters read back, in order (LCS / expected length). */
  share: z.number().min(0).max(1),
});
export type OcrBlock = z.infer<typeof OcrBlock>;

export const OcrCheck = z.object({
  skipped: z.boolean(),
  blocks: z.array(OcrBlock),
  share: z.number().min(0).max(1),
  threshold: z.number(),
  passed: z.boolean(),
  ms: z.number().nonnegative(),
});
export type OcrCheck = z.infer<typeof OcrCheck>;

export const QualityResult = z.object({
  passed: z.boolean(),
  reasons: z.array(z.string()),
  contrast: z.array(ContrastCheck),
  safeArea: GeometryCheck,
  overlap: GeometryCheck,
  readability: ReadabilityCheck,
  ocr: OcrCheck,
  /** Characters no registered font can draw (would render as tofu). */
  missingGlyphs: z.array(z.string()),
  /** With a product photo: not overlapped, inside the safe area, not cropped, large enough. */
  product: GeometryCheck.optional(),
  /** Findings that do not fail the asset, e.g. a copy field the format could not show. */
  warnings: z.array(z.string()).optional(),
  ms: z.number().nonnegative(),
});
export type QualityResult = z.infer<typeof QualityResult>;

/** One composition the repair loop tried, in order. */
export const RepairAttempt = z.object({
  template: TemplateName,
  action: z.string(),
  passed: z.boolean(),
  reasons: z.array(z.string()),
});
export type RepairAttempt = z.infer<typeof RepairAttempt>;

export const Encoding = z.enum(["png", "jpeg", "webp", "pdf"]);
export type Encoding = z.infer<typeof Encoding>;

export const AssetFileReport = z.object({
  encoding: Encoding,
  mime: z.string(),
  name: z.string(),
  bytes: z.number().int().nonnegative(),
});
export type AssetFileReport = z.infer<typeof AssetFileReport>;

export const AssetReport = z.object({
  format: FormatName,
  variant: z.number().int().nonnegative(),
  files: z.array(AssetFileReport),
  backgroundFile: z.string(),
  layout: PosterLayout,
  quality: QualityResult,
  repairs: z.array(RepairAttempt),
  passed: z.boolean(),
  timings: z.record(z.string(), z.number()),
  /** Where the product photo sits on this asset, and its share of the poster's area. */
  product: z.object({ box: Box, share: z.number().min(0).max(1) }).optional(),
});
export type AssetReport = z.infer<typeof AssetReport>;

export const CutoutMethod = z.enum(["alpha", "backdrop", "model"]);
export type CutoutMethod = z.infer<typeof CutoutMethod>;

export const ProductReport = z.object({
  name: z.string().optional(),
  method: CutoutMethod,
  /** 0–1: under 0.6 the studio asks the user to confirm the cut-out. */
  confidence: z.number().min(0).max(1),
  backdrop: z.enum(["transparent", "plain", "gradient", "noisy", "busy"]),
  /** Size of the cut-out, in pixels. */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Dominant colours of the product, most covering first. */
  colors: z.array(z.string()),
});
export type ProductReport = z.infer<typeof ProductReport>;

export const PosterReport = z.object({
  prompt: z.string(),
  negativePrompt: z.string(),
  copy: PosterCopy,
  backend: z.string(),
  seed: z.number().int(),
  variants: z.number().int().positive(),
  fonts: z.object({ heading: z.string(), body: z.string() }),
  warnings: z.array(z.string()),
  assets: z.array(AssetReport),
  passed: z.boolean(),
  /** The product photo put into every asset, and how it was cut out. */
  product: ProductReport.optional(),
});
export type PosterReport = z.infer<typeof PosterReport>;
