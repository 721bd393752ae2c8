"use client";

import { FORMAT_NAMES, FORMATS, type FormatName } from "@hyperposter/domain";

const GROUPS = ["social", "banner", "print"] as const;
const GROUP_LABEL: Record<(typeof GROUPS)[number], { en: string; zh: string }> = {
  social: { en: "Social", zh: "社交媒体" },
  banner: { en: "Banners", zh: "横幅广告" },
  print: { en: "Print", zh: "印刷" },
};

const LABEL_ZH: Record<FormatName, string> = {
  "instagram-square": "Instagram 方图",
  "instagram-portrait": "Instagram 竖图",
  story: "快拍 / Reels",
  "link-ad-landscape": "链接广告横图",
  "landscape-hd": "高清横图",
  "banner-medium-rectangle": "中矩形横幅",
  "banner-leaderboard": "通栏横幅",
  "banner-skyscraper": "摩天楼横幅",
  "print-a4": "A4 印刷（300 dpi）",
  "print-a3": "A3 印刷（300 dpi）",
};

export function formatLabel(name: FormatName, locale: "en" | "zh"): string {
  return locale === "zh" ? LABEL_ZH[name] : FORMATS[name].label;
}

/** A box with the format's aspect ratio, so marketers see the shape before they pick it. */
function Thumbnail({ name }: { name: FormatName }) {
  const spec = FORMATS[name];
  const scale = 44 / Math.max(spec.width, spec.height);
  return (
    <span className="flex size-12 shrink-0 items-center justify-center" aria-hidden="true">
      <span
        className="block rounded-[3px] border-2 border-current bg-current/10"
        style={{ width: Math.max(6, spec.width * scale), height: Math.max(6, spec.height * scale) }}
      />
    </span>
  );
}

export function FormatPicker({
  value,
  onChange,
  legend,
  hint,
  error,
  disabled,
  locale,
  columns = 2,
}: {
  value: FormatName[];
  onChange: (next: FormatName[]) => void;
  legend: string;
  hint?: string;
  error?: string | undefined;
  disabled?: boolean;
  locale: "en" | "zh";
  /** 1 where the picker sits in a narrow column. */
  columns?: 1 | 2;
}) {
  const toggle = (name: FormatName) =>
    onChange(
      value.includes(name)
        ? value.filter((v) => v !== name)
        : FORMAT_NAMES.filter((n) => n === name || value.includes(n)),
    );
  return (
    <fieldset disabled={disabled} aria-describedby={error ? "formats-error" : undefined}>
      <legend className="text-sm font-medium text-stone-800">{legend}</legend>
      {hint ? <p className="mt-1 text-sm text-stone-600">{hint}</p> : null}
      {GROUPS.map((group) => (
        <div key={group} className="mt-3">
          <p className="text-xs font-semibold uppercase tracking-wide text-stone-500">
            {GROUP_LABEL[group][locale]}
          </p>
          <div className={`mt-1 grid grid-cols-1 gap-2 ${columns === 2 ? "sm:grid-cols-2" : ""}`}>
            {FORMAT_NAMES.filter((n) => FORMATS[n].formatClass === group).map((name) => {
              const spec = FORMATS[name];
              const checked = value.includes(name);
              return (
                <label
                  key={name}
                  className={`flex cursor-pointer items-center gap-3 rounded-lg border px-3 py-2 ${checked ? "border-indigo-500 bg-indigo-50 text-indigo-900" : "border-stone-200 bg-white text-stone-500 hover:border-stone-400"}`}
                >
                  <Thumbnail name={name} />
                  <span className="min-w-0 text-stone-900">
                    <span className="block text-sm font-medium">{formatLabel(name, locale)}</span>
                    <span className="block text-xs text-stone-600">
                      {spec.width} × {spec.height}
                    </span>
                  </span>
                  <input
                    type="checkbox"
                    className="ml-auto size-5 shrink-0 accent-indigo-600"
                    name="formats"
                    value={name}
                    checked={checked}
                    onChange={() => toggle(name)}
                  />
                </label>
              );
            })}
          </div>
        </div>
      ))}
      {error ? (
        <p id="formats-error" role="alert" className="mt-2 text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
