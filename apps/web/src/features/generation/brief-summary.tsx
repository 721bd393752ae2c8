"use client";

import { type Brief, PRODUCT_KIND_LABELS } from "@hyperposter/domain";
import { useLocale } from "@/i18n/locale";
import { formatLabel } from "../formats/format-picker";

export interface BriefSource {
  brief: Brief | null;
  seed: number;
  variants: number;
  preset: { id: string; name: string; version: number } | null;
}

/** What a generation was made from: the brief as submitted, the preset version and the seed. */
export function BriefSummary({ source }: { source: BriefSource }) {
  const { t, locale } = useLocale();
  const brief = source.brief;
  const rows: [string, string, string][] = [];
  const row = (id: string, label: string, value: string | undefined) => {
    if (value) rows.push([id, label, value]);
  };
  if (brief) {
    row("product", t.studio.product, brief.product);
    row("offer", t.studio.offer, brief.offer);
    row("audience", t.studio.audience, brief.audience);
    row("style", t.studio.style, brief.style);
    row("language", t.studio.language, t.studio.languages[brief.language]);
    row(
      "kind",
      t.studio.kind,
      brief.kind ? PRODUCT_KIND_LABELS[brief.kind][locale === "zh" ? "zh" : "en"] : undefined,
    );
    row("headline", `${t.generation.ownCopy} · ${t.studio.headline}`, brief.headline);
    row("subline", `${t.generation.ownCopy} · ${t.studio.subline}`, brief.subline);
    row("cta", `${t.generation.ownCopy} · ${t.studio.cta}`, brief.cta);
    row(
      "formats",
      t.studio.formats,
      brief.formats.map((f) => formatLabel(f, locale)).join(locale === "zh" ? "、" : ", "),
    );
  }
  row(
    "preset",
    t.generation.presetUsed,
    source.preset
      ? `${source.preset.name} · ${t.presets.version(source.preset.version)}`
      : t.generation.presetDeleted,
  );
  row("variants", t.studio.variants, String(source.variants));
  row("seed", t.generation.seed, String(source.seed));
  return (
    <section aria-label={t.generation.brief} data-testid="generation-brief">
      <h3 className="text-sm font-semibold text-stone-800">{t.generation.brief}</h3>
      {brief ? null : <p className="mt-1 text-sm text-stone-600">{t.generation.briefMissing}</p>}
      <dl className="mt-1 grid grid-cols-[minmax(0,auto)_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
        {rows.map(([id, label, value]) => (
          <div key={id} className="contents" data-field={id}>
            <dt className="text-stone-500">{label}</dt>
            <dd className="break-words">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
