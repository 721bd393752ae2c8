import { displayFile } from "@hyperposter/domain";
import type { ServiceContext } from "./generations";

export interface Thumbnail {
  url: string;
  width: number;
  height: number;
}

/**
 * The picture history shows for a generation: its first asset's WebP
 * thumbnail (results made before renditions fall back to the full raster).
 * Null while nothing has been delivered. Unknown ids are null too: the
 * workspace filter means another workspace's generation is never read.
 */
export async function generationThumbnail(
  ctx: ServiceContext,
  workspaceId: string,
  generationId: string,
): Promise<Thumbnail | null> {
  const output = await ctx.db.generationOutput.findFirst({
    where: { generationId, workspaceId, generation: { workspaceId } },
    orderBy: [{ passed: "desc" }, { variant: "asc" }, { format: "asc" }],
    include: { files: true },
  });
  const file = output ? displayFile(output.files, "THUMBNAIL") : undefined;
  if (!file) return null;
  return {
    url: await ctx.storage.presignGet(file.storageKey, ctx.assetUrlTtlSeconds),
    width: file.width,
    height: file.height,
  };
}
