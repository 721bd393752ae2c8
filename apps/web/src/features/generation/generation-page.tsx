"use client";

import Link from "next/link";
import { useLocale } from "@/i18n/locale";
import { PageHeader } from "@/ui/states";
import { useWorkspace } from "../shell/workspace";
import { PrintDownloads } from "../print/print-downloads";
import { GenerationReview } from "../review/generation-review";
import { GenerationPanel } from "./generation-panel";

export function GenerationPage({ generationId }: { generationId: string }) {
  const { t } = useLocale();
  const ws = useWorkspace();
  return (
    <div className="mx-auto max-w-4xl">
      <Link
        href={`/w/${ws.slug}/history`}
        className="mb-3 inline-block text-sm font-medium text-indigo-700 underline"
      >
        ← {t.history.title}
      </Link>
      <PageHeader title={t.generation.title} />
      <GenerationPanel generationId={generationId} />
      <PrintDownloads generationId={generationId} />
      <GenerationReview generationId={generationId} />
    </div>
  );
}
