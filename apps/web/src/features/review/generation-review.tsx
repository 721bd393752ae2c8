"use client";

import { FORMATS, type FormatName } from "@hyperposter/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useLocale } from "@/i18n/locale";
import { uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/ui/button";
import { TextField } from "@/ui/field";
import { ErrorNote } from "@/ui/states";
import { formatLabel } from "../formats/format-picker";
import { useWorkspace } from "../shell/workspace";
import { ReviewBadge } from "./review-badge";

/**
 * Share a generation for review: the state a client left, the links (create,
 * copy once, withdraw) and the comments per asset. Mounted on the generation
 * page in one line; everything it needs it fetches itself.
 */
export function GenerationReview({ generationId }: { generationId: string }) {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = { workspaceSlug: ws.slug, generationId };
  const review = useQuery(trpc.review.list.queryOptions(input));
  const [days, setDays] = useState("7");
  const [fresh, setFresh] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const refresh = () => queryClient.invalidateQueries(trpc.review.list.pathFilter());
  const create = useMutation(
    trpc.review.create.mutationOptions({
      onSuccess: (link) => {
        setFresh(link.url);
        setCopied(false);
        void refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.review.revoke.mutationOptions({ onSuccess: () => refresh() }));
  const dateFormat = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
  });
  const assetName = (outputId: string | null) => {
    const asset = review.data?.assets.find((a) => a.outputId === outputId);
    if (!asset) return t.review.wholeGeneration;
    const format =
      asset.format in FORMATS ? formatLabel(asset.format as FormatName, locale) : asset.format;
    return `${format} · ${t.review.variant(asset.variant + 1)}`;
  };
  const error = create.error ?? revoke.error;
  const daysNumber = Number(days);

  return (
    <section
      aria-labelledby="review-heading"
      className="mt-6 rounded-xl border border-stone-200 bg-white p-4 shadow-sm"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="review-heading" className="text-lg font-semibold">
          {t.review.share}
        </h2>
        {review.data?.summary ? (
          <ReviewBadge state={review.data.summary.state} comments={review.data.summary.comments} />
        ) : null}
      </div>
      <p className="mt-1 text-sm text-stone-600">{t.review.shareLead}</p>
      {ws.can("EDITOR") ? (
        <form
          className="mt-3 flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ ...input, days: Number.isInteger(daysNumber) ? daysNumber : 7 });
          }}
        >
          <div className="w-44">
            <TextField
              label={t.review.days}
              type="number"
              min={1}
              max={30}
              value={days}
              onChange={(e) => setDays(e.target.value)}
            />
          </div>
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? t.review.creating : t.review.create}
          </Button>
        </form>
      ) : null}
      {error ? <ErrorNote message={uiError(error, locale)?.message ?? ""} /> : null}
      {fresh ? (
        <div className="mt-3 rounded-lg bg-indigo-50 p-3 text-sm">
          <p className="font-medium">{t.review.newLink}</p>
          <div className="mt-1 flex flex-wrap items-center gap-2">
            <code data-testid="review-url" className="min-w-0 break-all text-indigo-900">
              {fresh}
            </code>
            <Button
              variant="secondary"
              onClick={() => {
                void navigator.clipboard?.writeText(fresh).then(() => setCopied(true));
              }}
            >
              {copied ? t.review.copied : t.review.copyLink}
            </Button>
          </div>
        </div>
      ) : null}
      <ul className="mt-3 space-y-3">
        {review.data?.links.map((link) => (
          <li
            key={link.id}
            className="rounded-lg border border-stone-200 p-3 text-sm"
            data-testid="review-link"
          >
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span className="text-stone-700">
                {dateFormat.format(new Date(link.createdAt))} ·{" "}
                {link.revoked
                  ? t.review.revoked
                  : link.expired
                    ? t.review.expired
                    : t.review.expires(dateFormat.format(new Date(link.expiresAt)))}
                {link.decision ? (
                  <>
                    {" · "}
                    <strong>{t.review.states[link.decision]}</strong>
                    {link.decidedBy ? ` ${t.review.decidedBy(link.decidedBy)}` : ""}
                  </>
                ) : null}
              </span>
              {ws.can("EDITOR") && !link.revoked && !link.expired ? (
                <Button
                  variant="ghost"
                  disabled={revoke.isPending}
                  onClick={() => revoke.mutate({ workspaceSlug: ws.slug, linkId: link.id })}
                >
                  {t.review.revoke}
                </Button>
              ) : null}
            </div>
            {link.comments.length > 0 ? (
              <ul className="mt-2 space-y-1 border-t border-stone-100 pt-2">
                {link.comments.map((c) => (
                  <li key={c.id}>
                    <span className="text-stone-500">{assetName(c.outputId)} — </span>
                    <strong>{c.name}</strong>: <span className="whitespace-pre-wrap">{c.body}</span>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
