"use client";

import { useQuery } from "@tanstack/react-query";
import { useLocale } from "@/i18n/locale";
import { uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Card, ErrorNote, Loading } from "@/ui/states";
import { useWorkspace } from "../shell/workspace";

/** The workspace's invoices as Stripe has them (amounts in the currency's minor unit). */
export function Invoices({ local }: { local: boolean }) {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const invoices = useQuery({
    ...trpc.billing.invoices.queryOptions({ workspaceSlug: ws.slug }),
    enabled: !local,
  });
  const tag = locale === "zh" ? "zh-CN" : "en";
  const money = (minor: number, currency: string) =>
    new Intl.NumberFormat(tag, { style: "currency", currency: currency.toUpperCase() }).format(
      minor / 100,
    );
  return (
    <Card>
      <h2 className="text-lg font-semibold">{t.billing.invoicesTitle}</h2>
      {local ? (
        <p className="mt-1 text-sm text-stone-600">{t.billing.invoicesLocal}</p>
      ) : invoices.isPending ? (
        <Loading label={t.common.loading} />
      ) : invoices.error ? (
        <ErrorNote message={uiError(invoices.error, locale)?.message ?? ""} />
      ) : invoices.data.length === 0 ? (
        <p className="mt-1 text-sm text-stone-600">{t.billing.invoicesNone}</p>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="billing-invoices">
            <thead className="text-stone-600">
              <tr>
                <th className="py-1 pr-4 font-medium">{t.billing.invoiceNumber}</th>
                <th className="py-1 pr-4 font-medium">{t.billing.invoiceDate}</th>
                <th className="py-1 pr-4 font-medium">{t.billing.invoiceTotal}</th>
                <th className="py-1 pr-4 font-medium">{t.billing.invoiceStatus}</th>
                <th className="py-1 font-medium" />
              </tr>
            </thead>
            <tbody>
              {invoices.data.map((inv) => (
                <tr key={inv.id} className="border-t border-stone-100">
                  <td className="py-2 pr-4">{inv.number ?? inv.id}</td>
                  <td className="py-2 pr-4">{new Date(inv.created).toLocaleDateString(tag)}</td>
                  <td className="py-2 pr-4">{money(inv.total, inv.currency)}</td>
                  <td className="py-2 pr-4">{inv.status ?? "—"}</td>
                  <td className="py-2">
                    {inv.url ? (
                      <a className="text-indigo-700 underline" href={inv.url}>
                        {t.billing.invoiceOpen}
                      </a>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
