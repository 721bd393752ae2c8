"use client";

import { issueSentence } from "@hyperposter/domain";
import { useState } from "react";
import { useLocale } from "@/i18n/locale";
import { contrastGrade, contrastRatio, isHex } from "@/lib/contrast";

export type ColorKey = "primary" | "secondary" | "accent" | "background" | "text";
export const COLOR_KEYS: ColorKey[] = ["primary", "secondary", "accent", "background", "text"];

export function ColorFields({
  colors,
  onChange,
  errorFor,
}: {
  colors: Record<ColorKey, string>;
  onChange: (key: ColorKey, value: string) => void;
  errorFor: (key: ColorKey) => string | undefined;
}) {
  const { t, locale } = useLocale();
  const [left, setLeft] = useState<Partial<Record<ColorKey, boolean>>>({});
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
      {COLOR_KEYS.map((key) => {
        const id = `color-${key}`;
        // Said as soon as the value is complete or the field is left, not on every keystroke.
        const malformed =
          !isHex(colors[key]) && (colors[key].length >= 7 || left[key])
            ? issueSentence(
                { field: `colors.${key}`, code: "hex_color" },
                locale,
                t.editor.colorNames[key],
              )
            : undefined;
        const error = errorFor(key) ?? malformed;
        return (
          <div key={key}>
            <label htmlFor={id} className="block text-sm font-medium text-stone-800">
              {t.editor.colorNames[key]}
            </label>
            <div className="mt-1 flex items-center gap-2">
              <input
                type="color"
                aria-label={t.editor.colorPicker(t.editor.colorNames[key])}
                className="h-10 w-12 shrink-0 cursor-pointer rounded border border-stone-300 bg-white p-1"
                value={isHex(colors[key]) ? colors[key].toLowerCase() : "#000000"}
                onChange={(e) => onChange(key, e.target.value.toUpperCase())}
              />
              <input
                id={id}
                className={`block w-full rounded-lg border px-3 py-2 font-mono text-sm uppercase ${error ? "border-red-500" : "border-stone-300"}`}
                value={colors[key]}
                maxLength={7}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error` : undefined}
                onChange={(e) => onChange(key, e.target.value.trim())}
                onBlur={() => setLeft((l) => ({ ...l, [key]: true }))}
              />
            </div>
            {error ? (
              <p id={`${id}-error`} role="alert" className="mt-1 text-sm font-medium text-red-700">
                {error}
              </p>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

/** Live contrast of the pairs the composer actually draws, with a plain-language verdict. */
export function ContrastHints({ colors }: { colors: Record<ColorKey, string> }) {
  const { t } = useLocale();
  const pairs: Array<[keyof typeof t.editor.contrastPairs, string, string]> = [
    ["textOnBackground", colors.text, colors.background],
    ["backgroundOnPrimary", colors.background, colors.primary],
    ["accentOnBackground", colors.accent, colors.background],
  ];
  return (
    <div className="mt-4">
      <h3 className="text-sm font-medium text-stone-800">{t.editor.contrast}</h3>
      <ul className="mt-2 grid grid-cols-1 gap-2 sm:grid-cols-3">
        {pairs.map(([name, fg, bg]) => {
          const ratio = contrastRatio(fg, bg);
          const checkable = isHex(fg) && isHex(bg);
          const grade = contrastGrade(ratio);
          const verdict =
            grade === "good"
              ? t.editor.contrastGood
              : grade === "large-only"
                ? t.editor.contrastLarge
                : t.editor.contrastPoor;
          const tone = !checkable
            ? "text-stone-700 bg-stone-100"
            : grade === "good"
              ? "text-emerald-800 bg-emerald-50"
              : grade === "large-only"
                ? "text-amber-900 bg-amber-50"
                : "text-red-800 bg-red-50";
          return (
            <li
              key={name}
              className="flex items-center gap-3 rounded-lg border border-stone-200 p-2"
            >
              <span
                className="flex size-10 shrink-0 items-center justify-center rounded text-lg font-bold"
                style={{
                  color: isHex(fg) ? fg : undefined,
                  backgroundColor: isHex(bg) ? bg : undefined,
                }}
                aria-hidden="true"
              >
                Aa
              </span>
              <span className="min-w-0 text-sm">
                <span className="block font-medium">{t.editor.contrastPairs[name]}</span>
                <span
                  className={`mt-0.5 inline-block rounded px-1.5 text-xs font-semibold ${tone}`}
                >
                  {checkable ? `${ratio.toFixed(1)}:1 · ${verdict}` : t.editor.contrastNeedsHex}
                </span>
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
