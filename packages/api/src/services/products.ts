import type { Db, ProductPhoto, StoredFile } from "@hyperposter/db";
import {
  AppError,
  BriefProductDescription,
  CutoutMethod,
  PRODUCT_LOW_CONFIDENCE,
  ProductBackdrop,
  ProductName,
  type ProductPhotoView,
  type ProductView,
  parseInput,
} from "@hyperposter/domain";
import type { AssetStorage } from "@hyperposter/jobs";
import {
  cutOutProduct,
  cutoutFromPng,
  cutoutPng,
  briefDescriptionFromLocal,
  describeLocally,
  describeWithVlm,
  type Segmenter,
  type VlmOptions,
} from "@hyperposter/pipeline/product/library";
import { intakeImage } from "@hyperposter/pipeline/intake";
import { INTAKE_PROBLEMS, decodeUpload, intakeError, storeWorkspaceFile } from "./files";

/**
 * A product photo may be larger than a logo (a phone's JPEG is 3–8 MB); the
 * intake's pixel caps (4096 a side, 16 megapixels) and decoding checks are the
 * logo's own.
 */
export const PRODUCT_PHOTO_MAX_BYTES = 10 * 1024 * 1024;

/** Products a workspace may keep (archived ones not counted). */
export const MAX_PRODUCTS = 500;
/** Photos one product may have. */
export const MAX_PHOTOS_PER_PRODUCT = 12;

export interface ProductDeps {
  db: Db;
  storage: AssetStorage;
  assetUrlTtlSeconds: number;
  /** SEGMENTATION_MODEL loaded by the host, when the operator supplied one. */
  segmenter?: Segmenter;
  /** VLM_* : the vision endpoint that describes a photo. */
  vlm?: VlmOptions;
}

type PhotoRow = ProductPhoto & { file: StoredFile; cutoutFile: StoredFile };

function notFound(field: string): AppError {
  return new AppError("NOT_FOUND", `${field} does not name a product in this workspace.`, {
    field,
    messageZh: "此工作区中没有该商品。",
  });
}

function photoNotFound(field: string): AppError {
  return new AppError("NOT_FOUND", `${field} does not name a product photo in this workspace.`, {
    field,
    messageZh: "此工作区中没有该商品图片。",
  });
}

function needsConfirmation(row: { confidence: number; confirmedAt: Date | null }): boolean {
  return row.confidence < PRODUCT_LOW_CONFIDENCE && !row.confirmedAt;
}

function dimensions(meta: unknown): { width: number; height: number } {
  const m = (typeof meta === "object" && meta !== null ? meta : {}) as Record<string, unknown>;
  const width = typeof m.width === "number" && m.width > 0 ? Math.round(m.width) : 1;
  const height = typeof m.height === "number" && m.height > 0 ? Math.round(m.height) : 1;
  return { width, height };
}

