import type { Encoding, FormatName } from "@hyperposter/domain";

const EXT: Record<Encoding, string> = { png: "png", jpeg: "jpg", webp: "webp", pdf: "pdf" };

/**
 * workspace/generation/variant/format.ext: derived only from what a retry
 * also knows, so a retried job overwrites its objects instead of adding more.
 */
export function assetKey(
  workspaceId: string,
  generationId: string,
  variant: number,
  format: FormatName,
  encoding: Encoding,
): string {
  return `${workspaceId}/${generationId}/${variant}/${format}.${EXT[encoding]}`;
}

export function backgroundKey(
  workspaceId: string,
  generationId: string,
  variant: number,
  format: FormatName,
): string {
  return `${workspaceId}/${generationId}/${variant}/${format}.background.png`;
}

/** A WebP rendition beside its asset: …/format.preview.webp, …/format.thumbnail.webp. */
export function renditionKey(
  workspaceId: string,
  generationId: string,
  variant: number,
  format: FormatName,
  kind: "preview" | "thumbnail",
): string {
  return `${workspaceId}/${generationId}/${variant}/${format}.${kind}.webp`;
}
