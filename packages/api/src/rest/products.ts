import { AppError, type ProductView, parseInput } from "@hyperposter/domain";
import type { z } from "zod";
import {
  confirmCutout,
  deleteProduct,
  describeProductPhoto,
  getProduct,
  listProducts,
  removeProductPhoto,
  renameProduct,
  uploadProductPhoto,
  type ProductDeps,
} from "../services/products";
import {
  type Product,
  ProductDescribeBody,
  ProductPatch,
  type ProductPhotoDescription,
  ProductUploadBody,
} from "./schemas";

export function restProduct(view: ProductView): z.infer<typeof Product> {
  return {
    id: view.id,
    object: "product",
    name: view.name,
    photos: view.photos.map((p) => ({
      id: p.id,
      original_name: p.originalName,
      width: p.width,
      height: p.height,
      photo_url: p.photoUrl,
      cutout_url: p.cutoutUrl,
      method: p.method,
      confidence: p.confidence,
      needs_confirmation: p.needsConfirmation,
      created_at: p.createdAt,
    })),
    updated_at: view.updatedAt,
  };
}

export async function listRestProducts(deps: ProductDeps, workspaceId: string) {
  const views = await listProducts(deps, workspaceId);
  return { object: "list" as const, data: views.map(restProduct) };
}

export async function uploadRestProduct(deps: ProductDeps, workspaceId: string, body: unknown) {
  const input = parseInput(ProductUploadBody, body);
  const { product } = await uploadProductPhoto(deps, workspaceId, null, {
    fileName: input.file_name,
    contentBase64: input.content_base64,
    ...(input.product_id ? { productId: input.product_id } : {}),
    ...(input.name !== undefined ? { name: input.name } : {}),
  });
  return restProduct(product);
}

/**
 * The photo a REST generation uses: `product_photo_id` as given, or the newest
 * photo of `product_id` whose cut-out is confident or confirmed.
 */
export async function restProductPhoto(
  deps: ProductDeps,
  workspaceId: string,
  input: { product_id?: string | undefined; product_photo_id?: string | undefined },
): Promise<string | null> {
  if (input.product_id && input.product_photo_id)
    throw new AppError("BAD_REQUEST", "Send product_id or product_photo_id, not both.", {
      field: "product_id",
      messageZh: "请只提供 product_id 或 product_photo_id 其中之一。",
    });
  if (input.product_photo_id) return input.product_photo_id;
  if (!input.product_id) return null;
  const views = await listProducts(deps, workspaceId);
  const product = views.find((v) => v.id === input.product_id);
  if (!product)
    throw new AppError("NOT_FOUND", "product_id does not name a product in this workspace.", {
      field: "product_id",
      messageZh: "此工作区中没有该商品。",
    });
  const usable = product.photos.filter((p) => !p.needsConfirmation).at(-1);
  if (!usable)
    throw new AppError(
      "BAD_REQUEST",
      "product_id: every photo of this product has an uncertain cut-out; confirm one in the studio, or upload a PNG with a transparent background.",
      {
        field: "product_id",
        messageZh:
          "product_id：该商品所有图片的抠图都不够确定，请在工作室中确认，或上传背景透明的 PNG。",
      },
    );
  return usable.id;
}

// The services name the tRPC inputs (productId, photoId); REST callers sent path ids.
async function withRestFields<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError && (error.field === "productId" || error.field === "photoId")) {
      const field = error.field === "productId" ? "id" : "photo_id";
      throw new AppError(error.code, error.message.replace(error.field, field), {
        field,
        ...(error.messageZh ? { messageZh: error.messageZh } : {}),
        cause: error,
      });
    }
    throw error;
  }
}

/** The product, with `photoId` among its photos (a photo of another product is not found). */
async function productWithPhoto(
  deps: ProductDeps,
  workspaceId: string,
  productId: string,
  photoId: string,
) {
  const product = await withRestFields(() => getProduct(deps, workspaceId, productId));
  if (!product.photos.some((p) => p.id === photoId))
    throw new AppError("NOT_FOUND", "photo_id does not name a photo of this product.", {
      field: "photo_id",
      messageZh: "photo_id：该商品没有这张照片。",
    });
  return product;
}

export async function renameRestProduct(
  deps: ProductDeps,
  workspaceId: string,
  productId: string,
  body: unknown,
) {
  const patch = parseInput(ProductPatch, body);
  return restProduct(
    await withRestFields(() => renameProduct(deps, workspaceId, { productId, name: patch.name })),
  );
}

/** Deleting archives: generations that used the product keep it and its report. */
export async function deleteRestProduct(deps: ProductDeps, workspaceId: string, productId: string) {
  await withRestFields(() => deleteProduct(deps, workspaceId, productId));
  return { id: productId, object: "product" as const, deleted: true as const };
}

export async function removeRestProductPhoto(
  deps: ProductDeps,
  workspaceId: string,
  productId: string,
  photoId: string,
) {
  await productWithPhoto(deps, workspaceId, productId, photoId);
  return restProduct(await withRestFields(() => removeProductPhoto(deps, workspaceId, photoId)));
}

/** A person looked at the uncertain cut-out (cutout_url) and accepts it for generations. */
export async function confirmRestCutout(
  deps: ProductDeps,
  workspaceId: string,
  productId: string,
  photoId: string,
) {
  await productWithPhoto(deps, workspaceId, productId, photoId);
  await withRestFields(() => confirmCutout(deps, workspaceId, null, photoId));
  return restProduct(await getProduct(deps, workspaceId, productId));
}

export async function describeRestProductPhoto(
  deps: ProductDeps,
  workspaceId: string,
  productId: string,
  photoId: string,
  body: unknown,
): Promise<z.infer<typeof ProductPhotoDescription>> {
  const input = parseInput(ProductDescribeBody, body ?? {});
  await productWithPhoto(deps, workspaceId, productId, photoId);
  const d = await withRestFields(() =>
    describeProductPhoto(deps, workspaceId, { photoId, language: input.language }),
  );
  return {
    object: "product_photo_description",
    source: d.source,
    name: d.name,
    category: d.category,
    material: d.material,
    colors: d.colors,
    details: d.details,
    orientation: d.orientation,
    note: d.note,
    product_description: d.productDescription,
  };
}
