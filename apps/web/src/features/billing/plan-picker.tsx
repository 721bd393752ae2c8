"use client";

import {
  CREDIT_PACKS,
  PLAN_ORDER,
  PLANS,
  type CreditPack,
  type PlanName,
} from "@hyperposter/domain";
import { useMutation } from "@tanstack/react-query";
import { useLocale } from "@/i18n/locale";
import { uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/ui/button";
import { Card, ErrorNote } from "@/ui/states";
import { useWorkspace } from "../shell/workspace";

/** Stripe answers with a URL (Checkout or the Customer Portal): the browser goes there. */
const goTo = ({ url }: { url: string }) => window.location.assign(url);

/**
 * Upgrade/downgrade. Without a subscription a paid plan opens Checkout; with
 * one, every change (and cancelling to Free) goes through the Customer Portal.
 */
export function PlanPicker({
  current,
  subscribed,
  enabled,
}: {
  current: PlanName;
  subscribed: boolean;
  enabled: boolean;
}) {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const change = useMutation(trpc.billing.changePlan.mutationOptions({ onSuccess: goTo }));
  const portal = useMutation(trpc.billing.portal.mutationOptions({ onSuccess: goTo }));
  const error = uiError(change.error ?? portal.error, locale);
  const busy = change.isPending || portal.isPending || change.isSuccess || portal.isSuccess;
  const rank = PLAN_ORDER.indexOf(current);
  return (
    <Card>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h2 className="text-lg font-semibold">{t.billing.choosePlan}</h2>
        {subscribed ? (
          <div className="text-right">
            <Button
              variant="secondary"
              disabled={!enabled || busy}
              onClick={() => portal.mutate({ workspaceSlug: ws.slug })}
            >
              {portal.isPending || portal.isSuccess ? t.billing.redirecting : t.billing.manage}
            </Button>
            <p className="mt-1 max-w-xs text-xs text-stone-600">{t.billing.manageLead}</p>
          </div>
        ) : null}
      </div>
      <ul className="mt-4 grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
        {PLAN_ORDER.map((name, index) => {
          const plan = PLANS[name];
          const label = locale === "zh" ? plan.labelZh : plan.label;
          const isCurrent = name === current;
          // Free is reached by cancelling in the portal, so it only gets a button with a subscription.
          const offered = !isCurrent && (name !== "FREE" || subscribed);
          return (
            <li
              key={name}
              className={`flex flex-col rounded-lg border p-4 ${isCurrent ? "border-indigo-600 bg-indigo-50" : "border-stone-200"}`}
            >
              <p className="font-semibold">{label}</p>
              <p className="text-sm text-stone-700">{t.billing.perMonth(plan.priceUsd)}</p>
              <p className="mt-2 flex-1 text-sm text-stone-600">
                {t.billing.planFacts(plan.monthlyCredits, plan.seats, plan.maxVariants)}
                {plan.apiAccess ? ` · ${t.billing.apiAccess}` : ""}
              </p>
              <div className="mt-3">
                {isCurrent ? (
                  <p className="text-sm font-semibold text-indigo-800">{t.billing.current}</p>
                ) : offered ? (
                  <Button
                    variant={index > rank ? "primary" : "secondary"}
                    className="w-full"
                    disabled={!enabled || busy}
                    onClick={() => change.mutate({ workspaceSlug: ws.slug, plan: name })}
                  >
                    {change.isPending && change.variables?.plan === name
                      ? t.billing.redirecting
                      : index > rank
                        ? t.billing.upgrade(label)
                        : t.billing.downgrade(label)}
                  </Button>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
      {error ? <ErrorNote className="mt-3" message={error.message} /> : null}
    </Card>
  );
}

/** Credit packs: a one-off Checkout Session in payment mode. */
export function CreditPacks({ enabled }: { enabled: boolean }) {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const buy = useMutation(trpc.billing.buyPack.mutationOptions({ onSuccess: goTo }));
  const error = uiError(buy.error, locale);
  const packs = Object.entries(CREDIT_PACKS) as [
    CreditPack,
    { credits: number; priceUsd: number },
  ][];
  return (
    <Card>
      <h2 className="text-lg font-semibold">{t.billing.packsTitle}</h2>
      <p className="mt-1 text-sm text-stone-600">{t.billing.packsLead}</p>
      <div className="mt-3 flex flex-wrap gap-3">
        {packs.map(([pack, { credits, priceUsd }]) => (
          <Button
            key={pack}
            variant="secondary"
            disabled={!enabled || buy.isPending || buy.isSuccess}
            onClick={() => buy.mutate({ workspaceSlug: ws.slug, pack })}
          >
            {buy.isPending && buy.variables?.pack === pack
              ? t.billing.redirecting
              : t.billing.buyPack(credits, priceUsd)}
          </Button>
        ))}
      </div>
      {error ? <ErrorNote className="mt-3" message={error.message} /> : null}
    </Card>
  );
}
