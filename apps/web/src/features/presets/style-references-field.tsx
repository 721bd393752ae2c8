"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useLocale } from "@/i18n/locale";
import { fileSentence, uiError } from "@/lib/errors";
import { toBase64 } from "@/lib/files";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/ui/button";
import { FileButton } from "@/ui/file-button";
import { useWorkspace } from "../shell/workspace";
import {
  MAX_STYLE_REFERENCES,
  type StyleReferenceValue,
  addReference,
  strengthPercent,
  withStrengthPercent,
  withoutReference,
} from "./style-references-value";

const MAX_BYTES = 10 * 1024 * 1024;
const TYPES = ["image/png", "image/jpeg", "image/webp"];

/**
 * Reference images for the look of the backgrounds (IP-Adapter), each with a
 * strength slider like Firefly's style strength.
 */
export function StyleReferencesField({
  value,
  onChange,
  disabled,
  error: saveError,
}: {
  value: StyleReferenceValue[];
  onChange: (next: StyleReferenceValue[]) => void;
  disabled: boolean;
  error?: string | undefined;
}) {
  const { t, locale } = useLocale();
  const { slug } = useWorkspace();
  const trpc = useTRPC();
  const id = useId();
  const [localError, setLocalError] = useState<string | null>(null);
  const upload = useMutation(trpc.preset.uploadStyleReference.mutationOptions());
  const serverError = uiError(upload.error, locale);
  const error =
    localError ?? (serverError ? fileSentence(serverError.message) : null) ?? saveError ?? null;
  const full = value.length >= MAX_STYLE_REFERENCES;

  async function choose(file: File | undefined) {
    setLocalError(null);
    upload.reset();
    if (!file) return;
    if (full) return setLocalError(t.editor.styleReferencesFull);
    // Checked here for a quick answer; the server checks the bytes again.
    if (file.size > MAX_BYTES) return setLocalError(t.editor.styleReferenceTooBig);
    if (file.type && !TYPES.includes(file.type))
      return setLocalError(t.editor.styleReferenceWrongType);
    const stored = await upload
      .mutateAsync({
        workspaceSlug: slug,
        fileName: file.name,
        contentBase64: await toBase64(file),
      })
      .catch(() => null);
    if (stored)
      onChange(addReference(value, { id: stored.id, url: stored.url, name: stored.originalName }));
  }

  return (
    <fieldset data-testid="style-references">
      <legend className="block text-sm font-medium text-stone-800">
        {t.editor.styleReferences}
      </legend>
      <p id={`${id}-hint`} className="mt-1 text-sm text-stone-600">
        {t.editor.styleReferencesHint}
      </p>
      {value.length ? (
        <ul className="mt-3 space-y-3">
          {value.map((ref, index) => {
            const sliderId = `${id}-strength-${index}`;
            return (
              <li key={ref.id} className="flex items-center gap-3">
                <img
                  src={ref.url}
                  alt={`${t.editor.styleReferences}: ${ref.name}`}
                  className="size-16 shrink-0 rounded-md border border-stone-200 object-cover"
                />
                <div className="min-w-0 flex-1">
                  <p className="truncate text-sm text-stone-800">{ref.name}</p>
                  <label htmlFor={sliderId} className="mt-1 block text-xs text-stone-600">
                    {t.editor.styleStrength}{" "}
                    <output htmlFor={sliderId} className="font-medium text-stone-900">
                      {strengthPercent(ref.strength)} %
                    </output>
                  </label>
                  <input
                    id={sliderId}
                    type="range"
                    min={0}
                    max={100}
                    step={5}
                    value={strengthPercent(ref.strength)}
                    disabled={disabled}
                    onChange={(e) =>
                      onChange(withStrengthPercent(value, index, Number(e.target.value)))
                    }
                    className="w-full accent-indigo-700"
                  />
                </div>
                {!disabled ? (
                  <Button
                    variant="ghost"
                    aria-label={t.editor.removeStyleReference(ref.name)}
                    onClick={() => onChange(withoutReference(value, index))}
                  >
                    ✕
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {!disabled && !full ? (
        <div className="mt-3">
          <FileButton
            id={id}
            label={upload.isPending ? t.editor.uploading : t.editor.addStyleReference}
            accept=".png,.jpg,.jpeg,.webp,image/png,image/jpeg,image/webp"
            describedBy={`${id}-hint`}
            onFile={(file) => void choose(file)}
          />
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="mt-1 text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
