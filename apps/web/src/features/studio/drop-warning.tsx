"use client";

import { type FormatName, predictDroppedCopy, type TypedCopy } from "@hyperposter/domain";
import { useLocale } from "@/i18n/locale";
import { formatLabel } from "../formats/format-picker";

/**
 * Says, before generating, which typed copy the chosen formats cannot show
 * (domain predictDroppedCopy mirrors the composer's rules), so the marketer can
 * shorten it or pick other formats instead of finding out on the result card.
 */
export function DropWarning({
  copy,
  formats,
  withProduct,
}: {
  copy: TypedCopy;
  formats: FormatName[];
  withProduct: boolean;
}) {
  const { t, locale } = useLocale();
  const drops = predictDroppedCopy(copy, formats, { withProduct });
  if (drops.length === 0) return null;
  return (
    <div
      className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
      role="status"
      data-testid="drop-warning"
    >
      <p className="font-medium">{t.editCopy.dropTitle}</p>
      <ul className="mt-1 list-disc pl-5">
        {drops.map((d) => (
          <li key={`${d.format}:${d.field}`}>
            {formatLabel(d.format, locale)} ·{" "}
            {d.field === "offer" ? t.studio.offer : t.studio.subline} “{d.text}”:{" "}
            {locale === "zh" ? d.reasonZh : d.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}
