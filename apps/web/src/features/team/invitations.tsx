"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useLocale } from "@/i18n/locale";
import { fieldError, uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/ui/button";
import { SelectField, TextField } from "@/ui/field";
import { Card } from "@/ui/states";
import { ROLES, useWorkspace, type Role } from "../shell/workspace";

export function Invitations() {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("EDITOR");
  const [copied, setCopied] = useState(false);
  const pending = useQuery(trpc.invitation.list.queryOptions({ workspaceSlug: ws.slug }));
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.invitation.list.queryKey() });
  const create = useMutation(trpc.invitation.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.invitation.revoke.mutationOptions({ onSuccess: refresh }));
  const error = uiError(create.error, locale);
  const dateFormat = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", {
    dateStyle: "medium",
  });

  return (
    <Card className="space-y-4">
      <div>
        <h2 className="text-lg font-semibold">{t.team.invite}</h2>
        <p className="mt-1 text-sm text-stone-600">{t.team.inviteLead}</p>
      </div>
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          setCopied(false);
          create.mutate({ workspaceSlug: ws.slug, role, email: email.trim() || null });
        }}
      >
        <TextField
          label={t.team.inviteEmail}
          type="email"
          optional={t.common.optional}
          hint={t.team.inviteEmailHint}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fieldError(error, "email")}
        />
        <SelectField
          label={t.team.inviteRole}
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
          error={fieldError(error, "role")}
        >
          {ROLES.filter((r) => ws.role === "OWNER" || r !== "OWNER").map((r) => (
            <option key={r} value={r}>
              {t.common.roles[r]}
            </option>
          ))}
        </SelectField>
        <Button type="submit" disabled={create.isPending}>
          {t.team.createLink}
        </Button>
      </form>
      {create.data ? (
        <div className="rounded-lg border border-emerald-200 bg-emerald-50 p-3">
          <p className="text-sm font-medium text-emerald-900">{t.team.linkReady}</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <input
              readOnly
              aria-label={t.team.linkReady}
              data-testid="invite-link"
              className="min-w-0 flex-1 rounded-md border border-emerald-300 bg-white px-2 py-1.5 font-mono text-xs"
              value={create.data.url}
              onFocus={(e) => e.target.select()}
            />
            <Button
              variant="secondary"
              onClick={() =>
                void navigator.clipboard?.writeText(create.data.url).then(
                  () => setCopied(true),
                  () => setCopied(false),
                )
              }
            >
              {copied ? t.team.copied : t.team.copy}
            </Button>
          </div>
          {create.data.emailed && create.data.email ? (
            <p className="mt-2 text-sm text-emerald-900">
              {t.email.invitationEmailed(create.data.email)}
            </p>
          ) : null}
        </div>
      ) : null}
      <div>
        <h3 className="text-sm font-semibold">{t.team.pending}</h3>
        {pending.data && pending.data.length === 0 ? (
          <p className="mt-1 text-sm text-stone-600">{t.team.noPending}</p>
        ) : null}
        <ul className="mt-1 divide-y divide-stone-100">
          {pending.data?.map((inv) => (
            <li
              key={inv.id}
              className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm"
            >
              <span className="min-w-0 truncate">
                {inv.email ?? t.team.anyone} · {t.common.roles[inv.role]} ·{" "}
                {t.team.expires(dateFormat.format(new Date(inv.expiresAt)))}
              </span>
              <Button
                variant="ghost"
                onClick={() => revoke.mutate({ workspaceSlug: ws.slug, invitationId: inv.id })}
              >
                {t.team.revoke}
              </Button>
            </li>
          ))}
        </ul>
      </div>
    </Card>
  );
}
