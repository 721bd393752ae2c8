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

type Checks = ReturnType<typeof useLocale>["t"]["generation"]["checks"];

/**
 * The gate's findings are English phrases from the pipeline with a fixed
 * shape; say them in the UI's language (an unknown shape is shown as is).
 */
export function findingText(finding: string, q: Checks): string {
  const name = (kind: string) => q.elements[kind as keyof Checks["elements"]] ?? kind;
  let m = /^(\w+) leaves the safe area \((.*)\)$/.exec(finding);
  if (m) {
    const sides = m[2]!
      .split(", ")
      .map((part) => /^(left|top|right|bottom) by ([\d.]+) px$/.exec(part))
      .map((side) => (side ? q.side(side[1] as "left", side[2]!) : ""))
      .filter(Boolean);
    return q.leavesSafeArea(name(m[1]!), sides);
  }
  m = /^(\w+) overlaps (the product|\w+) by (\d+) px²$/.exec(finding);
  if (m) return q.overlaps(name(m[1]!), name(m[2] === "the product" ? "product" : m[2]!), m[3]!);
  if (finding === "the product is missing from the layout") return q.productMissing;
  if (finding === "the product is cropped by the poster's edge") return q.productCropped;
  if (finding === "the product leaves the safe area") return q.leavesSafeArea(name("product"), []);
  m = /^the product is too small \((\d+)×(\d+) px\)$/.exec(finding);
  if (m) return q.productSmall(m[1]!, m[2]!);
  return finding;
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
              q.elements[weakest.element],
              weakest.ratio.toFixed(1),
              weakest.threshold.toFixed(1),
            )}
          />
        ) : null}
        <Row
          ok={quality.safeArea.passed}
          label={q.safeArea}
          detail={quality.safeArea.findings.map((f) => findingText(f, q)).join(q.separator)}
        />
        <Row
          ok={quality.overlap.passed}
          label={q.overlap}
          detail={quality.overlap.findings.map((f) => findingText(f, q)).join(q.separator)}
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
