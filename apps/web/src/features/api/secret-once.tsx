"use client";

import { useState } from "react";
import { useLocale } from "@/i18n/locale";
import { Button } from "@/ui/button";

/** A credential shown once, with a copy button: the server keeps only its hash or never shows it again. */
export function SecretOnce({
  label,
  value,
  testId,
}: {
  label: string;
  value: string;
  testId: string;
}) {
  const { t } = useLocale();
  const [copied, setCopied] = useState(false);
  return (
    <div className="rounded-lg border border-emerald-200 bg-emerald-50 p-3">
      <p className="text-sm font-medium text-emerald-900">{label}</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <input
          readOnly
          aria-label={label}
          data-testid={testId}
          className="min-w-0 flex-1 rounded-md border border-emerald-300 bg-white px-2 py-1.5 font-mono text-xs"
          value={value}
          onFocus={(e) => e.target.select()}
        />
        <Button
          variant="secondary"
          onClick={() =>
            void navigator.clipboard?.writeText(value).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? t.api.copied : t.api.copy}
        </Button>
      </div>
    </div>
  );
}
