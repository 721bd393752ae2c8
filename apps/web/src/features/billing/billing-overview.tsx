"use client";

import { useQuery } from "@tanstack/react-query";
import { useLocale } from "@/i18n/locale";
import { uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Card, ErrorNote, Loading, Notice, PageHeader } from "@/ui/states";
import { useWorkspace } from "../shell/workspace";

/** Plan and credits, read-only for now (checkout, pack purchase and the usage chart are still to come). */
export function BillingOverview() {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const summary = useQuery(trpc.billing.summary.queryOptions({ workspaceSlug: ws.slug }));
  if (summary.isPending) return <Loading label={t.common.loading} />;
  if (summary.error)
    return <ErrorNote message={uiError(summary.error, locale)?.message ?? t.common.loading} />;
  const s = summary.data;
  const date = (iso: string) => new Date(iso).toLocaleDateString(locale === "zh" ? "zh-CN" : "en");
  return (
    <>
      <PageHeader title={t.billing.title} lead={t.billing.lead} />
      <div className="space-y-4">
        <Card>
          <p className="text-sm text-stone-600">{t.billing.plan}</p>
          <p className="text-2xl font-semibold" data-testid="billing-plan">
            {locale === "zh" ? s.plan.labelZh : s.plan.label}
          </p>
          {s.planStatus === "PAST_DUE" && s.graceEndsAt ? (
            <p className="mt-2 text-sm text-red-800">{t.billing.pastDue(date(s.graceEndsAt))}</p>
          ) : s.periodEnd ? (
            <p className="mt-2 text-sm text-stone-600">{t.billing.renews(date(s.periodEnd))}</p>
          ) : null}
          <p className="mt-2 text-sm text-stone-600">
            {t.billing.seats(s.seatsUsed, s.plan.seats)}
          </p>
        </Card>
        <Card>
          <dl className="grid gap-3 sm:grid-cols-3">
            <div>
              <dt className="text-sm text-stone-600">{t.billing.monthly}</dt>
              <dd className="text-xl font-semibold" data-testid="billing-monthly">
                {s.credits.monthly}
              </dd>
            </div>
            <div>
              <dt className="text-sm text-stone-600">{t.billing.packs}</dt>
              <dd className="text-xl font-semibold" data-testid="billing-packs">
                {s.credits.packs}
              </dd>
            </div>
            {s.plan.meteredOverage ? (
              <div>
                <dt className="text-sm text-stone-600">{t.billing.overage}</dt>
                <dd className="text-xl font-semibold">
                  {-s.credits.overage} / {s.overageCap}
                </dd>
              </div>
            ) : null}
          </dl>
        </Card>
        <Notice>{t.billing.localMode}</Notice>
      </div>
    </>
  );
}
