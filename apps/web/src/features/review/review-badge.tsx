"use client";

import { useQuery } from "@tanstack/react-query";
import { useLocale } from "@/i18n/locale";
import { useTRPC } from "@/trpc/react";
import { useWorkspace } from "../shell/workspace";

export type ReviewState = "APPROVED" | "CHANGES_REQUESTED" | "WAITING";

const STYLE: Record<ReviewState, string> = {
  APPROVED: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  CHANGES_REQUESTED: "bg-amber-50 text-amber-900 ring-amber-200",
  WAITING: "bg-stone-100 text-stone-700 ring-stone-200",
};

/** A client's verdict on a shared generation, with the comment count. */
export function ReviewBadge({ state, comments }: { state: ReviewState; comments: number }) {
  const { t } = useLocale();
  return (
    <span
      data-testid="review-badge"
      data-state={state}
      className={`inline-block rounded-full px-2.5 py-1 text-xs font-semibold ring-1 ${STYLE[state]}`}
    >
      {t.review.states[state]}
      {comments > 0 ? (
        <span className="font-normal">{` · ${t.review.comments(comments)}`}</span>
      ) : null}
    </span>
  );
}

/** The badge for one generation, fetched by itself (mounted on the generation page). */
export function GenerationReviewBadge({ generationId }: { generationId: string }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const review = useQuery(trpc.review.list.queryOptions({ workspaceSlug: ws.slug, generationId }));
  const summary = review.data?.summary;
  return summary ? <ReviewBadge state={summary.state} comments={summary.comments} /> : null;
}
