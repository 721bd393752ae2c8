"use client";

import type { QualityResult } from "@hyperposter/domain";
import { useLocale } from "@/i18n/locale";

function Row({ ok, label, detail }: { ok: boolean; label: string; detail: string }) {
  return (
    <li className="flex items-start gap-2">
      <span aria-hidden="true" className={ok ? "text-emerald-700" : "text-amber-700"}>
        {ok ? "✓" : "!"}
      </span>
      <span>
        <span className="font-medium">{label}</span>{" "}
        <span className="text-stone-600">{detail}</span>
      </span>
    </li>
  );
}

/** What the quality gate measured on this asset, in words a marketer can act on. */
export function QualityChecks({ quality }: { quality: QualityResult }) {
  const { t } = useLocale();
  const q = t.generation.checks;
  const weakest = [...quality.contrast].sort((a, b) => a.ratio - b.ratio)[0];
  return (
    <details className="mt-2 text-xs">
      <summary className="cursor-pointer font-medium text-stone-700">{q.title}</summary>
      <ul className="mt-1 space-y-1">
        {weakest ? (
          <Row
            ok={quality.contrast.every((c) => c.passed)}
            label={q.contrast}
            detail={q.contrastDetail(
              weakest.element,
              weakest.ratio.toFixed(1),
              weakest.threshold.toFixed(1),
            )}
          />
        ) : null}
        <Row
          ok={quality.safeArea.passed}
          label={q.safeArea}
          detail={quality.safeArea.findings.join("; ")}
        />
        <Row
          ok={quality.overlap.passed}
          label={q.overlap}
          detail={quality.overlap.findings.join("; ")}
        />
        <Row ok={quality.readability.passed} label={q.readability} detail="" />
        <Row
          ok={quality.ocr.passed}
          label={q.ocr}
          detail={
            quality.ocr.skipped ? q.ocrSkipped : q.ocrDetail(Math.round(quality.ocr.share * 100))
          }
        />
        {quality.missingGlyphs.length > 0 ? (
          <Row ok={false} label={q.glyphs} detail={quality.missingGlyphs.join(" ")} />
        ) : null}
      </ul>
    </details>
  );
}
