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

const SCOPES = ["generations:read", "generations:write", "presets:read", "presets:write"] as const;
type Scope = (typeof SCOPES)[number];

export function ApiKeys() {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>([
    "generations:read",
    "generations:write",
    "presets:read",
  ]);
  const keys = useQuery(trpc.apiKey.list.queryOptions({ workspaceSlug: ws.slug }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKey.list.queryKey() });
  const create = useMutation(
    trpc.apiKey.create.mutationOptions({
      onSuccess: () => {
        setName("");
        void refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.apiKey.revoke.mutationOptions({ onSuccess: refresh }));
  const error = uiError(create.error ?? revoke.error, locale, { name: t.api.keyName });
  const when = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
  });

  return (
    <Card className="space-y-4">
      <div>
        <h2 className="text-lg font-semibold">{t.api.keys}</h2>
        <p className="mt-1 text-sm text-stone-600">{t.api.keysLead}</p>
      </div>
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ workspaceSlug: ws.slug, name, scopes });
        }}
      >
        <TextField
          label={t.api.keyName}
          hint={t.api.keyNameHint}
          value={name}
          maxLength={80}
          onChange={(e) => setName(e.target.value)}
          error={fieldError(error, "name")}
        />
        <fieldset>
          <legend className="text-sm font-medium text-stone-800">{t.api.scopes}</legend>
          <div className="mt-1 grid gap-1 sm:grid-cols-2">
            {SCOPES.map((scope) => (
              <label key={scope} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={scopes.includes(scope)}
                  onChange={(e) =>
                    setScopes((current) =>
                      e.target.checked ? [...current, scope] : current.filter((s) => s !== scope),
                    )
                  }
                />
                <span>
                  {t.api.scopeLabels[scope]} <code className="text-xs text-stone-500">{scope}</code>
                </span>
              </label>
            ))}
          </div>
          {fieldError(error, "scopes") ? (
            <p role="alert" className="mt-1 text-sm font-medium text-red-700">
              {fieldError(error, "scopes")}
            </p>
          ) : null}
        </fieldset>
        <Button type="submit" disabled={create.isPending}>
          {t.api.createKey}
        </Button>
      </form>
      {error && !error.field ? <ErrorNote message={error.message} /> : null}
      {create.data ? (
        <SecretOnce label={t.api.keyReady} value={create.data.key} testId="api-key-once" />
      ) : null}
      {keys.data && keys.data.length === 0 ? (
        <p className="text-sm text-stone-600">{t.api.noKeys}</p>
      ) : null}
      <ul className="divide-y divide-stone-100" aria-label={t.api.keys}>
        {keys.data?.map((key) => (
          <li
            key={key.id}
            className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm"
          >
            <div className="min-w-0">
              <p className="font-medium">
                {key.name} <code className="text-xs text-stone-500">{key.prefix}…</code>
              </p>
              <p className="text-xs text-stone-600">
                {key.scopes.join(", ")} ·{" "}
                {key.revokedAt
                  ? t.api.revoked
                  : key.lastUsedAt
                    ? t.api.lastUsed(when.format(new Date(key.lastUsedAt)), key.lastUsedIp)
                    : t.api.neverUsed}
              </p>
            </div>
            {key.revokedAt ? null : (
              <Button
                variant="ghost"
                aria-label={`${t.api.revoke} ${key.name}`}
                onClick={() => revoke.mutate({ workspaceSlug: ws.slug, keyId: key.id })}
              >
                {t.api.revoke}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
