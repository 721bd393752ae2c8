import { z } from "zod";
import { CutoutMethod } from "./poster";
import { safeText } from "./text";

/** Under this cut-out confidence a person confirms the cut-out before it is used (pipeline's LOW_CONFIDENCE). */
export const PRODUCT_LOW_CONFIDENCE = 0.6;

/** A product's name in the workspace library, as shown in lists and the report. */
export const ProductName = safeText(
  z
    .string({ error: "name must be text." })
    .trim()
    .min(1, { error: "name must not be empty." })
    .max(80, { error: "name must be at most 80 characters." })
    .transform((name) => name.normalize("NFC")),
  "name",
);

export const ProductBackdrop = z.enum(["transparent", "plain", "gradient", "noisy", "busy"]);

/** One photo of a library product, as the studio and the library page show it. */
export const ProductPhotoView = z.object({
  id: z.string(),
  productId: z.string(),
  originalName: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** The checked photo. */
  photoUrl: z.string(),
  /** The product on transparency: what the posters draw. */
  cutoutUrl: z.string(),
  cutoutWidth: z.number().int().positive(),
  cutoutHeight: z.number().int().positive(),
  method: CutoutMethod,
  confidence: z.number().min(0).max(1),
  backdrop: ProductBackdrop,
  notes: z.array(z.string()),
  /** Under PRODUCT_LOW_CONFIDENCE and not yet confirmed: a generation refuses it. */
  needsConfirmation: z.boolean(),
  confirmedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ProductPhotoView = z.infer<typeof ProductPhotoView>;

export const ProductView = z.object({
  id: z.string(),
  name: z.string(),
  photos: z.array(ProductPhotoView),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProductView = z.infer<typeof ProductView>;
