import { z } from "zod";
import { FormatName } from "./formats";
import { PriorityLane } from "./job-message";
import { Encoding, PosterLayout, ProductReport, QualityResult } from "./poster";
import { KindChoice } from "./product-kind";
import { ComplianceWarning, PosterCopy } from "./rephrased";

export const GenerationStatus = z.enum(["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED"]);
export type GenerationStatus = z.infer<typeof GenerationStatus>;

export const TERMINAL_STATUSES: readonly GenerationStatus[] = ["SUCCEEDED", "FAILED", "CANCELED"];

export const GenerationStage = z.enum([
  "queued",
  "rephrasing",
  "rendering",
  "uploading",
  "finishing",
  "done",
  "retrying",
]);
export type GenerationStage = z.infer<typeof GenerationStage>;

/** Live progress the worker writes to Generation.progress for the UI and the API. */
export const GenerationProgress = z.object({
  stage: GenerationStage,
  message: z.string().default(""),
  /** Backend steps of the image being rendered (denoising steps, paint passes). */
  step: z.number().int().nonnegative().optional(),
  totalSteps: z.number().int().nonnegative().optional(),
  assetsDone: z.number().int().nonnegative().default(0),
  assetsTotal: z.number().int().nonnegative().default(0),
  /** Formats whose every variant is stored. */
  formatsDone: z.array(FormatName).default([]),
  attempt: z.number().int().nonnegative().default(0),
});
export type GenerationProgress = z.infer<typeof GenerationProgress>;

/** The part of the rephraser's output users see. */
export const RephrasedView = z.object({
  prompt: z.string(),
  negativePrompt: z.string(),
  copy: PosterCopy,
  /** The copy each variant carries (index = variant), as the worker picked it. */
  variantCopies: z.array(PosterCopy),
  warnings: z.array(ComplianceWarning),
  kind: KindChoice.optional(),
});
export type RephrasedView = z.infer<typeof RephrasedView>;

/** ASSET: the full files (downloads); PREVIEW / THUMBNAIL: small WebP copies for screens. */
export const OutputFileRole = z.enum(["ASSET", "BACKGROUND", "PREVIEW", "THUMBNAIL"]);
export type OutputFileRole = z.infer<typeof OutputFileRole>;

export const OutputFileView = z.object({
  role: OutputFileRole,
  encoding: Encoding,
  mime: z.string(),
  bytes: z.number().int().nonnegative(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Presigned GET URL; expires at GenerationView.urlsExpireAt. */
  url: z.string(),
});
export type OutputFileView = z.infer<typeof OutputFileView>;

export const GenerationOutputView = z.object({
  id: z.string(),
  variant: z.number().int().nonnegative(),
  format: FormatName,
  status: z.enum(["SUCCEEDED", "FAILED"]),
  passed: z.boolean(),
  layout: PosterLayout,
  quality: QualityResult,
  files: z.array(OutputFileView),
  /** The version shown (1: as generated; higher: re-rendered with edited copy). */
  version: z.number().int().positive().optional(),
});
export type GenerationOutputView = z.infer<typeof GenerationOutputView>;

export const GenerationError = z.object({
  code: z.string(),
  /** A sentence a user can read. */
  message: z.string(),
});
export type GenerationError = z.infer<typeof GenerationError>;

/** One generation as the UI and the API show it. */
/** The library product a generation put into its assets, and how the worker cut it out. */
export const GenerationProductView = z.object({
  productId: z.string(),
  photoId: z.string(),
  name: z.string(),
  /** Written by the worker once the generation ran. */
  report: ProductReport.nullable(),
});
export type GenerationProductView = z.infer<typeof GenerationProductView>;

export const GenerationView = z.object({
  id: z.string(),
  workspaceId: z.string(),
  status: GenerationStatus,
  lane: PriorityLane,
  seed: z.number().int(),
  variants: z.number().int().positive(),
  /** Where this generation's first variant counts from in its series ("More variations"). */
  variantOffset: z.number().int().nonnegative(),
  formats: z.array(FormatName),
  /** Credits held for this generation: one per format per variant. */
  cost: z.number().int().nonnegative(),
  attempts: z.number().int().nonnegative(),
  progress: GenerationProgress,
  rephrased: RephrasedView.nullable(),
  error: GenerationError.nullable(),
  outputs: z.array(GenerationOutputView),
  urlsExpireAt: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  traceId: z.string(),
  /** REST API requests: text the caller asked to have echoed back. */
  passthrough: z.string().nullable(),
  product: GenerationProductView.nullable(),
  /** "Same seed again" with unchanged inputs: the generation whose files these are (no credits). */
  sameAsId: z.string().nullable(),
});
export type GenerationView = z.infer<typeof GenerationView>;

/**
 * The file a screen shows at a size: its WebP rendition, else (results made
 * before renditions) the smaller one, else the full raster asset.
 */
export function displayFile<F extends { role: OutputFileRole; encoding: string }>(
  files: readonly F[],
  size: "PREVIEW" | "THUMBNAIL",
): F | undefined {
  const other = size === "PREVIEW" ? "THUMBNAIL" : "PREVIEW";
  const raster = (encoding: string) =>
    files.find((f) => f.role === "ASSET" && f.encoding.toLowerCase() === encoding);
  return (
    files.find((f) => f.role === size) ??
    // A thumbnail may stand in for a preview only where nothing else exists.
    (size === "THUMBNAIL" ? files.find((f) => f.role === other) : undefined) ??
    raster("png") ??
    raster("jpeg") ??
    raster("webp") ??
    (size === "PREVIEW" ? files.find((f) => f.role === other) : undefined)
  );
}
