"use client";

import { PRESET_LIMITS } from "@hyperposter/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useLocale } from "@/i18n/locale";
import { fieldError, uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/ui/button";
import { TextArea, TextField, useFocusFirstInvalid } from "@/ui/field";
import { Card, ErrorNote, Notice, PageHeader } from "@/ui/states";
import { FormatPicker } from "../formats/format-picker";
import { useWorkspace } from "../shell/workspace";
import { ColorFields, ContrastHints } from "./color-fields";
import { FontFields } from "./font-fields";
import { LogoField } from "./logo-field";
import { StyleReferencesField } from "./style-references-field";
import { referencesInput } from "./style-references-value";
import type { PresetFormValue } from "./preset-form-value";
import { PresetSummary } from "./preset-summary";

export type { PresetFormValue };

const BLANK_PRESET: PresetFormValue = {
  name: "",
  colors: {
    primary: "#1F3A5F",
    secondary: "#F2C14E",
    accent: "#E4572E",
    background: "#FFFFFF",
    text: "#111111",
  },
  fonts: { heading: { name: "Inter", fileId: null }, body: { name: "Inter", fileId: null } },
  tone: "",
  keywords: "",
  negative: "",
  defaultFormats: [],
  logo: null,
  styleReferences: [],
};

const list = (text: string) =>
  text
    .split(/[,，\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

export function PresetEditor({
  presetId,
  initial,
  version,
  justCreated = false,
}: {
  presetId: string | null;
  initial: PresetFormValue;
  version: number | null;
  justCreated?: boolean;
}) {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(initial);
  const [saved, setSaved] = useState<number | null>(justCreated ? version : null);
  const readOnly = !ws.can("EDITOR");
  const [unchanged, setUnchanged] = useState(false);
  const onSaved = async (preset: { id: string; version: number; unchanged?: boolean }) => {
    await queryClient.invalidateQueries({ queryKey: trpc.preset.pathKey() });
    setUnchanged(preset.unchanged === true);
    setSaved(preset.version);
    if (!presetId) router.replace(`/w/${ws.slug}/presets/${preset.id}?created=1`);
  };
  const create = useMutation(trpc.preset.create.mutationOptions({ onSuccess: onSaved }));
  const update = useMutation(trpc.preset.update.mutationOptions({ onSuccess: onSaved }));
  const pending = create.isPending || update.isPending;
  const error = uiError(create.error ?? update.error, locale);
  const err = (...fields: string[]) => fieldError(error, ...fields);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, create.error ?? update.error);

  function submit() {
    setSaved(null);
    const preset = {
      name: form.name,
      colors: form.colors,
      fonts: { heading: form.fonts.heading.name, body: form.fonts.body.name },
      headingFontFileId: form.fonts.heading.fileId,
      bodyFontFileId: form.fonts.body.fileId,
      tone: form.tone,
      styleKeywords: list(form.keywords),
      negative: list(form.negative),
      defaultFormats: form.defaultFormats,
      logoFileId: form.logo?.id ?? null,
      styleReferences: referencesInput(form.styleReferences),
    };
    if (presetId) update.mutate({ workspaceSlug: ws.slug, presetId, preset });
    else create.mutate({ workspaceSlug: ws.slug, preset });
  }

  const title = !presetId
    ? t.editor.createTitle
    : readOnly
      ? t.editor.viewTitle(initial.name)
      : t.editor.editTitle(initial.name);

  return (
    <>
      <Link
        href={`/w/${ws.slug}/presets`}
        className="mb-3 inline-block text-sm font-medium text-indigo-700 underline"
      >
        ← {t.editor.back}
      </Link>
      <PageHeader title={title} lead={version ? t.presets.version(saved ?? version) : undefined} />
      {readOnly ? (
        <div className="space-y-4">
          <Notice>{t.common.viewerNote}</Notice>
          <PresetSummary preset={initial} />
        </div>
      ) : (
        <form
          ref={formRef}
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <fieldset disabled={readOnly} className="grid grid-cols-1 gap-5 lg:grid-cols-3">
            <div className="space-y-5 lg:col-span-2">
              <Card>
                <TextField
                  label={t.editor.name}
                  required
                  value={form.name}
                  limit={PRESET_LIMITS.name}
                  onChange={(e) => setForm({ ...form, name: e.target.value })}
                  error={err("name")}
                />
              </Card>
              <Card>
                <h2 className="mb-3 text-lg font-semibold">{t.editor.colors}</h2>
                <ColorFields
                  colors={form.colors}
                  onChange={(key, value) =>
                    setForm({ ...form, colors: { ...form.colors, [key]: value } })
                  }
                  errorFor={(key) => err(`colors.${key}`)}
                />
                <ContrastHints colors={form.colors} />
              </Card>
              <Card>
                <h2 className="mb-3 text-lg font-semibold">{t.editor.fonts}</h2>
                <FontFields
                  value={form.fonts}
                  onChange={(fonts) => setForm({ ...form, fonts })}
                  errorFor={(role) => err(`fonts.${role}`)}
                  disabled={readOnly}
                />
              </Card>
              <Card className="space-y-4">
                <TextField
                  label={t.editor.tone}
                  optional={t.common.optional}
                  hint={t.editor.toneHint}
                  value={form.tone}
                  limit={PRESET_LIMITS.tone}
                  onChange={(e) => setForm({ ...form, tone: e.target.value })}
                  error={err("tone")}
                />
                <TextArea
                  label={t.editor.keywords}
                  optional={t.common.optional}
                  hint={t.editor.keywordsHint}
                  rows={2}
                  value={form.keywords}
                  onChange={(e) => setForm({ ...form, keywords: e.target.value })}
                  error={err("styleKeywords")}
                />
                <TextArea
                  label={t.editor.negative}
                  optional={t.common.optional}
                  hint={t.editor.negativeHint}
                  rows={2}
                  value={form.negative}
                  onChange={(e) => setForm({ ...form, negative: e.target.value })}
                  error={err("negative")}
                />
              </Card>
            </div>
            <div className="space-y-5">
              <Card>
                <LogoField
                  value={form.logo}
                  onChange={(logo) => setForm({ ...form, logo })}
                  background={form.colors.background}
                  disabled={readOnly}
                />
              </Card>
              <Card>
                <StyleReferencesField
                  value={form.styleReferences}
                  onChange={(styleReferences) => setForm({ ...form, styleReferences })}
                  disabled={readOnly}
                  error={err("styleReferences")}
                />
              </Card>
              <Card>
                <FormatPicker
                  legend={t.editor.defaultFormats}
                  hint={t.editor.defaultFormatsHint}
                  value={form.defaultFormats}
                  onChange={(defaultFormats) => setForm({ ...form, defaultFormats })}
                  error={err("defaultFormats")}
                  disabled={readOnly}
                  locale={locale}
                  columns={1}
                />
              </Card>
            </div>
          </fieldset>
          {!readOnly ? (
            <div className="sticky bottom-0 mt-5 flex flex-wrap items-center gap-3 border-t border-stone-200 bg-stone-50/95 py-4">
              <Button type="submit" disabled={pending}>
                {pending ? t.common.saving : presetId ? t.editor.save : t.editor.create}
              </Button>
              {saved ? (
                <p role="status" className="text-sm font-medium text-emerald-800">
                  {unchanged ? t.editor.unchanged(saved) : t.editor.savedAsVersion(saved)}
                </p>
              ) : null}
              {error ? <ErrorNote className="w-full" message={error.message} /> : null}
            </div>
          ) : null}
        </form>
      )}
    </>
  );
}

export function NewPresetEditor() {
  return <PresetEditor presetId={null} initial={BLANK_PRESET} version={null} />;
}
