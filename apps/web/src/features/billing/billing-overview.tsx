"use client";

import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useLocale } from "@/i18n/locale";
import { uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Card, ErrorNote, Loading, Notice, PageHeader } from "@/ui/states";
import { useWorkspace } from "../shell/workspace";
import { Invoices } from "./invoices";
import { OverageCap } from "./overage-cap";
import { CreditPacks, PlanPicker } from "./plan-picker";
import { UsageChart } from "./usage-chart";

/** Plan, credits and usage for every member; buying and changing for owners and admins. */
export function BillingOverview() {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const checkout = useSearchParams().get("checkout");
  const summary = useQuery(trpc.billing.summary.queryOptions({ workspaceSlug: ws.slug }));
  if (summary.isPending) return <Loading label={t.common.loading} />;
  if (summary.error)
    return <ErrorNote message={uiError(summary.error, locale)?.message ?? t.common.loading} />;
  const s = summary.data;
  const date = (iso: string) => new Date(iso).toLocaleDateString(locale === "zh" ? "zh-CN" : "en");
  const manager = ws.can("ADMIN");
  return (
    <>
      <PageHeader title={t.billing.title} lead={t.billing.lead} />
      <div className="space-y-4">
        {checkout === "success" ? (
          <p
            role="status"
            className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-emerald-900"
          >
            {t.billing.checkoutSuccess}
          </p>
        ) : checkout === "canceled" ? (
          <Notice>{t.billing.checkoutCanceled}</Notice>
        ) : null}
        <div className="grid gap-4 lg:grid-cols-2">
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
            <dl className="grid gap-3 sm:grid-cols-2">
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
                  <dd className="text-xl font-semibold" data-testid="billing-overage">
                    {-s.credits.overage} / {s.overageCap}
                  </dd>
                </div>
              ) : null}
            </dl>
          </Card>
        </div>
        <UsageChart />
        {manager ? (
          <>
            {s.localCommands ? (
              <div
                className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-amber-900"
                data-testid="billing-local-mode"
              >
                <p>{t.billing.localMode}</p>
                <pre className="mt-2 overflow-x-auto rounded bg-white/70 p-2 text-sm">
                  {s.localCommands.setPlan}
                  {"\n"}
                  {s.localCommands.grant}
                </pre>
              </div>
            ) : null}
            <PlanPicker
              current={s.plan.name}
              subscribed={s.subscribed}
              enabled={s.payments === "stripe"}
            />
            <CreditPacks enabled={s.payments === "stripe"} />
            {s.plan.meteredOverage ? <OverageCap cap={s.overageCap} /> : null}
            <Invoices local={s.payments === "local"} />
          </>
        ) : (
          <Notice>{t.billing.readOnly}</Notice>
        )}
      </div>
    </>
  );
}
