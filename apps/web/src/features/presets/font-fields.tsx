"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { useLocale } from "@/i18n/locale";
import { fileSentence, uiError } from "@/lib/errors";
import { fileSize, toBase64 } from "@/lib/files";
import { useTRPC } from "@/trpc/react";
import { SelectField } from "@/ui/field";
import { FileButton } from "@/ui/file-button";
import { useWorkspace } from "../shell/workspace";
// The catalog's families at the weights posters use, for the preview; sliced
// by unicode-range, so a browser fetches only the characters it shows. Noto
// Sans SC comes with the layout (400, 700: close enough for a preview).
import "@fontsource/inter/500.css";
import "@fontsource/inter/800.css";
import "@fontsource/noto-serif-sc/500.css";
import "@fontsource/noto-serif-sc/900.css";

export type FontRole = "heading" | "body";
/** A role's font: a catalog family by name, or an uploaded file (named after its family). */
export interface FontChoice {
  name: string;
  fileId: string | null;
}
export type FontChoices = Record<FontRole, FontChoice>;

const MAX_BYTES = 15 * 1024 * 1024;
const EXTENSIONS = /\.(ttf|otf|woff2?)$/i;

const valueOf = (c: FontChoice) => (c.fileId ? `file:${c.fileId}` : `catalog:${c.name}`);

/** Loads an uploaded font into the page under its own name; null until it is ready. */
function useUploadedFace(fileId: string | null, workspaceSlug: string): string | null {
  const [ready, setReady] = useState<string | null>(null);
  useEffect(() => {
    if (!fileId) return;
    const family = `hp-upload-${fileId}`;
    const face = new FontFace(
      family,
      `url(/api/fonts/${fileId}?workspace=${encodeURIComponent(workspaceSlug)})`,
    );
    let live = true;
    face
      .load()
      .then(() => {
        document.fonts.add(face);
        if (live) setReady(family);
      })
      .catch(() => live && setReady(null));
    return () => {
      live = false;
    };
  }, [fileId, workspaceSlug]);
  return fileId && ready === `hp-upload-${fileId}` ? ready : null;
}

/** CSS for a role's preview: the uploaded face or the catalog family, with the pipeline's fallbacks. */
function previewFamily(choice: FontChoice, loaded: string | null): string {
  const first = choice.fileId ? (loaded ? `"${loaded}"` : null) : `"${choice.name}"`;
  return [first, '"Inter"', '"Noto Sans SC"', "sans-serif"].filter(Boolean).join(", ");
}

