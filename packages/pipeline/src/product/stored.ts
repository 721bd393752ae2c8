/**
 * A cut-out as the app keeps it: a PNG with alpha (the product cropped to its
 * box) plus how it was made. The worker draws exactly the stored cut-out a
 * person previewed (and, when it was uncertain, confirmed), never a new one.
 */
import { CutoutMethod, ProductBackdrop } from "@hyperposter/domain";
import sharp from "sharp";
import type { BackdropKind } from "./backdrop";
import { type Cutout, alphaBox } from "./cutout";

export interface StoredCutoutMeta {
  method: Cutout["method"];
  confidence: number;
  backdrop: BackdropKind | "transparent";
  notes: string[];
}

/**
 * What a product-photo row recorded, read back leniently: a value written by
 * an older release that the schema no longer knows falls back to the cautious
 * choice instead of failing the generation or the re-render.
 */
export function storedCutoutMeta(row: {
  method: string;
  confidence: number;
  backdrop: string;
  notes: string[];
}): StoredCutoutMeta {
  return {
    method: CutoutMethod.catch("backdrop").parse(row.method),
    confidence: row.confidence,
    backdrop: ProductBackdrop.catch("busy").parse(row.backdrop),
    notes: row.notes,
  };
}

/** The cut-out's pixels as a PNG (straight alpha, sRGB). */
export async function cutoutPng(cutout: Cutout): Promise<Buffer> {
  const { width, height, data } = cutout.image;
  return sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
    raw: { width, height, channels: 4 },
  })
    .png({ compressionLevel: 6 })
    .toBuffer();
}

/** A stored cut-out PNG back as a Cutout, with what was recorded when it was made. */
export async function cutoutFromPng(bytes: Uint8Array, meta: StoredCutoutMeta): Promise<Cutout> {
  const { data, info } = await sharp(bytes, { failOn: "warning" })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const image = {
    width: info.width,
    height: info.height,
    data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength),
  };
  const box = alphaBox(image);
  return {
    image,
    method: meta.method,
    confidence: meta.confidence,
    backdrop: meta.backdrop,
    box: box.width ? box : { x: 0, y: 0, width: info.width, height: info.height },
    source: { width: info.width, height: info.height },
    notes: meta.notes,
  };
}
