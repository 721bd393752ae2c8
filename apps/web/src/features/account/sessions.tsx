"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useLocale } from "@/i18n/locale";
import { uiError } from "@/lib/errors";
import { timeAgo } from "@/lib/time";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/ui/button";
import { Card, ErrorNote, Loading, Notice } from "@/ui/states";

/** Every device the user is signed in on, with a way out for each and for all. */
export function Sessions() {
  const { t, locale } = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.auth.sessions.queryOptions());
  const revoke = useMutation(
    trpc.auth.revokeSession.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() }),
    }),
  );
  const everywhere = useMutation(
    trpc.auth.signOutEverywhere.mutationOptions({
      onSuccess: () => {
        queryClient.clear();
        router.replace("/sign-in?signedOut=everywhere");
      },
    }),
  );
  const error = uiError(revoke.error ?? everywhere.error, locale);
  const dateFormat = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
  });

  return (
    <Card>
      <h2 className="text-lg font-semibold">{t.account.sessions}</h2>
      <p className="mt-1 text-sm text-stone-600">{t.account.sessionsLead}</p>
      {sessions.isPending ? (
        <Loading label={t.common.loading} />
      ) : sessions.isError ? (
        <div className="mt-4">
          <ErrorNote
            message={t.account.loadError}
            action={
              <Button variant="secondary" onClick={() => void sessions.refetch()}>
                {t.common.retry}
              </Button>
            }
          />
        </div>
      ) : sessions.data.managedBy === "clerk" ? (
        <div className="mt-4">
          <Notice>{t.account.managedByClerk}</Notice>
        </div>
      ) : (
        <>
          <ul className="mt-3 divide-y divide-stone-100" aria-label={t.account.sessions}>
            {sessions.data.sessions.map((s) => (
              <li
                key={s.id}
                data-testid="session"
                className="flex items-center justify-between gap-3 py-3"
              >
                <div className="min-w-0 flex-1">
                  <p className="font-medium">
                    {s.device ?? t.account.unknownDevice}
                    {s.current ? (
                      <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-semibold text-emerald-800">
                        {t.account.thisDevice}
                      </span>
                    ) : null}
                  </p>
                  <p className="text-sm text-stone-600">
                    {s.current
                      ? t.account.activeNow
                      : t.account.lastActive(timeAgo(s.lastSeenAt, locale))}{" "}
                    · {t.account.since(dateFormat.format(new Date(s.createdAt)))}
                    {s.ip ? ` · ${t.account.ip(s.ip)}` : ""}
                  </p>
                </div>
                {!s.current ? (
                  <Button
                    variant="secondary"
                    className="shrink-0"
                    disabled={revoke.isPending}
                    aria-label={`${t.account.signOutDevice}: ${s.device ?? t.account.unknownDevice}`}
                    onClick={() => revoke.mutate({ sessionId: s.id })}
                  >
                    {t.account.signOutDevice}
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
          {error ? <ErrorNote className="mt-3" message={error.message} /> : null}
          <div className="mt-4 border-t border-stone-100 pt-4">
            <Button
              variant="danger"
              disabled={everywhere.isPending}
              onClick={() => everywhere.mutate()}
            >
              {everywhere.isPending ? t.account.signingOut : t.account.signOutEverywhere}
            </Button>
          </div>
        </>
      )}
    </Card>
  );
}
