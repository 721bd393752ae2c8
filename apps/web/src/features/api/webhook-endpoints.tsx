"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useLocale } from "@/i18n/locale";
import { fieldError, uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/ui/button";
import { TextField } from "@/ui/field";
import { Card, ErrorNote } from "@/ui/states";
import { useWorkspace } from "../shell/workspace";
import { SecretOnce } from "./secret-once";

const EVENTS = ["generation.succeeded", "generation.failed", "generation.canceled"] as const;
type Event = (typeof EVENTS)[number];

export function WebhookEndpoints() {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<Event[]>([...EVENTS]);
  const endpoints = useQuery(trpc.webhook.list.queryOptions({ workspaceSlug: ws.slug }));
  const deliveries = useQuery(
    trpc.webhook.deliveries.queryOptions(
      { workspaceSlug: ws.slug, limit: 20 },
      { refetchInterval: 5_000 },
    ),
  );
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.webhook.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.webhook.deliveries.queryKey() }),
    ]);
  const create = useMutation(
    trpc.webhook.create.mutationOptions({
      onSuccess: () => {
        setUrl("");
        void refresh();
      },
    }),
  );
  const remove = useMutation(trpc.webhook.delete.mutationOptions({ onSuccess: refresh }));
  const replay = useMutation(trpc.webhook.replay.mutationOptions({ onSuccess: refresh }));
  const error = uiError(create.error ?? remove.error ?? replay.error, locale);
  const when = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", {
    dateStyle: "short",
    timeStyle: "medium",
  });

  return (
    <Card className="space-y-4">
      <div>
        <h2 className="text-lg font-semibold">{t.api.endpoints}</h2>
        <p className="mt-1 text-sm text-stone-600">{t.api.endpointsLead}</p>
      </div>
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ workspaceSlug: ws.slug, url, events });
        }}
      >
        <TextField
          label={t.api.endpointUrl}
          hint={t.api.endpointUrlHint}
          type="url"
          inputMode="url"
          value={url}
          maxLength={2000}
          onChange={(e) => setUrl(e.target.value)}
          error={fieldError(error, "url")}
        />
        <fieldset>
          <legend className="text-sm font-medium text-stone-800">{t.api.events}</legend>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {EVENTS.map((event) => (
              <label key={event} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={events.includes(event)}
                  onChange={(e) =>
                    setEvents((current) =>
                      e.target.checked ? [...current, event] : current.filter((x) => x !== event),
                    )
                  }
                />
                <code className="text-xs">{event}</code>
              </label>
            ))}
          </div>
        </fieldset>
        <Button type="submit" disabled={create.isPending}>
          {t.api.addEndpoint}
        </Button>
      </form>
      {error && error.field !== "url" ? <ErrorNote message={error.message} /> : null}
      {create.data ? (
        <SecretOnce
          label={t.api.secretReady}
          value={create.data.secret}
          testId="endpoint-secret-once"
        />
      ) : null}
      {endpoints.data && endpoints.data.length === 0 ? (
        <p className="text-sm text-stone-600">{t.api.noEndpoints}</p>
      ) : null}
      <ul className="divide-y divide-stone-100" aria-label={t.api.endpoints}>
        {endpoints.data?.map((endpoint) => (
          <li
            key={endpoint.id}
            className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm"
          >
            <div className="min-w-0">
              <p className="truncate font-mono text-xs">{endpoint.url}</p>
              <p className="text-xs text-stone-600">
                {endpoint.events.join(", ")}
                {endpoint.disabledReason ? ` · ${t.api.disabled(endpoint.disabledReason)}` : ""}
              </p>
            </div>
            <Button
              variant="ghost"
              onClick={() => remove.mutate({ workspaceSlug: ws.slug, endpointId: endpoint.id })}
            >
              {t.api.remove}
            </Button>
          </li>
        ))}
      </ul>
      <div>
        <h3 className="text-sm font-semibold">{t.api.deliveries}</h3>
        {deliveries.data && deliveries.data.length === 0 ? (
          <p className="mt-1 text-sm text-stone-600">{t.api.noDeliveries}</p>
        ) : null}
        <ul className="mt-1 divide-y divide-stone-100">
          {deliveries.data?.map((delivery) => {
            const last = delivery.attemptLog.at(-1);
            return (
              <li
                key={delivery.id}
                className="flex flex-wrap items-center justify-between gap-2 py-2 text-xs"
              >
                <div className="min-w-0">
                  <p>
                    <code>{delivery.event}</code> · {t.api.deliveryStatus[delivery.status]} ·{" "}
                    {t.api.attempts(delivery.attempts)}
                    {last ? ` · ${last.httpStatus ?? "—"} · ${last.latencyMs} ms` : ""}
                  </p>
                  <p className="truncate text-stone-600">
                    {when.format(new Date(delivery.createdAt))} · {delivery.url}
                    {delivery.lastError ? ` · ${delivery.lastError}` : ""}
                  </p>
                </div>
                <Button
                  variant="ghost"
                  onClick={() => replay.mutate({ workspaceSlug: ws.slug, deliveryId: delivery.id })}
                >
                  {t.api.replay}
                </Button>
              </li>
            );
          })}
        </ul>
      </div>
    </Card>
  );
}
