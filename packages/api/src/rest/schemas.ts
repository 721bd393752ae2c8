// Request and response bodies of /api/v1, in zod: the handlers validate with
// them and the OpenAPI document is generated from them, so the two agree.
import {
  BrandColors,
  BrandFonts,
  Brief,
  BriefProductDescription,
  FileName,
  FORMAT_NAMES,
  FormatClass,
  FormatName,
  STYLE_REFERENCE_LIMITS,
} from "@hyperposter/domain";
import { z } from "zod";
import { API_SCOPES } from "../services/api-keys";
import { SeedInput, VariantsInput } from "../services/generations";

export const MAX_PASSTHROUGH = 1024;

export const ErrorBody = z
  .object({
    error: z.object({
      type: z.enum([
        "invalid_request_error",
        "authentication_error",
        "billing_error",
        "permission_error",
        "not_found_error",
        "conflict_error",
        "idempotency_error",
        "rate_limit_error",
        "api_error",
      ]),
      code: z.string().meta({ description: "Specific and stable, e.g. bad_request, not_found." }),
      message: z.string().meta({ description: "A sentence naming the field at fault." }),
      message_zh: z.string().nullable(),
      field: z.string().nullable(),
      doc_url: z.string(),
    }),
  })
  .meta({ id: "Error" });

export const CreateGenerationBody = z
  .object({
    brief: Brief,
    preset_id: z
      .string({ error: "preset_id must be text." })
      .min(1, { error: "preset_id must not be empty." })
      .max(64, { error: "preset_id must be at most 64 characters." }),
    variants: VariantsInput.default(1),
    seed: SeedInput.optional(),
    product_id: z
      .string({ error: "product_id must be text." })
      .min(1, { error: "product_id must not be empty." })
      .max(64, { error: "product_id must be at most 64 characters." })
      .optional()
      .meta({
        description:
          "A product of the library (GET /products): its newest photo whose cut-out is confident or confirmed goes into every asset.",
      }),
    product_photo_id: z
      .string({ error: "product_photo_id must be text." })
      .min(1, { error: "product_photo_id must not be empty." })
      .max(64, { error: "product_photo_id must be at most 64 characters." })
      .optional()
      .meta({ description: "One photo of a library product, instead of product_id." }),
    webhook_url: z
      .string({ error: "webhook_url must be text." })
      .max(2000, { error: "webhook_url must be at most 2000 characters." })
      .optional()
      .meta({ description: "Receives generation.succeeded/failed/canceled for this request." }),
    passthrough: z
      .string({ error: "passthrough must be text." })
      .max(MAX_PASSTHROUGH, { error: `passthrough must be at most ${MAX_PASSTHROUGH} characters.` })
      .optional()
      .meta({ description: "Echoed back unchanged on the generation and its webhooks." }),
  })
  .strict()
  .meta({ id: "CreateGeneration" });

const Status = z.enum(["queued", "running", "succeeded", "failed", "canceled"]);

export const GenerationAccepted = z
  .object({
    id: z.string(),
    object: z.literal("generation"),
    status: Status,
    cost: z.number().int().meta({ description: "Credits held: one per format per variant." }),
    status_url: z.string(),
    cancel_url: z.string(),
  })
  .meta({ id: "GenerationAccepted" });

const AssetFile = z.object({
  encoding: z.enum(["png", "jpeg", "webp", "pdf"]),
  mime: z.string(),
  bytes: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  url: z.string().meta({ description: "Signed; expires at urls_expire_at." }),
});

