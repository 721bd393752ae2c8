"use client";

import type { ProductView } from "@hyperposter/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useLocale } from "@/i18n/locale";
import { fieldError, uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/ui/button";
import { TextField } from "@/ui/field";
import { FileButton } from "@/ui/file-button";
import { Card, EmptyState, ErrorNote, Loading, Notice, PageHeader } from "@/ui/states";
import { useWorkspace } from "../shell/workspace";
import { ConfirmCutout, CutoutPreview, PHOTO_ACCEPT, useProductUpload } from "./cutout";

/** The workspace's product library: add, rename, delete, more photos per product. */
export function ProductLibrary() {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.product.list.queryOptions({ workspaceSlug: ws.slug }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.product.list.queryKey() });
  const editor = ws.can("EDITOR");
  const [name, setName] = useState("");
  const upload = useProductUpload();

  return (
    <>
      <PageHeader title={t.products.title} lead={t.products.lead} />
      {!editor ? (
        <div className="mb-4">
          <Notice>{t.common.viewerNote}</Notice>
        </div>
      ) : (
        <Card className="mb-6 space-y-3">
          <h2 className="text-lg font-semibold">{t.products.add}</h2>
          <div className="flex flex-wrap items-end gap-3">
            <div className="min-w-64 flex-1">
              <TextField
                label={t.products.newName}
                optional={t.common.optional}
                hint={t.products.newNameHint}
                value={name}
                maxLength={80}
                onChange={(e) => setName(e.target.value)}
              />
            </div>
            <div className="sm:pb-6">
              <FileButton
                id="new-product-photo"
                label={upload.pending ? t.products.uploading : t.products.choosePhoto}
                accept={PHOTO_ACCEPT}
                disabled={upload.pending}
                onFile={async (file) => {
                  if (await upload.send(file, { name })) {
                    setName("");
                    await refresh();
                  }
                }}
              />
            </div>
          </div>
          <p className="text-sm text-stone-600">{t.products.photoHint}</p>
          {upload.error ? (
            <p role="alert" className="text-sm font-medium text-red-700">
              {upload.error}
            </p>
          ) : null}
        </Card>
      )}
      {list.isPending ? <Loading label={t.common.loading} /> : null}
      {list.error ? (
        <ErrorNote
          message={`${t.products.loadError} ${uiError(list.error, locale)?.message ?? ""}`}
          action={
            <Button variant="secondary" onClick={() => list.refetch()}>
              {t.common.retry}
            </Button>
          }
        />
      ) : null}
      {list.data && list.data.length === 0 ? (
        <EmptyState title={t.products.emptyTitle} body={t.products.emptyBody} />
      ) : null}
      <ul className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        {list.data?.map((product) => (
          <li key={product.id}>
            <ProductCard product={product} editor={editor} onChanged={refresh} />
          </li>
        ))}
      </ul>
    </>
  );
}

function ProductCard({
  product,
  editor,
  onChanged,
}: {
  product: ProductView;
  editor: boolean;
  onChanged: () => Promise<void>;
}) {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(product.name);
  const rename = useMutation(
    trpc.product.rename.mutationOptions({
      onSuccess: async () => {
        setRenaming(false);
        await onChanged();
      },
    }),
  );
  const remove = useMutation(trpc.product.delete.mutationOptions({ onSuccess: onChanged }));
  const removePhoto = useMutation(
    trpc.product.removePhoto.mutationOptions({ onSuccess: onChanged }),
  );
  const upload = useProductUpload();
  const error = uiError(rename.error ?? remove.error ?? removePhoto.error, locale);

  return (
    <article
      aria-label={product.name}
      className="rounded-xl border border-stone-200 bg-white p-4 shadow-sm"
    >
      {renaming ? (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            rename.mutate({ workspaceSlug: ws.slug, productId: product.id, name });
          }}
        >
          <div className="min-w-48 flex-1">
            <TextField
              label={t.products.name}
              value={name}
              maxLength={80}
              autoFocus
              onChange={(e) => setName(e.target.value)}
              error={fieldError(error, "name")}
            />
          </div>
          <Button type="submit" disabled={rename.isPending}>
            {t.common.save}
          </Button>
          <Button variant="ghost" onClick={() => setRenaming(false)}>
            {t.common.cancel}
          </Button>
        </form>
      ) : (
        <div className="flex flex-wrap items-center justify-between gap-2">
          <div>
            <h2 className="text-lg font-semibold">{product.name}</h2>
            <p className="text-sm text-stone-600">{t.products.photos(product.photos.length)}</p>
          </div>
          {editor ? (
            <div className="flex gap-2">
              <Button
                variant="secondary"
                onClick={() => {
                  setName(product.name);
                  setRenaming(true);
                }}
              >
                {t.products.rename}
              </Button>
              <Button
                variant="ghost"
                disabled={remove.isPending}
                onClick={() => {
                  if (window.confirm(t.products.deleteConfirm(product.name)))
                    remove.mutate({ workspaceSlug: ws.slug, productId: product.id });
                }}
              >
                {t.products.delete}
              </Button>
            </div>
          ) : null}
        </div>
      )}
      <ul className="mt-4 flex flex-wrap gap-4">
        {product.photos.map((photo) => (
          <li key={photo.id} className="flex max-w-72 flex-col gap-2">
            <CutoutPreview photo={photo} name={product.name} />
            {photo.needsConfirmation && editor ? (
              <ConfirmCutout photo={photo} onConfirmed={onChanged} onReplaced={onChanged} />
            ) : null}
            {editor && product.photos.length > 1 ? (
              <Button
                variant="ghost"
                className="self-start"
                onClick={() => removePhoto.mutate({ workspaceSlug: ws.slug, photoId: photo.id })}
              >
                {t.products.removePhoto}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {editor ? (
        <div className="mt-4">
          <FileButton
            id={`add-photo-${product.id}`}
            label={upload.pending ? t.products.uploading : t.products.addPhoto}
            accept={PHOTO_ACCEPT}
            disabled={upload.pending}
            onFile={async (file) => {
              if (await upload.send(file, { productId: product.id })) await onChanged();
            }}
          />
        </div>
      ) : null}
      {upload.error || (error && error.field !== "name") ? (
        <p role="alert" className="mt-2 text-sm font-medium text-red-700">
          {upload.error ?? error?.message}
        </p>
      ) : null}
    </article>
  );
}
