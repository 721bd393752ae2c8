"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useLocale } from "@/i18n/locale";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/ui/button";
import { Card, Notice, PageHeader } from "@/ui/states";
import { useWorkspace } from "../shell/workspace";
import { ApiKeys } from "./api-keys";
import { SecretOnce } from "./secret-once";
import { WebhookEndpoints } from "./webhook-endpoints";

function RequestWebhookSecret() {
  const { t } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const [shown, setShown] = useState(false);
  const secret = useQuery({
    ...trpc.apiKey.webhookSecret.queryOptions({ workspaceSlug: ws.slug }),
    enabled: shown,
  });
  const rotate = useMutation(trpc.apiKey.rotateWebhookSecret.mutationOptions());
  const value = rotate.data?.secret ?? secret.data?.secret;
  return (
    <Card className="space-y-3">
      <div>
        <h2 className="text-lg font-semibold">{t.api.requestSecret}</h2>
        <p className="mt-1 text-sm text-stone-600">{t.api.requestSecretLead}</p>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={() => setShown(true)}>
          {t.api.reveal}
        </Button>
        <Button variant="ghost" onClick={() => rotate.mutate({ workspaceSlug: ws.slug })}>
          {t.api.rotate}
        </Button>
      </div>
      {value && (shown || rotate.data) ? (
        <SecretOnce label={t.api.requestSecret} value={value} testId="request-webhook-secret" />
      ) : null}
    </Card>
  );
}

export function ApiSettings() {
  const { t } = useLocale();
  const ws = useWorkspace();
  return (
    <div className="space-y-6">
      <PageHeader
        title={t.api.title}
        lead={t.api.lead}
        actions={
          <a className="text-sm font-medium text-indigo-700 underline" href="/docs/api">
            {t.api.docs}
          </a>
        }
      />
      {ws.can("ADMIN") ? (
        <>
          <ApiKeys />
          <WebhookEndpoints />
          <RequestWebhookSecret />
        </>
      ) : (
        <Notice>{t.api.adminsOnly}</Notice>
      )}
    </div>
  );
}