export const Generation = z
  .object({
    id: z.string(),
    object: z.literal("generation"),
    status: Status,
    created_at: z.string(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
    queue_position: z
      .number()
      .int()
      .nullable()
      .meta({ description: "1 = next to start; null unless queued." }),
    progress: z.object({
      stage: z.string(),
      message: z.string(),
      step: z.number().int().nullable(),
      total_steps: z.number().int().nullable(),
      assets_done: z.number().int(),
      assets_total: z.number().int(),
      formats_done: z.array(FormatName),
    }),
    seed: z.number().int(),
    variants: z.number().int(),
    formats: z.array(FormatName),
    cost: z.number().int(),
    copy: z
      .object({ headline: z.string(), subline: z.string().nullable(), cta: z.string() })
      .nullable(),
    prompts: z.object({ prompt: z.string(), negative_prompt: z.string() }).nullable(),
    assets: z.array(
      z.object({
        id: z.string(),
        format: FormatName,
        variant: z.number().int(),
        passed: z.boolean(),
        quality: z.object({
          passed: z.boolean(),
          reasons: z.array(z.string()),
          min_contrast: z.number().nullable(),
          ocr_read_back: z.number().nullable().meta({
            description: "Share of the words OCR read back (0–1); null when OCR was off.",
          }),
        }),
        files: z.array(AssetFile),
      }),
    ),
    urls_expire_at: z.string().nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    passthrough: z.string().nullable(),
    product: z
      .object({
        id: z.string(),
        photo_id: z.string(),
        name: z.string(),
        cutout: z
          .object({
            method: z.enum(["alpha", "backdrop", "model"]),
            confidence: z.number(),
            colors: z.array(z.string()),
          })
          .nullable()
          .meta({ description: "How the product was cut out; null until the generation ran." }),
      })
      .nullable(),
    status_url: z.string(),
    cancel_url: z.string(),
  })
  .meta({ id: "Generation" });

export const GenerationList = z
  .object({
    object: z.literal("list"),
    data: z.array(Generation),
    next_cursor: z.string().nullable(),
  })
  .meta({ id: "GenerationList" });

export const ListGenerationsQuery = z.object({
  limit: z.coerce
    .number({ error: "limit must be a number from 1 to 100." })
    .int({ error: "limit must be a whole number from 1 to 100." })
    .min(1, { error: "limit must be at least 1." })
    .max(100, { error: "limit must be at most 100." })
    .default(20),
  cursor: z.string().max(200, { error: "cursor must be at most 200 characters." }).optional(),
  status: Status.optional(),
  created_after: z.iso
    .datetime({ error: "created_after must be an ISO 8601 date-time." })
    .optional(),
  created_before: z.iso
    .datetime({ error: "created_before must be an ISO 8601 date-time." })
    .optional(),
});

export const PresetBody = z
  .object({
    name: z.string().min(1).max(120),
    colors: BrandColors,
    fonts: BrandFonts,
    tone: z.string().max(200).optional(),
    style_keywords: z.array(z.string().min(1).max(60)).max(20).optional(),
    negative: z.array(z.string().min(1).max(60)).max(30).optional(),
    default_formats: z.array(FormatName).max(10).optional(),
  })
  .strict()
  .meta({ id: "PresetInput" });

/**
 * A PATCH may reorder, re-weigh or drop the preset's style references by the
 * ids GET returns; new reference images are uploaded in the app.
 */
export const PresetPatch = PresetBody.partial()
  .extend({
    style_references: z
      .array(
        z
          .object({
            id: z.string().min(1).max(40),
            strength: z.number().min(0).max(1).default(STYLE_REFERENCE_LIMITS.defaultStrength),
          })
          .strict(),
      )
      .max(STYLE_REFERENCE_LIMITS.max)
      .optional(),
  })
  .strict()
  .meta({ id: "PresetPatch" });

const Hex = z.string().regex(/^#[0-9A-F]{6}$/);
const ColorsOut = z.object({
  primary: Hex,
  secondary: Hex,
  accent: Hex,
  background: Hex,
  text: Hex,
});
const FontsOut = z.object({ heading: z.string(), body: z.string() });

export const Preset = z
  .object({
    id: z.string(),
    object: z.literal("preset"),
    slug: z.string(),
    name: z.string(),
    version: z.number().int(),
    archived: z.boolean(),
    updated_at: z.string(),
    colors: ColorsOut,
    fonts: FontsOut,
    tone: z.string(),
    style_keywords: z.array(z.string()),
    negative: z.array(z.string()),
    default_formats: z.array(FormatName).nullable(),
    logo_url: z.string().nullable(),
    /** Images whose look the diffusion backend follows, each with its strength 0–1. */
    style_references: z.array(
      z.object({ id: z.string(), url: z.string(), strength: z.number().min(0).max(1) }),
    ),
  })
  .meta({ id: "Preset" });

export const PresetList = z
  .object({ object: z.literal("list"), data: z.array(Preset) })
  .meta({ id: "PresetList" });

export const FormatList = z
  .object({
    object: z.literal("list"),
    data: z.array(
      z.object({
        name: z.enum(FORMAT_NAMES),
        label: z.string(),
        width: z.number().int(),
        height: z.number().int(),
        dpi: z.number().int(),
        format_class: FormatClass,
      }),
    ),
  })
  .meta({ id: "FormatList" });

export const Usage = z
  .object({
    object: z.literal("usage"),
    workspace: z.string(),
    credits: z.number().int().meta({ description: "Credits left to spend now." }),
    scopes: z.array(z.enum(API_SCOPES)).meta({ description: "What the calling key may do." }),
  })
  .meta({ id: "Usage" });

const ProductPhoto = z.object({
  id: z.string(),
  original_name: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  photo_url: z.string().meta({ description: "The checked photo; signed, short-lived." }),
  cutout_url: z.string().meta({ description: "The product on transparency (PNG); signed." }),
  method: z.enum(["alpha", "backdrop", "model"]),
  confidence: z.number().meta({ description: "0–1; under 0.6 the cut-out needs confirming." }),
  needs_confirmation: z.boolean().meta({
    description:
      "True: a person must confirm the cut-out in the studio before a generation may use it.",
  }),
  created_at: z.string(),
});

export const Product = z
  .object({
    id: z.string(),
    object: z.literal("product"),
    name: z.string(),
    photos: z.array(ProductPhoto),
    updated_at: z.string(),
  })
  .meta({ id: "Product" });

export const ProductList = z
  .object({ object: z.literal("list"), data: z.array(Product) })
  .meta({ id: "ProductList" });

export const ProductUploadBody = z
  .object({
    product_id: z
      .string({ error: "product_id must be text." })
      .min(1)
      .max(64)
      .optional()
      .meta({ description: "Add the photo to this product; without it a new product is made." }),
    name: z
      .string({ error: "name must be text." })
      .max(200)
      .optional()
      .meta({ description: "Name of a new product (default: from file_name)." }),
    file_name: FileName,
    content_base64: z
      .string({ error: "content_base64 must be base64 text." })
      .min(1, { error: "content_base64 must not be empty." })
      .meta({ description: "The photo's bytes: PNG (with alpha), JPEG or WebP, at most 10 MB." }),
  })
  .strict()
  .meta({ id: "ProductUpload" });

export const ProductPatch = z
  .object({
    name: z
      .string({ error: "name must be text." })
      .max(200)
      .meta({ description: "The product's new name (1–80 characters after trimming)." }),
  })
  .strict()
  .meta({ id: "ProductPatch" });

export const ProductDeleted = z
  .object({ id: z.string(), object: z.literal("product"), deleted: z.literal(true) })
  .meta({ id: "ProductDeleted" });

export const ProductDescribeBody = z
  .object({
    language: z
      .enum(["en", "zh"], { error: "language must be en or zh." })
      .default("en")
      .meta({ description: "The language the description is asked for in." }),
  })
  .strict()
  .meta({ id: "ProductDescribe" });

export const ProductPhotoDescription = z
  .object({
    object: z.literal("product_photo_description"),
    source: z.enum(["vision", "local"]).meta({
      description:
        "vision: the VLM endpoint described the photo; local: colours and shape read from the cut-out.",
    }),
    name: z.string().nullable(),
    category: z.string().nullable(),
    material: z.string().nullable(),
    colors: z.array(z.string()),
    details: z.array(z.string()),
    orientation: z.enum(["tall", "wide", "square"]),
    note: z.string().nullable().meta({ description: "Why the vision endpoint was not used." }),
    product_description: BriefProductDescription.meta({
      description:
        "The same as brief.productDescription: send it in POST /generations so the image prompt matches the product.",
    }),
  })
  .meta({ id: "ProductPhotoDescription" });
