"use client";

import { FORMATS, type GenerationView } from "@hyperposter/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useLocale } from "@/i18n/locale";
import { uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button, ButtonLink } from "@/ui/button";
import { Card, ErrorNote, Loading } from "@/ui/states";
import { formatLabel } from "../formats/format-picker";
import { useWorkspace } from "../shell/workspace";
import { GenerationDetails } from "./details";
import { EditCopyPanel } from "./edit-copy-panel";
import { ResultCard } from "./result-card";

const LIVE: GenerationView["status"][] = ["QUEUED", "RUNNING"];

export function GenerationPanel({ generationId }: { generationId: string }) {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const input = { workspaceSlug: ws.slug, generationId };
  // Polling through tRPC: simple, survives any proxy, and stops once the job is done.
  const generation = useQuery({
    ...trpc.generation.get.queryOptions(input),
    refetchInterval: (query) =>
      query.state.data && LIVE.includes(query.state.data.status) ? 1000 : false,
  });
  const source = useQuery(trpc.generation.source.queryOptions(input));
  const cancel = useMutation(
    trpc.generation.cancel.mutationOptions({
      // The held credits come back on cancel: the balance badge must show them at once.
      onSuccess: async (view) => {
        queryClient.setQueryData(trpc.generation.get.queryKey(input), view);
        await queryClient.invalidateQueries({ queryKey: trpc.generation.balance.queryKey() });
      },
    }),
  );
  const again = useMutation(
    trpc.generation.create.mutationOptions({
      onSuccess: async ({ generationId: id }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.generation.balance.queryKey() });
        router.replace(`${pathname.replace(/\/generations\/[^/]+$/, "/studio")}?g=${id}`, {
          scroll: false,
        });
      },
    }),
  );

  if (generation.isPending) return <Loading label={t.common.loading} />;
  if (generation.error) {
    const e = uiError(generation.error, locale);
    return (
      <ErrorNote message={e?.code === "NOT_FOUND" ? t.generation.notFound : (e?.message ?? "")} />
    );
  }
  const view = generation.data;
  const live = LIVE.includes(view.status);
  const progress = view.progress;
  const stepShare = progress.totalSteps ? (progress.step ?? 0) / progress.totalSteps : 0;
  const assetShare = progress.assetsTotal ? progress.assetsDone / progress.assetsTotal : 0;
  const percent =
    view.status === "SUCCEEDED"
      ? 100
      : Math.round(
          100 * Math.max(assetShare, stepShare * 0.9 * (1 / Math.max(1, view.formats.length))),
        );
  const rerun = (seed: number | undefined) => {
    const s = source.data;
    if (!s?.brief || !s.preset) return;
    again.mutate({
      workspaceSlug: ws.slug,
      presetId: s.preset.id,
      variants: s.variants,
      brief: s.brief,
      ...(s.productPhotoId ? { productPhotoId: s.productPhotoId } : {}),
      ...(seed !== undefined ? { seed } : {}),
    });
  };
  const zipHref = `/api/generations/${view.id}/zip?workspace=${encodeURIComponent(ws.slug)}`;

  return (
    <div className="space-y-5">
      <Card>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h2 className="text-lg font-semibold">
              {t.generation.title} ·{" "}
              <span data-testid="generation-status">{t.common.statuses[view.status]}</span>
            </h2>
            <p className="text-sm text-stone-600">
              {source.data?.preset?.name ? `${source.data.preset.name} · ` : ""}
              {t.generation.seedValue(view.seed)} · {view.formats.length} × {view.variants}
            </p>
          </div>
          {live && ws.can("EDITOR") ? (
            <Button
              variant="secondary"
              disabled={cancel.isPending}
              onClick={() => cancel.mutate(input)}
            >
              {cancel.isPending ? t.generation.canceling : t.generation.cancel}
            </Button>
          ) : null}
        </div>
        {live ? (
          <div className="mt-4" aria-live="polite">
            <p className="font-medium" data-testid="generation-stage">
              {t.generation.stage[progress.stage]}
              {progress.totalSteps
                ? ` · ${t.generation.step(progress.step ?? 0, progress.totalSteps)}`
                : ""}
            </p>
            <div
              className="mt-2 h-2 overflow-hidden rounded-full bg-stone-200"
              role="progressbar"
              aria-valuenow={percent}
              aria-valuemin={0}
              aria-valuemax={100}
            >
              <div
                className="h-full rounded-full bg-indigo-600 transition-all"
                style={{ width: `${Math.max(4, percent)}%` }}
              />
            </div>
            <p className="mt-2 text-sm text-stone-600">
              {t.generation.formatsDone(progress.formatsDone.length, view.formats.length)}
            </p>
          </div>
        ) : null}
        {view.status === "FAILED" ? (
          <div className="mt-4">
            <ErrorNote message={`${t.generation.failed} ${view.error?.message ?? ""}`} />
          </div>
        ) : null}
        {view.status === "CANCELED" ? (
          <p className="mt-4 text-stone-700">{t.generation.canceled}</p>
        ) : null}
        {!live && ws.can("EDITOR") && source.data?.brief ? (
          <div className="mt-4 flex flex-wrap gap-2">
            <Button variant="secondary" disabled={again.isPending} onClick={() => rerun(view.seed)}>
              {t.generation.sameSeed}
            </Button>
            <Button variant="secondary" disabled={again.isPending} onClick={() => rerun(undefined)}>
              {t.generation.moreVariations}
            </Button>
            {view.outputs.length > 0 ? (
              <ButtonLink variant="secondary" href={zipHref} download>
                {t.generation.downloadZip}
              </ButtonLink>
            ) : null}
          </div>
        ) : !live && view.outputs.length > 0 ? (
          <div className="mt-4">
            <ButtonLink variant="secondary" href={zipHref} download>
              {t.generation.downloadZip}
            </ButtonLink>
          </div>
        ) : null}
        {again.error ? (
          <div className="mt-3">
            <ErrorNote message={uiError(again.error, locale)?.message ?? ""} />
          </div>
        ) : null}
      </Card>

      <section aria-label={t.generation.results}>
        <h2 className="mb-3 text-lg font-semibold">{t.generation.results}</h2>
        <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          {view.formats.flatMap((format) =>
            Array.from({ length: view.variants }, (_, variant) => {
              const output = view.outputs.find((o) => o.format === format && o.variant === variant);
              const spec = FORMATS[format];
              return output ? (
                <ResultCard key={`${format}:${variant}`} output={output} generationId={view.id} />
              ) : (
                <li
                  key={`${format}:${variant}`}
                  className="rounded-xl border border-dashed border-stone-300 bg-white p-3"
                >
                  <div
                    className="flex items-center justify-center rounded-lg bg-stone-100 text-sm text-stone-500"
                    style={{ aspectRatio: `${spec.width} / ${spec.height}`, maxHeight: 280 }}
                  >
                    {live ? t.generation.waitingFormat : "—"}
                  </div>
                  <p className="mt-2 text-sm font-medium">
                    {formatLabel(format, locale)}
                    {view.variants > 1 ? ` · ${t.generation.variant(variant + 1)}` : ""}
                  </p>
                </li>
              );
            }),
          )}
        </ul>
      </section>

      {!live && view.outputs.length > 0 ? <EditCopyPanel view={view} /> : null}

      {view.rephrased ? (
        <GenerationDetails rephrased={view.rephrased} product={view.product} />
      ) : null}
    </div>
  );
}
