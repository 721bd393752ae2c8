"use client";

import { displayFile, FORMATS, type GenerationOutputView } from "@hyperposter/domain";
import { useRef } from "react";
import { useLocale } from "@/i18n/locale";
import { Button } from "@/ui/button";
import { formatLabel } from "../formats/format-picker";
import { useWorkspace } from "../shell/workspace";
import { QualityChecks } from "./quality";

const ORDER = ["png", "jpeg", "webp", "pdf"];

export function ResultCard({
  output,
  generationId,
}: {
  output: GenerationOutputView;
  generationId: string;
}) {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const dialog = useRef<HTMLDialogElement>(null);
  const spec = FORMATS[output.format];
  const assets = output.files
    .filter((f) => f.role === "ASSET")
    .sort((a, b) => ORDER.indexOf(a.encoding) - ORDER.indexOf(b.encoding));
  // Screens get the small WebP renditions; the full files only travel on download.
  const preview = displayFile(output.files, "PREVIEW");
  const thumbnail = displayFile(output.files, "THUMBNAIL");
  const shownWidth = (column: number) =>
    Math.min(column, Math.round((288 * spec.width) / spec.height));
  const srcSet =
    thumbnail && preview && thumbnail !== preview
      ? `${thumbnail.url} ${thumbnail.width}w, ${preview.url} ${preview.width}w`
      : undefined;
  const label = `${formatLabel(output.format, locale)}${output.variant > 0 || assets.length === 0 ? ` · ${t.generation.variant(output.variant + 1)}` : ""}`;
  const download = (encoding: string) =>
    `/api/generations/${generationId}/download?workspace=${encodeURIComponent(ws.slug)}&output=${output.id}&encoding=${encoding}`;
  const failedReasons = output.quality.reasons;

  return (
    <li
      className="rounded-xl border border-stone-200 bg-white p-3 shadow-sm"
      data-testid="result-card"
      data-format={output.format}
    >
      {preview ? (
        <button
          type="button"
          className="block w-full overflow-hidden rounded-lg bg-stone-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
          onClick={() => dialog.current?.showModal()}
          aria-label={`${t.generation.open}: ${label}`}
        >
          <img
            src={preview.url}
            srcSet={srcSet}
            // Shown at most 288 px tall and one grid column (≈ 420 px; a phone's width) wide.
            sizes={`(min-width: 640px) ${shownWidth(420)}px, ${shownWidth(360)}px`}
            alt={label}
            className="mx-auto max-h-72 w-auto object-contain"
            data-testid="result-image"
            style={{ aspectRatio: `${spec.width} / ${spec.height}` }}
          />
        </button>
      ) : null}
      <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-medium">{label}</p>
        <span
          className={`rounded-full px-2 py-0.5 text-xs font-semibold ${output.passed ? "bg-emerald-50 text-emerald-800" : "bg-amber-50 text-amber-900"}`}
          title={failedReasons.join("; ")}
        >
          {t.generation.quality}: {output.passed ? t.generation.passed : t.generation.notPassed}
          {output.quality.warnings?.length
            ? ` · ${t.editCopy.gateWarnings(output.quality.warnings.length)}`
            : ""}
        </span>
      </div>
      {!output.passed && failedReasons.length > 0 ? (
        <ul className="mt-1 list-disc pl-5 text-xs text-amber-900">
          {failedReasons.slice(0, 3).map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      ) : null}
      {output.layout.dropped?.length ? (
        <div className="mt-1 text-xs text-amber-900" data-testid="dropped-copy">
          <p className="font-medium">{t.generation.droppedCopy}</p>
          <ul className="list-disc pl-5">
            {output.layout.dropped.map((d) => (
              <li key={d.field}>
                “{d.text}” — {locale === "zh" ? d.reasonZh : d.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <QualityChecks quality={output.quality} />
      <div className="mt-2 flex flex-wrap gap-1.5">
        {assets.map((file) => (
          <a
            key={file.encoding}
            href={download(file.encoding)}
            download
            className="rounded-md border border-stone-300 px-2.5 py-1 text-xs font-semibold uppercase hover:bg-stone-100"
            aria-label={`${t.generation.download} ${label} ${file.encoding.toUpperCase()}`}
          >
            {file.encoding === "jpeg" ? "JPG" : file.encoding} ·{" "}
            {Math.max(1, Math.round(file.bytes / 1024))} KB
          </a>
        ))}
      </div>
      <dialog
        ref={dialog}
        className="m-auto max-h-[95vh] max-w-[95vw] rounded-xl p-0 backdrop:bg-black/70"
        aria-label={label}
        onClick={(event) => {
          if (event.target === dialog.current) dialog.current?.close();
        }}
      >
        <div className="flex items-center justify-between gap-3 border-b border-stone-200 px-4 py-2">
          <p className="font-medium">
            {label} · {spec.width} × {spec.height}
          </p>
          <Button variant="ghost" onClick={() => dialog.current?.close()}>
            {t.generation.close}
          </Button>
        </div>
        {preview ? (
          // Lazy: a closed dialog is not rendered, so the preview loads when it is first opened.
          <img
            src={preview.url}
            alt={label}
            loading="lazy"
            className="max-h-[85vh] w-auto object-contain"
          />
        ) : null}
      </dialog>
    </li>
  );
}
