"use client";

import type { FormatName } from "@hyperposter/domain";
import { useQuery } from "@tanstack/react-query";
import { useLocale } from "@/i18n/locale";
import { useTRPC } from "@/trpc/react";
import { formatLabel } from "../formats/format-picker";
import { useWorkspace } from "../shell/workspace";

const PRINT = new Set(["print-a4", "print-a3"]);

/** Links to print-ready PDFs (bleed + crop marks, and CMYK) of a generation's A4/A3 outputs. */
export function PrintDownloads({ generationId }: { generationId: string }) {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  // Same query (and cache) as the generation panel: no extra request.
  const generation = useQuery(
    trpc.generation.get.queryOptions({ workspaceSlug: ws.slug, generationId }),
  );
  const outputs = (generation.data?.outputs ?? []).filter(
    (o) =>
      PRINT.has(o.format) && o.status === "SUCCEEDED" && o.files.some((f) => f.encoding === "pdf"),
  );
  if (outputs.length === 0) return null;
  const href = (outputId: string, cmyk: boolean) =>
    `/api/generations/${generationId}/print?workspace=${encodeURIComponent(ws.slug)}&output=${outputId}${cmyk ? "&cmyk=1" : ""}`;
  return (
    <section
      aria-labelledby="print-heading"
      className="mt-6 rounded-xl border border-stone-200 bg-white p-4 shadow-sm"
    >
      <h2 id="print-heading" className="text-lg font-semibold">
        {t.print.title}
      </h2>
      <p className="mt-1 text-sm text-stone-600">{t.print.lead}</p>
      <ul className="mt-3 space-y-2 text-sm">
        {outputs.map((o) => (
          <li key={o.id} className="flex flex-wrap items-center gap-3">
            <span className="font-medium">
              {formatLabel(o.format as FormatName, locale)} · {t.review.variant(o.variant + 1)}
            </span>
            <a
              className="font-semibold text-indigo-700 underline"
              href={href(o.id, false)}
              download
            >
              {t.print.bleed}
            </a>
            <a className="font-semibold text-indigo-700 underline" href={href(o.id, true)} download>
              {t.print.cmyk}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
