import { createHash } from "node:crypto";
import type { Db, FileKind, Prisma, StoredFile } from "@hyperposter/db";
import { AppError } from "@hyperposter/domain";
import type { AssetStorage } from "@hyperposter/jobs";

export const LOGO_MAX_BYTES = 2 * 1024 * 1024;

type LogoType = { mime: "image/png" | "image/jpeg" | "image/svg+xml"; ext: string };

/**
 * The type comes from the bytes, not the name or the browser's claim: a
 * renamed file cannot pass as a logo. SVGs with scripts, event handlers or
 * external references are refused because they are served back to browsers.
 */
export function sniffLogo(bytes: Buffer): LogoType | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return { mime: "image/png", ext: "png" };
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return { mime: "image/jpeg", ext: "jpg" };
  const head = bytes
    .subarray(0, 4096)
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg[\s>]/i.test(head))
    return { mime: "image/svg+xml", ext: "svg" };
  return null;
}

function unsafeSvg(text: string): boolean {
  return /<script|\son[a-z]+\s*=|javascript:|<foreignObject|xlink:href\s*=\s*["']https?:|href\s*=\s*["']https?:/i.test(
    text,
  );
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
  const type = sniffLogo(bytes);
  if (!type)
    throw new AppError("BAD_REQUEST", "file must be an SVG, PNG or JPEG image.", {
      field: "file",
      messageZh: "文件必须是 SVG、PNG 或 JPEG 图片。",
    });
  if (type.ext === "svg" && unsafeSvg(bytes.toString("utf8")))
    throw new AppError(
      "BAD_REQUEST",
      "file is an SVG with scripts or external links; export a plain SVG and try again.",
      { field: "file", messageZh: "SVG 含有脚本或外部链接，请导出纯 SVG 后重试。" },
    );
  const row = await storeWorkspaceFile(deps, workspaceId, {
    kind: "LOGO",
    bytes,
    ext: type.ext,
    mime: type.mime,
    originalName: input.fileName,
  });
  return {
    id: row.id,
    originalName: row.originalName,
    mime: row.mime,
    bytes: row.bytes,
    url: await deps.storage.presignGet(row.storageKey, deps.assetUrlTtlSeconds),
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
