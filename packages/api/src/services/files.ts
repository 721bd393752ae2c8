import { createHash } from "node:crypto";
import type { Db, FileKind, Prisma, StoredFile } from "@hyperposter/db";
import { AppError } from "@hyperposter/domain";
import type { AssetStorage } from "@hyperposter/jobs";
import {
  INTAKE_LIMITS,
  type IntakeProblem,
  type IntakeRefusal,
  intakeImage,
} from "@hyperposter/pipeline/intake";

export const LOGO_MAX_BYTES = 2 * 1024 * 1024;

/** The sentence for each reason an image or font check refuses an upload. */
export const INTAKE_PROBLEMS: Record<IntakeProblem, { en: string; zh: string }> = {
  "image-type": {
    en: "file must be an SVG, PNG or JPEG image.",
    zh: "文件必须是 SVG、PNG 或 JPEG 图片。",
  },
  "image-too-large": {
    en: `file is too large an image; a logo may be at most ${INTAKE_LIMITS.maxSide} pixels a side and ${INTAKE_LIMITS.maxPixels / 1024 / 1024} megapixels.`,
    zh: `图片尺寸过大：标志每边不能超过 ${INTAKE_LIMITS.maxSide} 像素，总计不超过 ${INTAKE_LIMITS.maxPixels / 1024 / 1024} 百万像素。`,
  },
  "image-damaged": {
    en: "file is a damaged or cut-short image; export it again and try again.",
    zh: "图片文件已损坏或不完整，请重新导出后重试。",
  },
  "svg-unsafe": {
    en: "file is an SVG with a DOCTYPE or entity declarations; export a plain SVG and try again.",
    zh: "SVG 含有 DOCTYPE 或实体声明，请导出纯 SVG 后重试。",
  },
  "svg-encoding": {
    en: "file is an SVG in another encoding than UTF-8; save it as UTF-8 and try again.",
    zh: "SVG 不是 UTF-8 编码，请另存为 UTF-8 后重试。",
  },
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
  "font-too-large": {
    en: `file declares a font larger than ${INTAKE_LIMITS.maxSfntBytes / 1024 / 1024} MB once unpacked; export it again as .ttf or .otf.`,
    zh: `字体解压后超过 ${INTAKE_LIMITS.maxSfntBytes / 1024 / 1024} MB，请重新导出为 .ttf 或 .otf。`,
  },
  undrawable: {
    en: "file could not be drawn by the poster engine; export it again and try again.",
    zh: "海报引擎无法绘制该文件，请重新导出后重试。",
  },
  "too-slow": {
    en: `file took longer than ${INTAKE_LIMITS.taskMs / 1000} seconds to check and was refused; export it again or choose a simpler file.`,
    zh: `文件检查超过 ${INTAKE_LIMITS.taskMs / 1000} 秒，已拒绝；请重新导出或选择更简单的文件。`,
  },
  "too-much-memory": {
    en: "file needed too much memory to check and was refused; export it again or choose a simpler file.",
    zh: "检查文件所需内存过多，已拒绝；请重新导出或选择更简单的文件。",
  },
  busy: {
    en: "too many uploads are being checked right now; try again in a minute.",
    zh: "当前正在检查的上传过多，请稍后再试。",
  },
};

/** An AppError (400, or 429 when the checker is full) for a refused upload. */
export function intakeError(refusal: IntakeRefusal): AppError {
  const sentence = INTAKE_PROBLEMS[refusal.problem];
  return new AppError(
    refusal.problem === "busy" ? "TOO_MANY_REQUESTS" : "BAD_REQUEST",
    sentence.en,
    {
      field: "file",
      messageZh: sentence.zh,
    },
  );
}

/** How a stored logo is served: its own type, inline under a fixed name for PNG/JPEG only. */
export function logoServing(mime: string): { name: string; contentType: string; inline: boolean } {
  if (mime === "image/png") return { name: "logo.png", contentType: mime, inline: true };
  if (mime === "image/jpeg") return { name: "logo.jpg", contentType: mime, inline: true };
  // Logos stored before uploads were rasterised (SVG): a download, never a page.
  return { name: "logo.svg", contentType: mime, inline: false };
}

