import type { Db, StoredFile } from "@hyperposter/db";
import { AppError, FontFileInfo, scriptOfFont, type FontFamily } from "@hyperposter/domain";
import type { AssetStorage } from "@hyperposter/jobs";
import { fontMime } from "@hyperposter/pipeline/fonts/describe";
import { intakeFont } from "@hyperposter/pipeline/intake";
import { decodeUpload, intakeError, storeWorkspaceFile } from "./files";

/** A full Chinese font is 5–15 MB; Latin faces are tens of kilobytes. */
export const FONT_MAX_BYTES = 15 * 1024 * 1024;

/** An uploaded font as the preset editor lists it. */
export interface FontView extends FontFileInfo {
  id: string;
  originalName: string;
  bytes: number;
  script: FontFamily["script"];
  createdAt: string;
}

export function fontView(row: StoredFile): FontView {
  const info = FontFileInfo.parse(row.meta);
  return {
    ...info,
    id: row.id,
    originalName: row.originalName,
    bytes: row.bytes,
    script: scriptOfFont(info),
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Checks an uploaded font with the pipeline's own reader and renderer (what it
 * accepts here, the worker can draw) and keeps the sanitized font in the
 * workspace's font library.
 */
export async function uploadFont(
  deps: { db: Db; storage: AssetStorage },
  workspaceId: string,
  input: { fileName: string; contentBase64: string },
): Promise<FontView> {
  const bytes = decodeUpload(input.contentBase64, {
    maxBytes: FONT_MAX_BYTES,
    what: "font",
    whatZh: "字体",
    choose: "Choose a TTF, OTF, WOFF or WOFF2 font file.",
    chooseZh: "请选择 TTF、OTF、WOFF 或 WOFF2 字体文件。",
  });
  // Unwrapped within declared bounds, rebuilt by HarfBuzz, read by fontkit and
  // drawn once by Skia, in a worker thread with a time and memory limit. The
  // rebuilt font (a plain TTF/OTF) is stored, never the upload.
  const intake = await intakeFont(bytes);
  if (!intake.ok) throw intakeError(intake);
  const info: FontFileInfo = intake.info;
  const row = await storeWorkspaceFile(deps, workspaceId, {
    kind: "FONT",
    bytes: Buffer.from(intake.bytes),
    ext: info.format,
    mime: fontMime(info.format),
    originalName: input.fileName,
    meta: info,
  });
  return fontView(row);
}

/** The workspace's uploaded fonts, by family then weight. */
export async function listFonts(db: Db, workspaceId: string): Promise<FontView[]> {
  const rows = await db.storedFile.findMany({
    where: { workspaceId, kind: "FONT" },
    orderBy: { createdAt: "asc" },
    take: 200,
  });
  return rows
    .map(fontView)
    .sort(
      (a, b) => a.family.localeCompare(b.family) || a.weight - b.weight || +a.italic - +b.italic,
    );
}

/** The font file if it belongs to this workspace; another workspace's id is NOT_FOUND on `field`. */
export async function fontOf(
  db: Db,
  workspaceId: string,
  fileId: string,
  field: string,
): Promise<{ row: StoredFile; view: FontView }> {
  const row = await db.storedFile.findFirst({ where: { id: fileId, workspaceId, kind: "FONT" } });
  if (!row)
    throw new AppError("NOT_FOUND", `${field} names a font file that is not in this workspace.`, {
      field,
      messageZh: "此工作区中没有该字体文件。",
    });
  return { row, view: fontView(row) };
}

/** A short-lived link to the font's bytes, for the app's same-origin font route. */
export async function fontFileLink(
  deps: { db: Db; storage: AssetStorage; assetUrlTtlSeconds: number },
  workspaceId: string,
  fileId: string,
): Promise<{ url: string; mime: string; originalName: string; family: string }> {
  const { row, view } = await fontOf(deps.db, workspaceId, fileId, "fontFileId");
  return {
    // A download, never a page: a font is not something a browser should show.
    url: await deps.storage.presignGet(
      row.storageKey,
      deps.assetUrlTtlSeconds,
      `font.${row.storageKey.split(".").pop() ?? "ttf"}`,
      {
        contentType: row.mime,
        inline: false,
      },
    ),
    mime: row.mime,
    originalName: row.originalName,
    family: view.family,
  };
}
