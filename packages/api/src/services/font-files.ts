import type { Db, StoredFile } from "@hyperposter/db";
import { AppError, FontFileInfo, scriptOfFont, type FontFamily } from "@hyperposter/domain";
import type { AssetStorage } from "@hyperposter/jobs";
import {
  FontFileError,
  describeFontFile,
  fontMime,
  type FontFileProblem,
} from "@hyperposter/pipeline/fonts/describe";
import { decodeUpload, storeWorkspaceFile } from "./files";

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

const PROBLEMS: Record<FontFileProblem, { en: string; zh: string }> = {
  "not-a-font": {
    en: "file must be a TTF, OTF, WOFF or WOFF2 font.",
    zh: "文件必须是 TTF、OTF、WOFF 或 WOFF2 字体。",
  },
  collection: {
    en: "file is a font collection (.ttc); export the one font you need as .ttf or .otf.",
    zh: "文件是字体集合（.ttc），请导出所需的单个字体（.ttf 或 .otf）。",
  },
  unreadable: {
    en: "file is damaged or cut short; export the font again as .ttf or .otf.",
    zh: "字体文件已损坏或不完整，请重新导出为 .ttf 或 .otf。",
  },
  "no-embedding": {
    en: "file's licence flags forbid embedding it, and the PDFs Hyperposter exports embed their fonts. Use a font licensed for embedding.",
    zh: "该字体的授权标记禁止嵌入，而导出的 PDF 需要嵌入字体。请使用允许嵌入的字体。",
  },
  "no-glyphs": {
    en: "file has no characters to draw; choose the font file itself.",
    zh: "该字体不包含任何可绘制的字符，请选择字体文件本身。",
  },
};

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
 * Checks an uploaded font with the pipeline's own reader (what it accepts
 * here, the worker can draw) and keeps it in the workspace's font library.
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
  let info: FontFileInfo;
  try {
    info = describeFontFile(bytes).info;
  } catch (error) {
    if (!(error instanceof FontFileError)) throw error;
    const problem = PROBLEMS[error.problem];
    throw new AppError("BAD_REQUEST", problem.en, { field: "file", messageZh: problem.zh });
  }
  const row = await storeWorkspaceFile(deps, workspaceId, {
    kind: "FONT",
    bytes,
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
    url: await deps.storage.presignGet(row.storageKey, deps.assetUrlTtlSeconds),
    mime: row.mime,
    originalName: row.originalName,
    family: view.family,
  };
}