export function presignLogo(
  deps: { storage: AssetStorage; assetUrlTtlSeconds: number },
  row: { storageKey: string; mime: string },
): Promise<string> {
  const serve = logoServing(row.mime);
  return deps.storage.presignGet(row.storageKey, deps.assetUrlTtlSeconds, serve.name, serve);
}

export interface StoredLogo {
  id: string;
  originalName: string;
  mime: string;
  bytes: number;
  url: string;
}

/** Bytes of an upload sent as base64, refused with a sentence when empty or too large. */
export function decodeUpload(
  contentBase64: string,
  limit: { maxBytes: number; what: string; whatZh: string; choose: string; chooseZh: string },
): Buffer {
  const bytes = Buffer.from(contentBase64, "base64");
  const maxMb = limit.maxBytes / 1024 / 1024;
  if (bytes.length === 0)
    throw new AppError("BAD_REQUEST", `file is empty. ${limit.choose}`, {
      field: "file",
      messageZh: `文件为空，${limit.chooseZh}`,
    });
  if (bytes.length > limit.maxBytes)
    throw new AppError(
      "BAD_REQUEST",
      `file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; a ${limit.what} may be at most ${maxMb} MB.`,
      { field: "file", messageZh: `${limit.whatZh}文件不能超过 ${maxMb} MB。` },
    );
  return bytes;
}

/**
 * Stores a workspace's file under a key made of its hash: the same bytes
 * uploaded twice are one object and one row.
 */
export async function storeWorkspaceFile(
  deps: { db: Db; storage: AssetStorage },
  workspaceId: string,
  file: {
    kind: FileKind;
    bytes: Buffer;
    ext: string;
    mime: string;
    originalName: string;
    meta?: Prisma.InputJsonValue;
  },
): Promise<StoredFile> {
  const sha256 = createHash("sha256").update(file.bytes).digest("hex");
  const storageKey = `${workspaceId}/files/${file.kind.toLowerCase()}-${sha256.slice(0, 24)}.${file.ext}`;
  await deps.storage.put(storageKey, file.bytes, file.mime);
  return deps.db.storedFile.upsert({
    where: { storageKey },
    update: {},
    create: {
      workspaceId,
      kind: file.kind,
      storageKey,
      originalName: file.originalName.slice(0, 200),
      mime: file.mime,
      bytes: file.bytes.length,
      sha256,
      ...(file.meta !== undefined ? { meta: file.meta } : {}),
    },
  });
}

export async function uploadLogo(
  deps: { db: Db; storage: AssetStorage; assetUrlTtlSeconds: number },
  workspaceId: string,
  input: { fileName: string; contentBase64: string },
): Promise<StoredLogo> {
  const bytes = decodeUpload(input.contentBase64, {
    maxBytes: LOGO_MAX_BYTES,
    what: "logo",
    whatZh: "标志",
    choose: "Choose an SVG, PNG or JPEG logo.",
    chooseZh: "请选择 SVG、PNG 或 JPEG 标志。",
  });
  // Decoded, capped, re-encoded and drawn once off the event loop; an SVG
  // becomes a PNG. Only what the intake produced is stored.
  const intake = await intakeImage(bytes, ["png", "jpeg", "svg"]);
  if (!intake.ok) throw intakeError(intake);
  const row = await storeWorkspaceFile(deps, workspaceId, {
    kind: "LOGO",
    bytes: Buffer.from(intake.bytes),
    ext: intake.ext,
    mime: intake.mime,
    originalName: input.fileName,
    meta: { width: intake.width, height: intake.height, source: intake.source },
  });
  return {
    id: row.id,
    originalName: row.originalName,
    mime: row.mime,
    bytes: row.bytes,
    url: await presignLogo(deps, row),
  };
}

/** The logo row if it belongs to this workspace; another workspace's id is NOT_FOUND. */
export async function logoOf(db: Db, workspaceId: string, fileId: string) {
  const file = await db.storedFile.findFirst({ where: { id: fileId, workspaceId, kind: "LOGO" } });
  if (!file)
    throw new AppError("NOT_FOUND", "logoFileId does not name a logo in this workspace.", {
      field: "logoFileId",
      messageZh: "找不到该标志文件。",
    });
  return file;
}
