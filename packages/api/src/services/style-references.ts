import type { Db } from "@hyperposter/db";
import { AppError } from "@hyperposter/domain";
import type { AssetStorage } from "@hyperposter/jobs";
import { intakeImage } from "@hyperposter/pipeline/intake";
import { INTAKE_PROBLEMS, decodeUpload, intakeError, storeWorkspaceFile } from "./files";

/** A reference is usually a photo or a mood-board export, as large as a product photo. */
export const STYLE_REFERENCE_MAX_BYTES = 10 * 1024 * 1024;

export interface StyleReferenceFile {
  id: string;
  originalName: string;
  mime: string;
  width: number | null;
  height: number | null;
  url: string;
}

/** Stored references are re-encoded PNG or JPEG: served inline under a fixed name. */
function serving(mime: string) {
  return mime === "image/png"
    ? { name: "reference.png", contentType: mime, inline: true }
    : { name: "reference.jpg", contentType: "image/jpeg", inline: true };
}

export async function styleReferenceFileView(
  deps: { storage: AssetStorage; assetUrlTtlSeconds: number },
  row: { id: string; originalName: string; mime: string; storageKey: string; meta: unknown },
): Promise<StyleReferenceFile> {
  const meta = (row.meta ?? {}) as { width?: unknown; height?: unknown };
  const serve = serving(row.mime);
  return {
    id: row.id,
    originalName: row.originalName,
    mime: row.mime,
    width: typeof meta.width === "number" ? meta.width : null,
    height: typeof meta.height === "number" ? meta.height : null,
    url: await deps.storage.presignGet(row.storageKey, deps.assetUrlTtlSeconds, serve.name, serve),
  };
}

/**
 * Checks an uploaded reference the way logos and product photos are checked:
 * the type is read from the bytes, the size and pixels are capped, and only
 * the re-encoded image is stored. No SVG: a reference is a look, not a mark.
 */
export async function uploadStyleReference(
  deps: { db: Db; storage: AssetStorage; assetUrlTtlSeconds: number },
  workspaceId: string,
  input: { fileName: string; contentBase64: string },
): Promise<StyleReferenceFile> {
  const bytes = decodeUpload(input.contentBase64, {
    maxBytes: STYLE_REFERENCE_MAX_BYTES,
    what: "style reference",
    whatZh: "风格参考图",
    choose: "Choose a PNG, JPEG or WebP image.",
    chooseZh: "请选择 PNG、JPEG 或 WebP 图片。",
  });
  const intake = await intakeImage(bytes, ["png", "jpeg", "webp"]);
  if (!intake.ok) {
    if (intake.problem === "image-type")
      throw new AppError("BAD_REQUEST", "file must be a PNG, JPEG or WebP image.", {
        field: "file",
        messageZh: "文件必须是 PNG、JPEG 或 WebP 图片。",
      });
    if (intake.problem === "image-too-large")
      throw new AppError(
        "BAD_REQUEST",
        INTAKE_PROBLEMS["image-too-large"].en.replace("a logo", "a style reference"),
        {
          field: "file",
          messageZh: INTAKE_PROBLEMS["image-too-large"].zh.replace("标志", "风格参考图"),
        },
      );
    throw intakeError(intake);
  }
  const row = await storeWorkspaceFile(deps, workspaceId, {
    kind: "STYLE_REFERENCE",
    bytes: Buffer.from(intake.bytes),
    ext: intake.ext,
    mime: intake.mime,
    originalName: input.fileName,
    meta: { width: intake.width, height: intake.height, source: intake.source },
  });
  return styleReferenceFileView(deps, row);
}

/** Every id must name a reference image of this workspace; another workspace's is NOT_FOUND. */
export async function checkStyleReferences(
  db: Db,
  workspaceId: string,
  fileIds: string[],
): Promise<void> {
  if (fileIds.length === 0) return;
  const found = await db.storedFile.findMany({
    where: { id: { in: fileIds }, workspaceId, kind: "STYLE_REFERENCE" },
    select: { id: true },
  });
  const known = new Set(found.map((f) => f.id));
  const index = fileIds.findIndex((id) => !known.has(id));
  if (index >= 0)
    throw new AppError(
      "NOT_FOUND",
      `styleReferences.${index}.fileId does not name a style reference image in this workspace.`,
      { field: `styleReferences.${index}.fileId`, messageZh: "找不到该风格参考图。" },
    );
  if (new Set(fileIds).size !== fileIds.length)
    throw new AppError("BAD_REQUEST", "styleReferences must not hold the same image twice.", {
      field: "styleReferences",
      messageZh: "风格参考图中有重复的图片。",
    });
}
