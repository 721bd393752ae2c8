"use client";

import { FORMATS, type GenerationView } from "@hyperposter/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useLocale } from "@/i18n/locale";
import { uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button, ButtonLink } from "@/ui/button";
import { Card, ErrorNote, Loading } from "@/ui/states";
import { formatLabel } from "../formats/format-picker";
import { useWorkspace } from "../shell/workspace";
import { BriefSummary } from "./brief-summary";
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
  const studioPath = `/w/${ws.slug}/studio`;
  const show = (id: string) => {
    // From the studio the form stays; from a generation page the studio opens with the new one.
    router.replace(`${pathname.replace(/\/generations\/[^/]+$/, "/studio")}?g=${id}`, {
      scroll: false,
    });
  };
  const again = useMutation(
    trpc.generation.create.mutationOptions({
      onSuccess: async ({ generationId: id }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.generation.balance.queryKey() });
        show(id);
      },
    }),
  );
  // Unchanged inputs: the same files come back free; otherwise it says what changed and asks.
  const sameSeed = useMutation(
    trpc.generation.sameSeed.mutationOptions({
      onSuccess: (result) => {
        if (result.kind === "reused") show(result.generationId);
      },
    }),
  );
  const changed = sameSeed.data?.kind === "changed" ? sameSeed.data : null;

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
  const rerun = (options: { seed: number } | { moreOf: string }) => {
    const s = source.data;
    if (!s?.brief || !s.preset) return;
    again.mutate({
      workspaceSlug: ws.slug,
      presetId: s.preset.id,
      variants: s.variants,
      brief: s.brief,
      ...(s.productPhotoId ? { productPhotoId: s.productPhotoId } : {}),
      ...options,
    });
  };
  const busy = again.isPending || sameSeed.isPending;
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
              {source.data?.preset
                ? `${source.data.preset.name} (${t.presets.version(source.data.preset.version)}) · `
                : ""}
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
        {view.sameAsId ? (
          <p className="mt-4 text-sm text-stone-700" data-testid="same-as">
            {t.generation.sameAs}{" "}
            <Link
              className="font-medium text-indigo-700 underline"
              href={`/w/${ws.slug}/generations/${view.sameAsId}`}
            >
              {t.generation.sameAsLink}
            </Link>
          </p>
        ) : null}
        {!live && ws.can("EDITOR") && source.data?.brief ? (
          <div className="mt-4 flex flex-wrap gap-2">
            <ButtonLink variant="secondary" href={`${studioPath}?from=${view.id}`}>
              {t.generation.editRerun}
            </ButtonLink>
            <Button variant="secondary" disabled={busy} onClick={() => sameSeed.mutate(input)}>
              {t.generation.sameSeed}
            </Button>
            <Button variant="secondary" disabled={busy} onClick={() => rerun({ moreOf: view.id })}>
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
        {!live && ws.can("EDITOR") && source.data?.brief ? (
          <p className="mt-2 text-xs text-stone-500">{t.generation.sameSeedHint}</p>
        ) : null}
        {changed ? (
          <div
            className="mt-3 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-950"
            role="alertdialog"
            aria-label={t.generation.sameSeed}
            data-testid="same-seed-changed"
          >
            <p className="font-medium">{t.generation.sameSeedChanged}</p>
            <ul className="mt-1 list-disc pl-5">
              {changed.changes.map((c) => (
                <li key={c.code}>{locale === "zh" ? c.messageZh : c.message}</li>
              ))}
            </ul>
            <div className="mt-2 flex flex-wrap gap-2">
              {changed.changes.some((c) => c.code === "not_finished") ? null : (
                <Button disabled={busy} onClick={() => rerun({ seed: view.seed })}>
                  {t.generation.sameSeedConfirm(changed.cost)}
                </Button>
              )}
              <Button variant="ghost" onClick={() => sameSeed.reset()}>
                {t.generation.sameSeedKeep}
              </Button>
            </div>
          </div>
        ) : null}
        {again.error || sameSeed.error ? (
          <div className="mt-3">
            <ErrorNote message={uiError(again.error ?? sameSeed.error, locale)?.message ?? ""} />
          </div>
        ) : null}
        {source.data ? (
          <div className="mt-4 border-t border-stone-200 pt-4">
            <BriefSummary source={source.data} />
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
