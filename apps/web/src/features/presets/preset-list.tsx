"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useLocale } from "@/i18n/locale";
import { uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button, ButtonLink } from "@/ui/button";
import { EmptyState, ErrorNote, Loading, Notice, PageHeader } from "@/ui/states";
import { useWorkspace } from "../shell/workspace";
import { Swatches } from "./swatches";

export function PresetList() {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [showArchived, setShowArchived] = useState(false);
  const list = useQuery(
    trpc.preset.list.queryOptions({ workspaceSlug: ws.slug, includeArchived: showArchived }),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.preset.list.queryKey() });
  const duplicate = useMutation(trpc.preset.duplicate.mutationOptions({ onSuccess: refresh }));
  const archive = useMutation(trpc.preset.archive.mutationOptions({ onSuccess: refresh }));
  const editor = ws.can("EDITOR");
  const actionError = uiError(duplicate.error ?? archive.error, locale);
  const base = `/w/${ws.slug}/presets`;

  return (
    <>
      <PageHeader
        title={t.presets.title}
        lead={t.presets.lead}
        actions={editor ? <ButtonLink href={`${base}/new`}>{t.presets.new}</ButtonLink> : null}
      />
      {!editor ? (
        <div className="mb-4">
          <Notice>{t.common.viewerNote}</Notice>
        </div>
      ) : null}
      <label className="mb-4 inline-flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          className="size-4"
          checked={showArchived}
          onChange={(e) => setShowArchived(e.target.checked)}
        />
        {t.presets.showArchived}
      </label>
      {actionError ? <ErrorNote className="mb-4" message={actionError.message} /> : null}
      {list.isPending ? <Loading label={t.common.loading} /> : null}
      {list.error ? (
        <ErrorNote
          message={`${t.presets.loadError} ${uiError(list.error, locale)?.message ?? ""}`}
          action={
            <Button variant="secondary" onClick={() => list.refetch()}>
              {t.common.retry}
            </Button>
          }
        />
      ) : null}
      {list.data && list.data.length === 0 ? (
        <EmptyState
          title={t.presets.emptyTitle}
          body={t.presets.emptyBody}
          action={
            editor ? <ButtonLink href={`${base}/new`}>{t.presets.new}</ButtonLink> : undefined
          }
        />
      ) : null}
      <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-3">
        {list.data?.map((preset) => (
          <li
            key={preset.id}
            className={`flex flex-col rounded-xl border bg-white p-4 shadow-sm ${preset.archived ? "border-dashed border-stone-300 opacity-75" : "border-stone-200"}`}
          >
            <div className="flex items-start gap-3">
              <div
                className="flex size-14 shrink-0 items-center justify-center overflow-hidden rounded-lg border border-stone-200"
                style={{ backgroundColor: preset.data.colors.background }}
              >
                {preset.logo ? (
                  <img src={preset.logo.url} alt="" className="max-h-12 max-w-12 object-contain" />
                ) : (
                  <span className="text-[10px] text-stone-500">{t.presets.noLogo}</span>
                )}
              </div>
              <div className="min-w-0 flex-1">
                <h2 className="truncate text-lg font-semibold">{preset.name}</h2>
                <p className="text-sm text-stone-600">
                  {t.presets.version(preset.version)}
                  {preset.archived ? ` · ${t.presets.archived}` : ""}
                </p>
              </div>
            </div>
            <Swatches colors={preset.data.colors} className="mt-4" />
            <p className="mt-3 line-clamp-2 min-h-10 text-sm text-stone-600">
              {preset.data.fonts.heading} / {preset.data.fonts.body}
              {preset.data.tone ? ` · ${preset.data.tone}` : ""}
            </p>
            <div className="mt-4 flex flex-wrap gap-2">
              <ButtonLink variant="secondary" href={`${base}/${preset.id}`}>
                {editor ? t.presets.edit : t.presets.view}
              </ButtonLink>
              {editor ? (
                <>
                  <Button
                    variant="ghost"
                    disabled={duplicate.isPending}
                    onClick={() =>
                      duplicate.mutate({ workspaceSlug: ws.slug, presetId: preset.id })
                    }
                  >
                    {t.presets.duplicate}
                  </Button>
                  <Button
                    variant="ghost"
                    disabled={archive.isPending}
                    onClick={() =>
                      archive.mutate({
                        workspaceSlug: ws.slug,
                        presetId: preset.id,
                        archived: !preset.archived,
                      })
                    }
                  >
                    {preset.archived ? t.presets.restore : t.presets.archive}
                  </Button>
                </>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
