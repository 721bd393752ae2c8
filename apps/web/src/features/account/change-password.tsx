"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useLocale } from "@/i18n/locale";
import { fieldError, uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/ui/button";
import { TextField } from "@/ui/field";
import { Card, ErrorNote, Notice } from "@/ui/states";

/** A new password for a local account: the current one first; the other devices are signed out. */
export function ChangePassword() {
  const { t, locale } = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.auth.me.queryOptions());
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        setCurrentPassword("");
        setNewPassword("");
        return queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() });
      },
    }),
  );
  const error = uiError(change.error, locale);
  if (me.data?.passwordManagedBy === "clerk")
    return (
      <Card>
        <h2 className="text-lg font-semibold">{t.email.changeTitle}</h2>
        <p className="mt-2 text-stone-600">{t.email.changeClerk}</p>
      </Card>
    );
  return (
    <Card>
      <h2 className="text-lg font-semibold">{t.email.changeTitle}</h2>
      <p className="mt-1 text-sm text-stone-600">{t.email.changeLead}</p>
      <form
        className="mt-4 max-w-md space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          change.mutate({ currentPassword, newPassword });
        }}
      >
        <TextField
          label={t.email.currentPassword}
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(e) => setCurrentPassword(e.target.value)}
          error={fieldError(error, "currentPassword")}
        />
        <TextField
          label={t.email.newPassword}
          type="password"
          autoComplete="new-password"
          hint={t.auth.passwordHint}
          minLength={10}
          required
          value={newPassword}
          onChange={(e) => setNewPassword(e.target.value)}
          error={fieldError(error, "newPassword")}
        />
        {error && !error.field ? <ErrorNote message={error.message} /> : null}
        {change.isSuccess ? <Notice>{t.email.changed(change.data.revoked)}</Notice> : null}
        <Button type="submit" disabled={change.isPending}>
          {change.isPending ? t.email.changing : t.email.changeButton}
        </Button>
      </form>
    </Card>
  );
}
