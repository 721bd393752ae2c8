import { FileName } from "@hyperposter/domain";
import { z } from "zod";
import {
  PRODUCT_PHOTO_MAX_BYTES,
  confirmCutout,
  deleteProduct,
  describeProductPhoto,
  getProduct,
  listProducts,
  removeProductPhoto,
  renameProduct,
  uploadProductPhoto,
} from "../services/products";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

const maxMb = PRODUCT_PHOTO_MAX_BYTES / 1024 / 1024;
const Id = (field: string) =>
  z
    .string({ error: `${field} must be text.` })
    .min(1, { error: `${field} must not be empty.` })
    .max(64);

// The product library: thin over services/products.ts, which checks tenancy and names the field at fault.
export const productRouter = createTRPCRouter({
  list: workspaceProcedure("VIEWER").query(({ ctx }) => listProducts(ctx, ctx.workspace.id)),

  get: workspaceProcedure("VIEWER")
    .input(z.object({ productId: Id("productId") }))
    .query(({ ctx, input }) => getProduct(ctx, ctx.workspace.id, input.productId)),

  /** A photo for a new product (named after the file unless `name` is given) or for `productId`. */
  upload: workspaceProcedure("EDITOR")
    .input(
      z.object({
        productId: Id("productId").optional(),
        // Checked by the service with ProductName (and its sentence).
        name: z.string({ error: "name must be text." }).max(200).optional(),
        fileName: FileName,
        // Base64 is 4/3 of the bytes; the service checks the decoded size exactly.
        contentBase64: z
          .string({ error: "file must be sent as base64 text." })
          .max(Math.ceil((PRODUCT_PHOTO_MAX_BYTES * 4) / 3) + 4, {
            error: `file is larger than ${maxMb} MB; a product photo may be at most ${maxMb} MB.`,
          }),
      }),
    )
    .mutation(({ ctx, input }) =>
      uploadProductPhoto(ctx, ctx.workspace.id, ctx.auth.user.id, {
        fileName: input.fileName,
        contentBase64: input.contentBase64,
        ...(input.productId ? { productId: input.productId } : {}),
        ...(input.name !== undefined ? { name: input.name } : {}),
      }),
    ),

  rename: workspaceProcedure("EDITOR")
    .input(
      z.object({
        productId: Id("productId"),
        name: z.string({ error: "name must be text." }).max(200),
      }),
    )
    .mutation(({ ctx, input }) => renameProduct(ctx, ctx.workspace.id, input)),

  delete: workspaceProcedure("EDITOR")
    .input(z.object({ productId: Id("productId") }))
    .mutation(({ ctx, input }) => deleteProduct(ctx, ctx.workspace.id, input.productId)),

  removePhoto: workspaceProcedure("EDITOR")
    .input(z.object({ photoId: Id("photoId") }))
    .mutation(({ ctx, input }) => removeProductPhoto(ctx, ctx.workspace.id, input.photoId)),

  /** "Fill the brief from the photo": the vision endpoint, or the local colour analysis. */
  describe: workspaceProcedure("EDITOR")
    .input(
      z.object({
        photoId: Id("photoId"),
        language: z.enum(["en", "zh"], { error: "language must be en or zh." }),
      }),
    )
    .mutation(({ ctx, input }) => describeProductPhoto(ctx, ctx.workspace.id, input)),

  /** Accept an uncertain cut-out after looking at it. */
  confirmCutout: workspaceProcedure("EDITOR")
    .input(z.object({ photoId: Id("photoId") }))
    .mutation(({ ctx, input }) =>
      confirmCutout(ctx, ctx.workspace.id, ctx.auth.user.id, input.photoId),
    ),
});
