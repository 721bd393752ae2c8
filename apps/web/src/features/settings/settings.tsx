"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useLocale } from "@/i18n/locale";
import { fieldError, uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/ui/button";
import { TextField } from "@/ui/field";
import { Card, Notice, PageHeader } from "@/ui/states";
import { useWorkspace } from "../shell/workspace";

export function Settings() {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState(ws.name);
  const [confirm, setConfirm] = useState("");
  const rename = useMutation(
    trpc.workspace.rename.mutationOptions({ onSuccess: () => router.refresh() }),
  );
  const remove = useMutation(
    trpc.workspace.delete.mutationOptions({
      onSuccess: () => {
        router.replace("/");
        router.refresh();
      },
    }),
  );
  const renameError = uiError(rename.error, locale, { name: t.settings.name });
  const deleteError = uiError(remove.error, locale);

  return (
    <div className="max-w-2xl space-y-6">
      <PageHeader title={t.settings.title} />
      <Card>
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            rename.mutate({ workspaceSlug: ws.slug, name });
          }}
        >
          <fieldset disabled={!ws.can("ADMIN")} className="space-y-3">
            <TextField
              label={t.settings.name}
              hint={t.settings.address(ws.slug)}
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={fieldError(renameError, "name") ?? renameError?.message}
            />
            {ws.can("ADMIN") ? (
              <div className="flex items-center gap-3">
                <Button type="submit" disabled={rename.isPending}>
                  {rename.isPending ? t.common.saving : t.settings.rename}
                </Button>
                {rename.isSuccess ? (
                  <p role="status" className="text-sm text-emerald-800">
                    {t.settings.saved}
                  </p>
                ) : null}
              </div>
            ) : (
              <Notice>{t.settings.adminsOnly}</Notice>
            )}
          </fieldset>
        </form>
      </Card>
      <section className="rounded-xl border border-red-200 bg-white p-5">
        <h2 className="text-lg font-semibold text-red-800">{t.settings.danger}</h2>
        <p className="mt-1 text-sm text-stone-700">{t.settings.deleteLead}</p>
        {ws.can("OWNER") ? (
          <form
            className="mt-4 space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              remove.mutate({ workspaceSlug: ws.slug, confirmSlug: confirm });
            }}
          >
            <TextField
              label={t.settings.deleteConfirm(ws.slug)}
              value={confirm}
              autoComplete="off"
              onChange={(e) => setConfirm(e.target.value)}
              error={fieldError(deleteError, "confirmSlug") ?? deleteError?.message}
            />
            <Button
              type="submit"
              variant="danger"
              disabled={remove.isPending || confirm.trim() !== ws.slug}
            >
              {remove.isPending ? t.settings.deleting : t.settings.delete}
            </Button>
          </form>
        ) : (
          <p className="mt-3 text-sm text-stone-600">{t.settings.ownersOnly}</p>
        )}
      </section>
    </div>
  );
}