async function photoView(deps: ProductDeps, row: PhotoRow): Promise<ProductPhotoView> {
  const ttl = deps.assetUrlTtlSeconds;
  const ext = row.file.mime === "image/jpeg" ? "jpg" : "png";
  const [photoUrl, cutoutUrl] = await Promise.all([
    deps.storage.presignGet(row.file.storageKey, ttl, `product.${ext}`, {
      contentType: row.file.mime,
      inline: true,
    }),
    deps.storage.presignGet(row.cutoutFile.storageKey, ttl, "product-cutout.png", {
      contentType: "image/png",
      inline: true,
    }),
  ]);
  const photo = dimensions(row.file.meta);
  const cut = dimensions(row.cutoutFile.meta);
  return {
    id: row.id,
    productId: row.productId,
    originalName: row.file.originalName,
    width: photo.width,
    height: photo.height,
    photoUrl,
    cutoutUrl,
    cutoutWidth: cut.width,
    cutoutHeight: cut.height,
    method: CutoutMethod.catch("backdrop").parse(row.method),
    confidence: row.confidence,
    backdrop: ProductBackdrop.catch("busy").parse(row.backdrop),
    notes: row.notes,
    needsConfirmation: needsConfirmation(row),
    confirmedAt: row.confirmedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

const PHOTOS = {
  where: { removedAt: null },
  orderBy: { createdAt: "asc" as const },
  include: { file: true, cutoutFile: true },
};

async function productView(
  deps: ProductDeps,
  row: { id: string; name: string; createdAt: Date; updatedAt: Date; photos: PhotoRow[] },
): Promise<ProductView> {
  return {
    id: row.id,
    name: row.name,
    photos: await Promise.all(row.photos.map((p) => photoView(deps, p))),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The workspace's products (not deleted), most recently changed first. */
export async function listProducts(deps: ProductDeps, workspaceId: string): Promise<ProductView[]> {
  const rows = await deps.db.product.findMany({
    where: { workspaceId, archivedAt: null },
    orderBy: { updatedAt: "desc" },
    take: MAX_PRODUCTS,
    include: { photos: PHOTOS },
  });
  return Promise.all(rows.map((row) => productView(deps, row)));
}

async function productRow(db: Db, workspaceId: string, productId: string) {
  const row = await db.product.findFirst({
    where: { id: productId, workspaceId, archivedAt: null },
  });
  if (!row) throw notFound("productId");
  return row;
}

export async function getProduct(
  deps: ProductDeps,
  workspaceId: string,
  productId: string,
): Promise<ProductView> {
  const row = await deps.db.product.findFirst({
    where: { id: productId, workspaceId, archivedAt: null },
    include: { photos: PHOTOS },
  });
  if (!row) throw notFound("productId");
  return productView(deps, row);
}

/** The name a product gets from its first photo's file name: "cold-brew_bottle.jpg" → "cold brew bottle". */
export function nameFromFile(fileName: string): string {
  const stem = fileName
    .replace(/\.[a-z0-9]{1,5}$/i, "")
    .replace(/[_-]+/g, " ")
    .trim();
  return (stem || "Product").slice(0, 80);
}

/**
 * Checks an uploaded product photo (the logo's intake: decoded in full within
 * the pixel caps and re-encoded; PNG, JPEG or WebP), cuts the product out and
 * keeps photo and cut-out in the workspace. Without `productId` a new library
 * product is made (named `name`, or after the file), so a photo uploaded for
 * one generation is there to reuse.
 */
export async function uploadProductPhoto(
  deps: ProductDeps,
  workspaceId: string,
  userId: string | null,
  input: { productId?: string; name?: string; fileName: string; contentBase64: string },
): Promise<{ product: ProductView; photo: ProductPhotoView }> {
  const bytes = decodeUpload(input.contentBase64, {
    maxBytes: PRODUCT_PHOTO_MAX_BYTES,
    what: "product photo",
    whatZh: "商品图片",
    choose: "Choose a PNG, JPEG or WebP photo of the product.",
    chooseZh: "请选择 PNG、JPEG 或 WebP 格式的商品图片。",
  });
  const name = input.name !== undefined ? parseInput(ProductName, input.name, "name") : undefined;
  if (input.productId) {
    await productRow(deps.db, workspaceId, input.productId);
    const photos = await deps.db.productPhoto.count({
      where: { productId: input.productId, removedAt: null },
    });
    if (photos >= MAX_PHOTOS_PER_PRODUCT)
      throw new AppError(
        "BAD_REQUEST",
        `productId: a product may have at most ${MAX_PHOTOS_PER_PRODUCT} photos; remove one first.`,
        {
          field: "productId",
          messageZh: `每个商品最多 ${MAX_PHOTOS_PER_PRODUCT} 张图片，请先删除一张。`,
        },
      );
  } else {
    const products = await deps.db.product.count({ where: { workspaceId, archivedAt: null } });
    if (products >= MAX_PRODUCTS)
      throw new AppError(
        "BAD_REQUEST",
        `The product library is full (${MAX_PRODUCTS} products); delete one first.`,
        { field: "productId", messageZh: `商品库已满（${MAX_PRODUCTS} 个），请先删除一个。` },
      );
  }

  const intake = await intakeImage(bytes, ["png", "jpeg", "webp"]);
  if (!intake.ok) {
    if (intake.problem === "image-type")
      throw new AppError("BAD_REQUEST", "file must be a PNG, JPEG or WebP photo.", {
        field: "file",
        messageZh: "文件必须是 PNG、JPEG 或 WebP 图片。",
      });
    if (intake.problem === "image-too-large")
      throw new AppError(
        "BAD_REQUEST",
        INTAKE_PROBLEMS["image-too-large"].en.replace("a logo", "a photo"),
        {
          field: "file",
          messageZh: INTAKE_PROBLEMS["image-too-large"].zh.replace("标志", "图片"),
        },
      );
    throw intakeError(intake);
  }
  const checked = Buffer.from(intake.bytes);
  let cutout;
  try {
    cutout = await cutOutProduct(checked, deps.segmenter ? { segmenter: deps.segmenter } : {});
  } catch {
    throw new AppError("BAD_REQUEST", INTAKE_PROBLEMS["image-damaged"].en, {
      field: "file",
      messageZh: INTAKE_PROBLEMS["image-damaged"].zh,
    });
  }
  if (cutout.box.width === 0)
    throw new AppError(
      "BAD_REQUEST",
      "file shows no product: the photo is empty or fully transparent. Choose a photo of the product.",
      { field: "file", messageZh: "图片中没有商品（空白或完全透明），请选择商品照片。" },
    );
  const [photoFile, cutoutFile] = await Promise.all([
    storeWorkspaceFile(deps, workspaceId, {
      kind: "PRODUCT",
      bytes: checked,
      ext: intake.ext,
      mime: intake.mime,
      originalName: input.fileName,
      meta: { width: intake.width, height: intake.height, source: intake.source },
    }),
    cutoutPng(cutout).then((png) =>
      storeWorkspaceFile(deps, workspaceId, {
        kind: "PRODUCT",
        bytes: png,
        ext: "png",
        mime: "image/png",
        originalName: `${nameFromFile(input.fileName)} (cut-out).png`,
        meta: { width: cutout.image.width, height: cutout.image.height, source: "cutout" },
      }),
    ),
  ]);
  const productId =
    input.productId ??
    (
      await deps.db.product.create({
        data: { workspaceId, name: name ?? nameFromFile(input.fileName), createdById: userId },
      })
    ).id;
  const photo = await deps.db.productPhoto.create({
    data: {
      workspaceId,
      productId,
      fileId: photoFile.id,
      cutoutFileId: cutoutFile.id,
      method: cutout.method,
      confidence: cutout.confidence,
      backdrop: cutout.backdrop,
      notes: cutout.notes,
    },
    include: { file: true, cutoutFile: true },
  });
  // The product moves to the top of the library.
  await deps.db.product.update({ where: { id: productId }, data: { updatedAt: new Date() } });
  return {
    product: await getProduct(deps, workspaceId, productId),
    photo: await photoView(deps, photo),
  };
}

export async function renameProduct(
  deps: ProductDeps,
  workspaceId: string,
  input: { productId: string; name: string },
): Promise<ProductView> {
  const name = parseInput(ProductName, input.name, "name");
  await productRow(deps.db, workspaceId, input.productId);
  await deps.db.product.update({ where: { id: input.productId }, data: { name } });
  return getProduct(deps, workspaceId, input.productId);
}

/** Deleting archives: generations that used the product keep their photo and report. */
export async function deleteProduct(
  deps: ProductDeps,
  workspaceId: string,
  productId: string,
): Promise<{ deleted: true }> {
  await productRow(deps.db, workspaceId, productId);
  await deps.db.product.update({ where: { id: productId }, data: { archivedAt: new Date() } });
  return { deleted: true };
}

async function photoRow(db: Db, workspaceId: string, photoId: string, field: string) {
  const row = await db.productPhoto.findFirst({
    where: { id: photoId, workspaceId, removedAt: null, product: { archivedAt: null } },
    include: { file: true, cutoutFile: true, product: true },
  });
  if (!row) throw photoNotFound(field);
  return row;
}

export async function removeProductPhoto(
  deps: ProductDeps,
  workspaceId: string,
  photoId: string,
): Promise<ProductView> {
  const row = await photoRow(deps.db, workspaceId, photoId, "photoId");
  await deps.db.productPhoto.update({ where: { id: photoId }, data: { removedAt: new Date() } });
  return getProduct(deps, workspaceId, row.productId);
}

/** A person looked at an uncertain cut-out and accepts it for posters. */
export async function confirmCutout(
  deps: ProductDeps,
  workspaceId: string,
  userId: string | null,
  photoId: string,
): Promise<ProductPhotoView> {
  await photoRow(deps.db, workspaceId, photoId, "photoId");
  const row = await deps.db.productPhoto.update({
    where: { id: photoId },
    data: { confirmedAt: new Date(), confirmedById: userId },
    include: { file: true, cutoutFile: true },
  });
  return photoView(deps, row);
}

/**
 * The photo a generation may use: in this workspace, not removed, and its
 * cut-out either confident or confirmed by a person (`field` names the
 * request's field in the error).
 */
export async function usableProductPhoto(
  db: Db,
  workspaceId: string,
  photoId: string,
  field: string,
): Promise<{ id: string }> {
  const row = await photoRow(db, workspaceId, photoId, field);
  if (needsConfirmation(row))
    throw new AppError(
      "BAD_REQUEST",
      `${field}: the product's cut-out is uncertain (confidence ${row.confidence.toFixed(2)}); look at it and confirm it, or upload a PNG with a transparent background.`,
      {
        field,
        messageZh: `${field}：商品抠图不够确定（置信度 ${row.confidence.toFixed(2)}），请查看并确认，或上传背景透明的 PNG。`,
      },
    );
  return { id: row.id };
}

/** What "fill the brief from the photo" gets back. */
export interface PhotoDescription {
  /** "vision": the VLM endpoint answered; "local": colours and shape read from the cut-out. */
  source: "vision" | "local";
  name: string | null;
  category: string | null;
  material: string | null;
  colors: string[];
  details: string[];
  orientation: "tall" | "wide" | "square";
  /** Why the vision endpoint was not used, when one is configured and failed. */
  note: string | null;
  /** The same, as the brief's `productDescription`: the rephraser puts it in the image prompt. */
  productDescription: BriefProductDescription;
}

/**
 * Describes a library photo for the brief: the vision endpoint when one is
 * configured (the checked photo is sent), else — or when it fails — the local
 * analysis of the stored cut-out (dominant colours named with the colour
 * lexicon, its shape).
 */
export async function describeProductPhoto(
  deps: ProductDeps,
  workspaceId: string,
  input: { photoId: string; language: "en" | "zh" },
): Promise<PhotoDescription> {
  const row = await photoRow(deps.db, workspaceId, input.photoId, "photoId");
  const cutout = await cutoutFromPng(await deps.storage.get(row.cutoutFile.storageKey), {
    method: CutoutMethod.catch("backdrop").parse(row.method),
    confidence: row.confidence,
    backdrop: ProductBackdrop.catch("busy").parse(row.backdrop),
    notes: row.notes,
  });
  const local = describeLocally(cutout);
  const localBrief = briefDescriptionFromLocal(local);
  const fallback = (note: string | null): PhotoDescription => ({
    source: "local",
    name: null,
    category: null,
    material: null,
    colors: localBrief.colors,
    details: [],
    orientation: local.orientation,
    note,
    productDescription: localBrief,
  });
  if (!deps.vlm) return fallback(null);
  try {
    const mime = row.file.mime === "image/jpeg" ? "image/jpeg" : "image/png";
    const { description } = await describeWithVlm(
      { bytes: await deps.storage.get(row.file.storageKey), mime },
      input.language,
      deps.vlm,
    );
    // A reply the brief would refuse (a control character, say) is not fed to the rephraser.
    const forBrief = BriefProductDescription.safeParse({
      source: "vision",
      name: description.name,
      category: description.category,
      material: description.material || undefined,
      colors: description.colors,
      details: description.details,
    });
    return {
      source: "vision",
      name: description.name,
      category: description.category,
      material: description.material ?? null,
      colors: description.colors,
      details: description.details,
      orientation: local.orientation,
      note: null,
      productDescription: forBrief.success ? forBrief.data : localBrief,
    };
  } catch (error) {
    return fallback(
      input.language === "zh"
        ? "视觉模型服务没有给出可用的回答，以下颜色来自照片本身。"
        : `The vision endpoint gave no usable answer (${error instanceof Error ? error.message : String(error)}); the colours below come from the photo itself.`,
    );
  }
}
