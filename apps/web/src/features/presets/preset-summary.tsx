"use client";

import { useLocale } from "@/i18n/locale";
import { Card } from "@/ui/states";
import { formatLabel } from "../formats/format-picker";
import { COLOR_KEYS } from "./color-fields";
import { strengthPercent } from "./style-references-value";
import type { PresetFormValue } from "./preset-form-value";

/** A preset as text for people who may look but not change it: no inputs that invite editing. */
export function PresetSummary({ preset }: { preset: PresetFormValue }) {
  const { t, locale } = useLocale();
  const none = "—";
  const rows: Array<[string, React.ReactNode]> = [
    [t.editor.name, preset.name],
    [
      t.editor.colors,
      <ul key="colors" className="flex flex-wrap gap-3">
        {COLOR_KEYS.map((key) => (
          <li key={key} className="flex items-center gap-2">
            <span
              aria-hidden="true"
              className="size-5 rounded border border-stone-300"
              style={{ backgroundColor: preset.colors[key] }}
            />
            <span>
              {t.editor.colorNames[key]} <span className="font-mono">{preset.colors[key]}</span>
            </span>
          </li>
        ))}
      </ul>,
    ],
    [t.editor.headingFont, preset.fonts.heading.name],
    [t.editor.bodyFont, preset.fonts.body.name],
    [t.editor.tone, preset.tone || none],
    [t.editor.keywords, preset.keywords || none],
    [t.editor.negative, preset.negative || none],
    [t.editor.logo, preset.logo ? preset.logo.name : none],
    [
      t.editor.styleReferences,
      preset.styleReferences.length ? (
        <ul key="refs" className="flex flex-wrap gap-3">
          {preset.styleReferences.map((ref) => (
            <li key={ref.id} className="flex items-center gap-2">
              <img
                src={ref.url}
                alt={`${t.editor.styleReferences}: ${ref.name}`}
                className="size-10 rounded border border-stone-300 object-cover"
              />
              <span>
                {ref.name} · {t.editor.styleStrength} {strengthPercent(ref.strength)} %
              </span>
            </li>
          ))}
        </ul>
      ) : (
        none
      ),
    ],
    [
      t.editor.defaultFormats,
      preset.defaultFormats.length
        ? preset.defaultFormats
            .map((f) => formatLabel(f, locale))
            .join(locale === "zh" ? "、" : ", ")
        : none,
    ],
  ];
  return (
    <Card>
      <dl data-testid="preset-summary" className="divide-y divide-stone-200">
        {rows.map(([label, value]) => (
          <div key={label} className="grid grid-cols-1 gap-1 py-3 sm:grid-cols-3 sm:gap-4">
            <dt className="text-sm font-medium text-stone-600">{label}</dt>
            <dd className="text-sm text-stone-900 sm:col-span-2">{value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
