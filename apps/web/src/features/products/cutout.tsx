"use client";

import type { ProductPhotoView } from "@hyperposter/domain";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useLocale } from "@/i18n/locale";
import { fileSentence, uiError } from "@/lib/errors";
import { toBase64 } from "@/lib/files";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/ui/button";
import { FileButton } from "@/ui/file-button";
import { useWorkspace } from "../shell/workspace";

/**
 * Transparency shown the way image editors do: a checkerboard behind the
 * cut-out, mid-grey rather than white so a white product (a sneaker, a cup)
 * still shows its edges.
 */
export const CHECKERBOARD = {
  backgroundColor: "#e7e5e4",
  backgroundImage: "repeating-conic-gradient(#c8c4c0 0% 25%, #e7e5e4 0% 50%)",
  backgroundSize: "16px 16px",
} as const;

export const PHOTO_ACCEPT = ".png,.jpg,.jpeg,.webp,image/png,image/jpeg,image/webp";
const MAX_BYTES = 10 * 1024 * 1024;
const TYPES = ["image/png", "image/jpeg", "image/webp"];

/**
 * Uploads a product photo (a new library product, or another photo of
 * `productId`): checked here for a quick answer, then by the server's intake.
 */
export function useProductUpload() {
  const { t, locale } = useLocale();
  const { slug } = useWorkspace();
  const trpc = useTRPC();
  const [localError, setLocalError] = useState<string | null>(null);
  const upload = useMutation(trpc.product.upload.mutationOptions());
  const serverError = uiError(upload.error, locale);
  const error = localError ?? (serverError ? fileSentence(serverError.message) : null);

  async function send(file: File | undefined, target: { productId?: string; name?: string } = {}) {
    setLocalError(null);
    upload.reset();
    if (!file) return null;
    if (file.size > MAX_BYTES) {
      setLocalError(t.products.tooBig);
      return null;
    }
    if (file.type && !TYPES.includes(file.type)) {
      setLocalError(t.products.wrongType);
      return null;
    }
    return upload
      .mutateAsync({
        workspaceSlug: slug,
        fileName: file.name,
        contentBase64: await toBase64(file),
        ...(target.productId ? { productId: target.productId } : {}),
        ...(target.name?.trim() ? { name: target.name.trim() } : {}),
      })
      .catch(() => null);
  }

  return { send, pending: upload.isPending, error };
}

/** The cut-out on a checkerboard, with how it was made and how sure it is. */
export function CutoutPreview({
  photo,
  name,
  size = "md",
}: {
  photo: ProductPhotoView;
  name: string;
  size?: "sm" | "md";
}) {
  const { t } = useLocale();
  const box = size === "sm" ? "size-24" : "size-40";
  return (
    <figure className="flex flex-col gap-1">
      <div
        className={`${box} flex items-center justify-center overflow-hidden rounded-lg border border-stone-200 p-1`}
        style={CHECKERBOARD}
      >
        <img
          src={photo.cutoutUrl}
          alt={t.products.cutout(name)}
          data-testid="product-cutout"
          className="max-h-full max-w-full object-contain"
        />
      </div>
      <figcaption className="text-xs text-stone-600">
        {t.products.methods[photo.method]} ·{" "}
        <span data-testid="cutout-confidence">
          {t.products.confidence(Math.round(photo.confidence * 100))}
        </span>
        {photo.confirmedAt ? ` · ${t.products.confirmed}` : ""}
      </figcaption>
    </figure>
  );
}

/**
 * An uncertain cut-out asks a person: use it as it is, or upload a PNG with
 * transparency instead (a new photo of the same product).
 */
export function ConfirmCutout({
  photo,
  onConfirmed,
  onReplaced,
}: {
  photo: ProductPhotoView;
  onConfirmed: (photo: ProductPhotoView) => void;
  onReplaced: (photo: ProductPhotoView) => void;
}) {
  const { t, locale } = useLocale();
  const { slug } = useWorkspace();
  const trpc = useTRPC();
  const confirm = useMutation(trpc.product.confirmCutout.mutationOptions());
  const replace = useProductUpload();
  const error = uiError(confirm.error, locale)?.message ?? replace.error;
  return (
    <div
      role="group"
      aria-labelledby={`uncertain-${photo.id}`}
      className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm"
    >
      <p id={`uncertain-${photo.id}`} className="font-semibold text-amber-900">
        {t.products.uncertainTitle}
      </p>
      <p className="mt-1 text-amber-900">{t.products.uncertainBody}</p>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button
          variant="secondary"
          disabled={confirm.isPending}
          onClick={() =>
            confirm.mutate({ workspaceSlug: slug, photoId: photo.id }, { onSuccess: onConfirmed })
          }
        >
          {t.products.confirm}
        </Button>
        <FileButton
          id={`replace-${photo.id}`}
          label={replace.pending ? t.products.uploading : t.products.uploadPng}
          accept=".png,image/png"
          disabled={replace.pending}
          onFile={async (file) => {
            const done = await replace.send(file, { productId: photo.productId });
            if (done) onReplaced(done.photo);
          }}
        />
      </div>
      {error ? (
        <p role="alert" className="mt-2 font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
