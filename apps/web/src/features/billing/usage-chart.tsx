"use client";

import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useLocale } from "@/i18n/locale";
import { useTRPC } from "@/trpc/react";
import { Card, Loading } from "@/ui/states";
import { useWorkspace } from "../shell/workspace";

/** Credits spent per day (holds less releases) over the last 30 days, UTC days. */
export function UsageChart() {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const usage = useQuery(trpc.billing.usage.queryOptions({ workspaceSlug: ws.slug }));
  const tag = locale === "zh" ? "zh-CN" : "en";
  const label = (day: string) =>
    new Date(`${day}T00:00:00Z`).toLocaleDateString(tag, {
      month: "short",
      day: "numeric",
      timeZone: "UTC",
    });
  const total = usage.data?.reduce((sum, d) => sum + d.credits, 0) ?? 0;
  return (
    <Card>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold">{t.billing.usageTitle}</h2>
        {usage.data ? (
          <p className="text-sm text-stone-600" data-testid="billing-usage-total">
            {total} {t.billing.usageCredits}
          </p>
        ) : null}
      </div>
      {usage.isPending ? (
        <Loading label={t.common.loading} />
      ) : !usage.data ? null : (
        <>
          {total === 0 ? (
            <p className="mt-1 text-sm text-stone-600">{t.billing.usageEmpty}</p>
          ) : null}
          <div className="mt-3 h-56 w-full" data-testid="billing-usage-chart">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={usage.data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
                <CartesianGrid vertical={false} stroke="#e7e5e4" />
                <XAxis
                  dataKey="day"
                  tickFormatter={label}
                  tick={{ fontSize: 12, fill: "#57534e" }}
                  interval="preserveStartEnd"
                  minTickGap={24}
                />
                <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: "#57534e" }} />
                <Tooltip
                  labelFormatter={(day) => label(String(day))}
                  formatter={(value) => [value, t.billing.usageCredits]}
                />
                <Bar dataKey="credits" fill="#4f46e5" radius={[3, 3, 0, 0]} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </>
      )}
    </Card>
  );
}
