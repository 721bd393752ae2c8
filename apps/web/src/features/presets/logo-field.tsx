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

const MAX_BYTES = 2 * 1024 * 1024;
const TYPES = ["image/svg+xml", "image/png", "image/jpeg"];

export interface LogoValue {
  id: string;
  url: string;
  name: string;
}

export function LogoField({
  value,
  onChange,
  background,
  disabled,
}: {
  value: LogoValue | null;
  onChange: (next: LogoValue | null) => void;
  background: string;
  disabled: boolean;
}) {
  const { t, locale } = useLocale();
  const { slug } = useWorkspace();
  const trpc = useTRPC();
  const id = useId();
  const [localError, setLocalError] = useState<string | null>(null);
  const upload = useMutation(trpc.preset.uploadLogo.mutationOptions());
  const serverError = uiError(upload.error, locale);
  const error = localError ?? (serverError ? fileSentence(serverError.message) : null);

  async function choose(file: File | undefined) {
    setLocalError(null);
    upload.reset();
    if (!file) return;
    // Checked here for a quick answer; the server checks the bytes again.
    if (file.size > MAX_BYTES) return setLocalError(t.editor.logoTooBig);
    if (file.type && !TYPES.includes(file.type)) return setLocalError(t.editor.logoWrongType);
    const stored = await upload
      .mutateAsync({
        workspaceSlug: slug,
        fileName: file.name,
        contentBase64: await toBase64(file),
      })
      .catch(() => null);
    if (stored) onChange({ id: stored.id, url: stored.url, name: stored.originalName });
  }

  return (
    <div>
      <span className="block text-sm font-medium text-stone-800">{t.editor.logo}</span>
      <div className="mt-2 flex flex-wrap items-center gap-4">
        <div
          className="flex size-24 items-center justify-center overflow-hidden rounded-lg border border-stone-200"
          style={{ backgroundColor: background }}
        >
          {value ? (
            <img
              src={value.url}
              alt={`${t.editor.logo}: ${value.name}`}
              className="max-h-20 max-w-20 object-contain"
            />
          ) : (
            <span className="text-xs text-stone-500">{t.presets.noLogo}</span>
          )}
        </div>
        {!disabled ? (
          <div className="flex flex-col gap-2">
            <FileButton
              id={id}
              label={upload.isPending ? t.editor.uploading : t.editor.chooseLogo}
              accept=".svg,.png,.jpg,.jpeg,image/svg+xml,image/png,image/jpeg"
              describedBy={`${id}-hint`}
              onFile={(file) => void choose(file)}
            />
            {value ? (
              <Button variant="ghost" onClick={() => onChange(null)}>
                {t.editor.removeLogo}
              </Button>
            ) : null}
          </div>
        ) : null}
      </div>
      <p id={`${id}-hint`} className="mt-2 text-sm text-stone-600">
        {t.editor.logoHint}
      </p>
      {error ? (
        <p role="alert" className="mt-1 text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
