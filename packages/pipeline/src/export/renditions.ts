import sharp from "sharp";

/**
 * Small WebP copies of a finished asset for screens: the generation page and
 * the enlarged view show the preview, cards and history the thumbnail; the
 * full files are only fetched on download. Long side in pixels; an asset
 * smaller than that is not enlarged.
 */
export const RENDITION_SIZES = { preview: 1024, thumbnail: 320 } as const;
export type RenditionKind = keyof typeof RENDITION_SIZES;

export interface Rendition {
  kind: RenditionKind;
  mime: "image/webp";
  bytes: Buffer;
  width: number;
  height: number;
}

// Quality 80 keeps type edges clean at these sizes; effort 4 is sharp's default
// trade-off (≈ 40 ms for a 1024 px preview on one core).
const WEBP = { quality: 80, effort: 4 } as const;

/** Both renditions of a raster asset (PNG, JPEG or WebP bytes). */
export async function makeRenditions(image: Buffer): Promise<Rendition[]> {
  return Promise.all(
    (Object.entries(RENDITION_SIZES) as [RenditionKind, number][]).map(async ([kind, side]) => {
      const { data, info } = await sharp(image)
        .resize({ width: side, height: side, fit: "inside", withoutEnlargement: true })
        .webp(WEBP)
        .toBuffer({ resolveWithObject: true });
      return {
        kind,
        mime: "image/webp" as const,
        bytes: data,
        width: info.width,
        height: info.height,
      };
    }),
  );
}
