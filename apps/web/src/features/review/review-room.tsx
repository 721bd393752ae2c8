"use client";

import type { openReview } from "@hyperposter/api";
import { FORMATS, type FormatName } from "@hyperposter/domain";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useLocale } from "@/i18n/locale";
import { uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/ui/button";
import { TextArea, TextField } from "@/ui/field";
import { ErrorNote } from "@/ui/states";
import { formatLabel } from "../formats/format-picker";
import { ReviewBadge } from "./review-badge";

type ReviewView = Awaited<ReturnType<typeof openReview>>;

const NAME_MAX = 80;
const COMMENT_MAX = 2000;

/** The public review page's body: assets with a comment box each, then the decision. */
export function ReviewRoom({ token, initial }: { token: string; initial: ReviewView }) {
  const { t, locale } = useLocale();
  const trpc = useTRPC();
  const view = useQuery({ ...trpc.review.open.queryOptions({ token }), initialData: initial });
  const data = view.data ?? initial;
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | undefined>();
  const nameBox = useRef<HTMLDivElement>(null);
  const decide = useMutation(
    trpc.review.decide.mutationOptions({ onSuccess: () => view.refetch() }),
  );
  const dateFormat = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
  });
  const assetLabel = (format: string, variant: number) =>
    `${format in FORMATS ? formatLabel(format as FormatName, locale) : format} · ${t.review.variant(variant + 1)}`;
  const requireName = () => {
    if (name.trim()) return true;
    setNameError(t.review.nameFirst);
    nameBox.current?.querySelector("input")?.focus();
    return false;
  };
  const choose = (decision: "APPROVED" | "CHANGES_REQUESTED") => {
    if (requireName()) decide.mutate({ token, name: name.trim(), decision });
  };

  return (
    <main className="mx-auto max-w-5xl px-5 py-10">
      <h1 className="text-2xl font-bold sm:text-3xl">{t.review.pageTitle(data.workspaceName)}</h1>
      <p className="mt-2 text-stone-700">{t.review.pageLead}</p>
      <p className="mt-1 text-sm text-stone-500">
        {t.review.until(dateFormat.format(new Date(data.expiresAt)))}
      </p>
      {data.copy ? (
        <p className="mt-3 text-lg">
          <strong>{data.copy.headline}</strong>
          {data.copy.subline ? ` — ${data.copy.subline}` : ""} · <em>{data.copy.cta}</em>
        </p>
      ) : null}

      <div className="mt-6 max-w-sm" ref={nameBox}>
        <TextField
          label={t.review.yourName}
          value={name}
          maxLength={NAME_MAX}
          limit={NAME_MAX}
          autoComplete="name"
          error={nameError}
          onChange={(e) => {
            setName(e.target.value);
            setNameError(undefined);
          }}
        />
      </div>

      <ul className="mt-6 grid gap-6 md:grid-cols-2">
        {data.assets.map((asset) => (
          <li
            key={asset.outputId}
            className="rounded-xl border border-stone-200 bg-white p-4 shadow-sm"
            data-testid="review-asset"
          >
            <h2 className="font-semibold">{assetLabel(asset.format, asset.variant)}</h2>
            {asset.url ? (
              // A plain <img>: a signed storage URL, shown as stored.
              <img
                src={asset.url}
                alt={assetLabel(asset.format, asset.variant)}
                width={asset.width ?? undefined}
                height={asset.height ?? undefined}
                className="mt-2 h-auto max-h-[60vh] w-full rounded-lg border border-stone-100 object-contain"
              />
            ) : null}
            <CommentList comments={data.comments.filter((c) => c.outputId === asset.outputId)} />
            <CommentForm
              token={token}
              outputId={asset.outputId}
              label={t.review.commentOn(assetLabel(asset.format, asset.variant))}
              name={name}
              requireName={requireName}
              onSent={() => view.refetch()}
            />
          </li>
        ))}
      </ul>

      <section className="mt-8 rounded-xl border border-stone-200 bg-white p-4 shadow-sm">
        <h2 className="font-semibold">{t.review.wholeGeneration}</h2>
        <CommentList comments={data.comments.filter((c) => c.outputId === null)} />
        <CommentForm
          token={token}
          label={t.review.comment}
          name={name}
          requireName={requireName}
          onSent={() => view.refetch()}
        />
        <div className="mt-4 flex flex-wrap items-center gap-3 border-t border-stone-100 pt-4">
          {data.decision ? (
            <span className="text-sm">
              {t.review.current("")} <ReviewBadge state={data.decision} comments={0} />
              {data.decidedBy ? ` ${t.review.decidedBy(data.decidedBy)}` : ""}
            </span>
          ) : null}
          <Button disabled={decide.isPending} onClick={() => choose("APPROVED")}>
            {t.review.approve}
          </Button>
          <Button
            variant="secondary"
            disabled={decide.isPending}
            onClick={() => choose("CHANGES_REQUESTED")}
          >
            {t.review.requestChanges}
          </Button>
        </div>
        {decide.error ? <ErrorNote message={uiError(decide.error, locale)?.message ?? ""} /> : null}
      </section>
    </main>
  );
}

function CommentList({ comments }: { comments: ReviewView["comments"] }) {
  if (comments.length === 0) return null;
  return (
    <ul className="mt-3 space-y-1 text-sm" data-testid="review-comments">
      {comments.map((c) => (
        <li key={c.id}>
          <strong>{c.name}</strong>: <span className="whitespace-pre-wrap">{c.body}</span>
        </li>
      ))}
    </ul>
  );
}

function CommentForm({
  token,
  outputId,
  label,
  name,
  requireName,
  onSent,
}: {
  token: string;
  outputId?: string;
  label: string;
  name: string;
  requireName: () => boolean;
  onSent: () => void;
}) {
  const { t, locale } = useLocale();
  const trpc = useTRPC();
  const [body, setBody] = useState("");
  const send = useMutation(
    trpc.review.comment.mutationOptions({
      onSuccess: () => {
        setBody("");
        onSent();
      },
    }),
  );
  const error = send.error ? uiError(send.error, locale)?.message : undefined;
  return (
    <form
      className="mt-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (!body.trim() || !requireName()) return;
        send.mutate({ token, name: name.trim(), body, ...(outputId ? { outputId } : {}) });
      }}
    >
      <TextArea
        label={label}
        rows={2}
        value={body}
        limit={COMMENT_MAX}
        error={error}
        onChange={(e) => setBody(e.target.value)}
      />
      <Button
        type="submit"
        variant="secondary"
        className="mt-2"
        disabled={send.isPending || !body.trim()}
      >
        {send.isPending ? t.review.sending : t.review.send}
      </Button>
    </form>
  );
}
