"use client";

import type { BriefProductDescription, ProductPhotoView } from "@hyperposter/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { useLocale } from "@/i18n/locale";
import { uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/ui/button";
import { FileButton } from "@/ui/file-button";
import { useWorkspace } from "../shell/workspace";
import { ConfirmCutout, CutoutPreview, PHOTO_ACCEPT, useProductUpload } from "./cutout";

export interface PickedProduct {
  name: string;
  photo: ProductPhotoView;
  /** What "fill the brief from the photo" read from it; sent as the brief's productDescription. */
  description?: BriefProductDescription;
}

/** What "fill the brief from the photo" may set: only fields the marketer left empty. */
export interface BriefFill {
  product: string | null;
  style: string | null;
}

/**
 * The studio's product photo: upload one (it joins the library) or pick one
 * from the library; the cut-out is previewed on a checkerboard, and an
 * uncertain one must be confirmed before the brief can be generated.
 */
export function ProductPicker({
  value,
  onChange,
  error,
  language,
  onFill,
}: {
  value: PickedProduct | null;
  onChange: (next: PickedProduct | null) => void;
  error?: string | undefined;
  /** The brief's language: the description is asked for in it. */
  language: "en" | "zh";
  onFill: (fill: BriefFill) => void;
}) {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const library = useQuery(trpc.product.list.queryOptions({ workspaceSlug: ws.slug }));
  const upload = useProductUpload();
  const describe = useMutation(trpc.product.describe.mutationOptions());
  const [filled, setFilled] = useState<string | null>(null);
  const describeError = uiError(describe.error, locale)?.message;

  async function fill(photoId: string) {
    setFilled(null);
    const d = await describe
      .mutateAsync({ workspaceSlug: ws.slug, photoId, language })
      .catch(() => null);
    if (!d) return;
    // The description travels with the picked photo: the image prompt follows it.
    if (value?.photo.id === photoId) onChange({ ...value, description: d.productDescription });
    const words = [...d.colors.slice(0, 3), ...(d.material ? [d.material] : [])];
    onFill({
      product: d.name,
      style: words.length ? t.productPicker.colours(words) : null,
    });
    setFilled(
      [d.source === "vision" ? t.productPicker.filledVision : t.productPicker.filledLocal, d.note]
        .filter(Boolean)
        .join(" "),
    );
  }
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.product.list.queryKey() });
  const options = (library.data ?? []).flatMap((product) =>
    product.photos.map((photo, index) => ({
      key: photo.id,
      label: product.photos.length > 1 ? `${product.name} (${index + 1})` : product.name,
      picked: { name: product.name, photo },
    })),
  );

  return (
    <div>
      <span className="block text-sm font-medium text-stone-800">{t.productPicker.label}</span>
      <p id={`${id}-hint`} className="mt-1 text-sm text-stone-600">
        {t.productPicker.hint}
      </p>
      <div className="mt-3 flex flex-wrap items-start gap-4">
        {value ? <CutoutPreview photo={value.photo} name={value.name} /> : null}
        <div className="flex min-w-48 flex-1 flex-col gap-2">
          {value ? <p className="text-sm font-semibold">{value.name}</p> : null}
          <FileButton
            id={`${id}-upload`}
            label={upload.pending ? t.products.uploading : t.products.choosePhoto}
            accept={PHOTO_ACCEPT}
            describedBy={`${id}-hint`}
            disabled={upload.pending}
            onFile={async (file) => {
              const done = await upload.send(file);
              if (done) {
                onChange({ name: done.product.name, photo: done.photo });
                await refresh();
              }
            }}
          />
          {options.length > 0 ? (
            <label className="text-sm">
              <span className="sr-only">{t.productPicker.fromLibrary}</span>
              <select
                aria-label={t.productPicker.fromLibrary}
                className="w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm"
                value={value?.photo.id ?? ""}
                onChange={(e) => {
                  const chosen = options.find((o) => o.key === e.target.value);
                  onChange(chosen ? chosen.picked : null);
                }}
              >
                <option value="">
                  {value ? t.productPicker.none : `${t.productPicker.fromLibrary}…`}
                </option>
                {options.map((o) => (
                  <option key={o.key} value={o.key}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <div className="flex flex-wrap items-center gap-3 text-sm">
            {value ? (
              <Button
                variant="secondary"
                disabled={describe.isPending}
                onClick={() => void fill(value.photo.id)}
              >
                {describe.isPending ? t.productPicker.filling : t.productPicker.fill}
              </Button>
            ) : null}
            {value ? (
              <Button variant="ghost" onClick={() => onChange(null)}>
                {t.productPicker.remove}
              </Button>
            ) : null}
            <Link
              href={`/w/${ws.slug}/products`}
              className="font-medium text-indigo-700 underline-offset-2 hover:underline"
            >
              {t.productPicker.library}
            </Link>
          </div>
        </div>
      </div>
      {value?.photo.needsConfirmation ? (
        <div className="mt-3">
          <ConfirmCutout
            photo={value.photo}
            onConfirmed={async (photo) => {
              onChange({ ...value, photo });
              await refresh();
            }}
            onReplaced={async (photo) => {
              onChange({ ...value, photo });
              await refresh();
            }}
          />
        </div>
      ) : null}
      {filled && value ? (
        <p role="status" className="mt-2 text-sm text-stone-600">
          {filled}
        </p>
      ) : null}
      {upload.error || error || describeError ? (
        <p role="alert" className="mt-2 text-sm font-medium text-red-700">
          {upload.error ?? error ?? describeError}
        </p>
      ) : null}
    </div>
  );
}