export function FontFields({
  value,
  onChange,
  errorFor,
  disabled,
}: {
  value: FontChoices;
  onChange: (next: FontChoices) => void;
  errorFor: (role: FontRole) => string | undefined;
  disabled: boolean;
}) {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const inputId = useId();
  const fonts = useQuery(trpc.font.list.queryOptions({ workspaceSlug: ws.slug }));
  const upload = useMutation(trpc.font.upload.mutationOptions());
  const [localError, setLocalError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const serverError = uiError(upload.error, locale)?.message;
  const uploadError = localError ?? (serverError ? fileSentence(serverError) : null);
  const catalog = fonts.data?.catalog ?? [];
  const uploaded = fonts.data?.uploaded ?? [];
  const headingFace = useUploadedFace(value.heading.fileId, ws.slug);
  const bodyFace = useUploadedFace(value.body.fileId, ws.slug);

  function choose(role: FontRole, selected: string) {
    const [kind, rest = ""] = selected.split(/:(.*)/s);
    const file = kind === "file" ? uploaded.find((f) => f.id === rest) : undefined;
    const choice = file ? { name: file.family, fileId: file.id } : { name: rest, fileId: null };
    onChange({ ...value, [role]: choice });
  }

  async function uploadFile(file: File | undefined) {
    setLocalError(null);
    setAdded(null);
    upload.reset();
    if (!file) return;
    // Checked here for a quick answer; the server reads the font's own tables.
    if (file.size > MAX_BYTES) return setLocalError(t.editor.fontTooBig);
    if (!EXTENSIONS.test(file.name)) return setLocalError(t.editor.fontWrongType);
    const stored = await upload
      .mutateAsync({
        workspaceSlug: ws.slug,
        fileName: file.name,
        contentBase64: await toBase64(file),
      })
      .catch(() => null);
    if (!stored) return;
    await queryClient.invalidateQueries({ queryKey: trpc.font.list.queryKey() });
    onChange({ ...value, heading: { name: stored.family, fileId: stored.id } });
    setAdded(t.editor.fontAdded(stored.family));
  }

  const options = (current: FontChoice) => {
    // A name no longer on offer (an old preset's family) stays visible as chosen.
    const listed = current.fileId
      ? uploaded.some((f) => f.id === current.fileId)
      : catalog.some((f) => f.name === current.name);
    return (
      <>
        {!listed && current.name ? <option value={valueOf(current)}>{current.name}</option> : null}
        <optgroup label={t.editor.fontCatalog}>
          {catalog.map((f) => (
            <option key={f.name} value={`catalog:${f.name}`}>
              {f.name} — {t.editor.fontScript[f.script]}
            </option>
          ))}
        </optgroup>
        {uploaded.length > 0 ? (
          <optgroup label={t.editor.fontLibrary}>
            {uploaded.map((f) => (
              <option key={f.id} value={`file:${f.id}`}>
                {f.family} {f.style} — {t.editor.fontScript[f.script]}
              </option>
            ))}
          </optgroup>
        ) : null}
      </>
    );
  };

  const details = (choice: FontChoice) => {
    const file = choice.fileId ? uploaded.find((f) => f.id === choice.fileId) : undefined;
    if (!file) return undefined;
    return `${t.editor.fontDetails(file.style, file.weight, file.format, fileSize(file.bytes))} · ${t.editor.fontCoverage(file.latin, file.cjk)}`;
  };

  return (
    <div className="space-y-4">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        {(["heading", "body"] as const).map((role) => (
          <SelectField
            key={role}
            label={role === "heading" ? t.editor.headingFont : t.editor.bodyFont}
            hint={details(value[role])}
            value={valueOf(value[role])}
            onChange={(e) => choose(role, e.target.value)}
            error={errorFor(role)}
          >
            {options(value[role])}
          </SelectField>
        ))}
      </div>
      {/* A type sample shows Latin and Chinese on purpose, whatever the UI's language. */}
      <figure data-specimen className="rounded-lg border border-stone-200 bg-stone-50 px-4 py-3">
        <figcaption className="text-xs font-medium uppercase tracking-wide text-stone-500">
          {t.editor.specimen}
        </figcaption>
        <p
          data-testid="font-specimen-heading"
          className="mt-1 text-2xl leading-tight break-words text-stone-900 sm:text-3xl"
          style={{
            fontFamily: previewFamily(value.heading, headingFace),
            fontWeight: value.heading.fileId ? 400 : 800,
          }}
        >
          {t.editor.specimenHeading}
        </p>
        <p
          className="mt-1 text-base text-stone-700"
          style={{
            fontFamily: previewFamily(value.body, bodyFace),
            fontWeight: value.body.fileId ? 400 : 500,
          }}
        >
          {t.editor.specimenBody}
        </p>
      </figure>
      {!disabled ? (
        <div>
          <FileButton
            id={inputId}
            label={upload.isPending ? t.editor.uploadingFont : t.editor.uploadFont}
            accept=".ttf,.otf,.woff,.woff2,font/ttf,font/otf,font/woff,font/woff2"
            describedBy={`${inputId}-hint`}
            disabled={upload.isPending}
            onFile={(file) => void uploadFile(file)}
          />
          <p id={`${inputId}-hint`} className="mt-2 text-sm text-stone-600">
            {t.editor.fontHint} {t.editor.fontFallbackNote}
          </p>
          {added ? (
            <p role="status" className="mt-1 text-sm font-medium text-emerald-800">
              {added}
            </p>
          ) : null}
          {uploadError ? (
            <p role="alert" className="mt-1 text-sm font-medium text-red-700">
              {uploadError}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
