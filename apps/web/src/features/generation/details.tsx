"use client";

import {
  type GenerationProductView,
  PRODUCT_KIND_LABELS,
  type RephrasedView,
} from "@hyperposter/domain";
import { useLocale } from "@/i18n/locale";
import { Card } from "@/ui/states";

export function GenerationDetails({
  rephrased,
  product,
}: {
  rephrased: RephrasedView;
  product?: GenerationProductView | null;
}) {
  const { t, locale } = useLocale();
  const kind = rephrased.kind;
  // Results made before per-variant copy was reported show the one copy they have.
  const copies = rephrased.variantCopies.length > 0 ? rephrased.variantCopies : [rephrased.copy];
  return (
    <Card className="space-y-4">
      <div>
        <h3 className="text-sm font-semibold text-stone-800">
          {copies.length > 1 ? t.generation.variantCopies : t.generation.copy}
        </h3>
        {copies.map((copy, i) => (
          <div key={i} className={copies.length > 1 ? "mt-2" : ""} data-testid="variant-copy">
            {copies.length > 1 ? (
              <p className="text-xs font-semibold tracking-wide text-stone-500 uppercase">
                {t.generation.variant(i + 1)}
              </p>
            ) : null}
            <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
              <dt className="text-stone-500">{t.studio.headline}</dt>
              <dd data-testid={i === 0 ? "copy-headline" : undefined} data-role="headline">
                {copy.headline}
              </dd>
              {copy.subline ? (
                <>
                  <dt className="text-stone-500">{t.studio.subline}</dt>
                  <dd data-role="subline">{copy.subline}</dd>
                </>
              ) : null}
              <dt className="text-stone-500">{t.studio.cta}</dt>
              <dd data-role="cta">{copy.cta}</dd>
            </dl>
          </div>
        ))}
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          {kind ? (
            <>
              <dt className="text-stone-500">{t.generation.kind}</dt>
              <dd data-testid="copy-kind" title={kind.reason}>
                {PRODUCT_KIND_LABELS[kind.id][locale === "zh" ? "zh" : "en"]} ·{" "}
                {kind.source === "brief"
                  ? t.generation.kindChosen
                  : t.generation.kindDetected(Math.round(kind.confidence * 100))}
              </dd>
            </>
          ) : null}
          {product ? (
            <>
              <dt className="text-stone-500">{t.productPicker.label}</dt>
              <dd data-testid="generation-product">
                {product.name}
                {product.report
                  ? ` · ${t.products.methods[product.report.method]} · ${t.products.confidence(Math.round(product.report.confidence * 100))}`
                  : ""}
              </dd>
            </>
          ) : null}
        </dl>
      </div>
      <div>
        <h3 className="text-sm font-semibold text-stone-800">{t.generation.prompt}</h3>
        <p
          className="mt-1 rounded-lg bg-stone-50 p-3 font-mono text-xs break-words text-stone-800"
          data-testid="prompt"
        >
          {rephrased.prompt}
        </p>
        <h3 className="mt-3 text-sm font-semibold text-stone-800">{t.generation.negativePrompt}</h3>
        <p className="mt-1 rounded-lg bg-stone-50 p-3 font-mono text-xs break-words text-stone-600">
          {rephrased.negativePrompt}
        </p>
      </div>
      <div>
        <h3 className="text-sm font-semibold text-stone-800">{t.generation.warnings}</h3>
        {rephrased.warnings.length === 0 ? (
          <p className="mt-1 text-sm text-stone-600">{t.generation.noWarnings}</p>
        ) : (
          <ul className="mt-1 space-y-1">
            {rephrased.warnings.map((w, i) => (
              <li
                key={i}
                className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
              >
                <span className="font-semibold">{w.field}</span> · “{w.term}” — {w.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
