"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useLocale } from "@/i18n/locale";
import { uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { ButtonLink } from "@/ui/button";
import { ErrorNote, Loading } from "@/ui/states";
import { useWorkspace } from "../shell/workspace";
import { PresetEditor } from "./preset-editor";
import { PresetVersions } from "./preset-versions";

/** Loads a preset's current version into the editor (read-only for viewers). */
export function PresetPage({ presetId, justCreated }: { presetId: string; justCreated: boolean }) {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const preset = useQuery(trpc.preset.get.queryOptions({ workspaceSlug: ws.slug, presetId }));
  // Bumped by a restore, so the editor starts again from the restored content.
  const [generation, setGeneration] = useState(0);
  if (preset.isPending) return <Loading label={t.common.loading} />;
  if (preset.error)
    return (
      <ErrorNote
        message={
          uiError(preset.error, locale)?.code === "NOT_FOUND"
            ? t.editor.notFound
            : (uiError(preset.error, locale)?.message ?? "")
        }
        action={
          <ButtonLink variant="secondary" href={`/w/${ws.slug}/presets`}>
            {t.editor.back}
          </ButtonLink>
        }
      />
    );
  const p = preset.data;
  return (
    <>
      <PresetEditor
        // Keyed by id (and restores): refetching after a save must not reset the form or its message.
        key={`${p.id}:${generation}`}
        justCreated={justCreated}
        presetId={p.id}
        version={p.version}
        initial={{
          name: p.name,
          colors: p.data.colors,
          fonts: {
            heading: { name: p.data.fonts.heading, fileId: p.fontFiles.heading?.id ?? null },
            body: { name: p.data.fonts.body, fileId: p.fontFiles.body?.id ?? null },
          },
          tone: p.data.tone,
          keywords: p.data.styleKeywords.join(", "),
          negative: p.data.negative.join(", "),
          defaultFormats: p.data.defaultFormats ?? [],
          logo: p.logo ? { id: p.logo.id, url: p.logo.url, name: p.logo.originalName } : null,
          styleReferences: p.styleReferences.map((r) => ({
            id: r.id,
            url: r.url,
            name: r.originalName,
            strength: r.strength,
          })),
        }}
      />
      <PresetVersions presetId={p.id} onRestored={() => setGeneration((g) => g + 1)} />
    </>
  );
}
