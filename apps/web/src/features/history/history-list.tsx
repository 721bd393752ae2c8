"use client";

import { FORMATS, type FormatName } from "@hyperposter/domain";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useLocale } from "@/i18n/locale";
import { issueMessage, uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button, ButtonLink } from "@/ui/button";
import { SelectField, TextField } from "@/ui/field";
import { EmptyState, ErrorNote, Loading, PageHeader } from "@/ui/states";
import { formatLabel } from "../formats/format-picker";
import { useWorkspace } from "../shell/workspace";
import { HistoryThumbnail } from "./history-thumbnail";

const STATUSES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED"] as const;
type Status = (typeof STATUSES)[number];

const STATUS_STYLE: Record<Status, string> = {
  QUEUED: "bg-stone-100 text-stone-800",
  RUNNING: "bg-indigo-50 text-indigo-800",
  SUCCEEDED: "bg-emerald-50 text-emerald-800",
  FAILED: "bg-red-50 text-red-800",
  CANCELED: "bg-stone-100 text-stone-600",
};

interface Filters {
  presetId: string;
  status: "" | Status;
  from: string;
  to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Filters from the URL; anything malformed (a hand-edited link) is ignored rather than sent. */
function queryOf(f: Filters): string {
  const query = new URLSearchParams();
  if (f.presetId) query.set("preset", f.presetId);
  if (f.status) query.set("status", f.status);
  if (f.from) query.set("from", f.from);
  if (f.to) query.set("to", f.to);
  return query.toString();
}

function filtersFrom(params: URLSearchParams | null): Filters {
  const get = (key: string) => params?.get(key) ?? "";
  const status = STATUSES.find((s) => s === get("status")) ?? "";
  return {
    presetId: get("preset").slice(0, 40),
    status,
    from: DAY.test(get("from")) ? get("from") : "",
    to: DAY.test(get("to")) ? get("to") : "",
  };
}

export function HistoryList() {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  // The filters live in the URL: a reload, a shared link or Back keeps them.
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  // Shown from local state at once; the URL follows (router.replace is async, so
  // two quick changes must not build on a URL that has not caught up yet).
  const [filters, setState] = useState<Filters>(() => filtersFrom(params));
  const latest = useRef(filters);
  const search = params?.toString() ?? "";
  useEffect(() => {
    // Back/forward or a pasted link: adopt the URL when it differs from what we wrote.
    const fromUrl = filtersFrom(new URLSearchParams(search));
    if (queryOf(fromUrl) !== queryOf(latest.current)) {
      latest.current = fromUrl;
      setState(fromUrl);
    }
  }, [search]);
  const setFilters = (patch: Partial<Filters>) => {
    const next = { ...latest.current, ...patch };
    latest.current = next;
    setState(next);
    const query = queryOf(next);
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };
  // An end before the start matches nothing: say so beside the field instead of an empty list.
  const inverted = Boolean(filters.from && filters.to && filters.from > filters.to);
  const rangeError = inverted
    ? issueMessage({ field: "to", code: "date_order" }, locale)
    : undefined;
  const presets = useQuery(
    trpc.preset.list.queryOptions({ workspaceSlug: ws.slug, includeArchived: true }),
  );
  const input = {
    workspaceSlug: ws.slug,
    limit: 20,
    ...(filters.presetId ? { presetId: filters.presetId } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
  };
  const history = useInfiniteQuery({
    ...trpc.history.list.infiniteQueryOptions(input, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
    }),
    enabled: !inverted,
  });
  const filtered = Boolean(filters.presetId || filters.status || filters.from || filters.to);
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  const dateFormat = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
  });

  return (
    <>
      <PageHeader title={t.history.title} lead={t.history.lead} />
      <form
        aria-label={t.history.filters}
        className="mb-5 grid grid-cols-2 gap-3 rounded-xl border border-stone-200 bg-white p-4 lg:grid-cols-5"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="col-span-2 lg:col-span-1">
          <SelectField
            label={t.history.preset}
            value={filters.presetId}
            onChange={(e) => setFilters({ presetId: e.target.value })}
          >
            <option value="">{t.history.anyPreset}</option>
            {presets.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="col-span-2 lg:col-span-1">
          <SelectField
            label={t.history.status}
            value={filters.status}
            onChange={(e) => setFilters({ status: e.target.value as "" | Status })}
          >
            <option value="">{t.history.anyStatus}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t.common.statuses[s]}
              </option>
            ))}
          </SelectField>
        </div>
        <TextField
          label={t.history.from}
          type="date"
          value={filters.from}
          onChange={(e) => setFilters({ from: e.target.value })}
        />
        <TextField
          label={t.history.to}
          type="date"
          value={filters.to}
          onChange={(e) => setFilters({ to: e.target.value })}
          error={rangeError}
        />
        <div className="col-span-2 flex items-end lg:col-span-1">
          <Button
            variant="ghost"
            disabled={!filtered}
            onClick={() => setFilters({ presetId: "", status: "", from: "", to: "" })}
          >
            {t.history.clear}
          </Button>
        </div>
      </form>
      {history.isPending && !inverted ? <Loading label={t.common.loading} /> : null}
      {history.error ? (
        <ErrorNote
          message={uiError(history.error, locale)?.message ?? ""}
          action={
            <Button variant="secondary" onClick={() => history.refetch()}>
              {t.common.retry}
            </Button>
          }
        />
      ) : null}
      {history.data && items.length === 0 ? (
        filtered ? (
          <EmptyState title={t.history.emptyTitle} body={t.history.emptyFiltered} />
        ) : (
          <EmptyState
            title={t.history.emptyTitle}
            body={t.history.emptyBody}
            action={
              ws.can("EDITOR") ? (
                <ButtonLink href={`/w/${ws.slug}/studio`}>{t.nav.studio}</ButtonLink>
              ) : undefined
            }
          />
        )
      ) : null}
      <ul className="space-y-3">
        {items.map((item) => (
          <li
            key={item.id}
            className="rounded-xl border border-stone-200 bg-white p-4 shadow-sm"
            data-testid="history-item"
          >
            <div className="flex flex-wrap items-start justify-between gap-3">
              <HistoryThumbnail generationId={item.id} />
              <div className="min-w-0 flex-1">
                <p className="font-semibold">{item.brief?.product ?? "—"}</p>
                <p className="text-sm text-stone-600">
                  {dateFormat.format(new Date(item.createdAt))}
                  {item.preset
                    ? ` · ${item.preset.name} (${t.presets.version(item.preset.version)})`
                    : ""}{" "}
                  · {t.generation.seedValue(item.seed)}
                </p>
              </div>
              <div className="flex items-center gap-2">
                <span
                  className={`rounded-full px-2.5 py-1 text-xs font-semibold ${STATUS_STYLE[item.status]}`}
                >
                  {t.common.statuses[item.status]}
                </span>
                <Link
                  className="rounded-lg border border-stone-300 px-3 py-1.5 text-sm font-semibold hover:bg-stone-100"
                  href={`/w/${ws.slug}/generations/${item.id}`}
                >
                  {t.history.open}
                </Link>
              </div>
            </div>
            <p className="mt-2 text-sm text-stone-700">
              {item.formats
                .map((f) => (f in FORMATS ? formatLabel(f as FormatName, locale) : f))
                .join(locale === "zh" ? "、" : ", ")}{" "}
              · {item.variants}× · {t.history.outputs(item.outputs)}
            </p>
            {item.copy ? (
              <p className="mt-2 text-sm">
                <span className="text-stone-500">{t.history.copy}: </span>
                <span className="font-medium">{item.copy.headline}</span>
                {item.copy.subline ? ` — ${item.copy.subline}` : ""} ·{" "}
                <span className="italic">{item.copy.cta}</span>
              </p>
            ) : null}
            {item.prompt ? (
              <p className="mt-1 line-clamp-2 text-xs break-words text-stone-500">
                {t.history.prompt}: {item.prompt}
              </p>
            ) : null}
            {item.errorMessage && item.status === "FAILED" ? (
              <p className="mt-1 text-sm text-red-800">{item.errorMessage}</p>
            ) : null}
          </li>
        ))}
      </ul>
      {history.hasNextPage ? (
        <div className="mt-4 flex justify-center">
          <Button
            variant="secondary"
            disabled={history.isFetchingNextPage}
            onClick={() => history.fetchNextPage()}
          >
            {history.isFetchingNextPage ? t.common.loading : t.history.loadMore}
          </Button>
        </div>
      ) : null}
    </>
  );
}
