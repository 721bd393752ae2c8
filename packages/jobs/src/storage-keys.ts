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

/** A re-rendered version's file (version ≥ 2); version 1 keeps the generation's own keys. */
export function versionedAssetKey(
  workspaceId: string,
  generationId: string,
  variant: number,
  format: FormatName,
  version: number,
  encoding: Encoding,
): string {
  return `${workspaceId}/${generationId}/${variant}/${format}.v${version}.${EXT[encoding]}`;
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

/** A re-rendered version's WebP rendition: …/format.v2.preview.webp. */
export function versionedRenditionKey(
  workspaceId: string,
  generationId: string,
  variant: number,
  format: FormatName,
  version: number,
  kind: "preview" | "thumbnail",
): string {
  return `${workspaceId}/${generationId}/${variant}/${format}.v${version}.${kind}.webp`;
}
