"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useLocale } from "@/i18n/locale";
import { fieldError, uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/ui/button";
import { TextField } from "@/ui/field";
import { Card } from "@/ui/states";
import { useWorkspace } from "../shell/workspace";

/** Agency: the most metered overage credits per period. */
export function OverageCap({ cap }: { cap: number }) {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(String(cap));
  const save = useMutation(
    trpc.billing.setOverageCap.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.billing.summary.pathFilter()),
    }),
  );
  const error = uiError(save.error, locale);
  return (
    <Card>
      <h2 className="text-lg font-semibold">{t.billing.capTitle}</h2>
      <p className="mt-1 text-sm text-stone-600">{t.billing.capLead}</p>
      <form
        className="mt-3 flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          // A non-number is sent as NaN and refused by the server with its sentence.
          save.mutate({ workspaceSlug: ws.slug, cap: value.trim() === "" ? NaN : Number(value) });
        }}
      >
        <div className="w-56">
          <TextField
            label={t.billing.capLabel}
            inputMode="numeric"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            error={fieldError(error, "cap") ?? error?.message}
          />
        </div>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? t.common.saving : t.billing.capSave}
        </Button>
        {save.isSuccess ? (
          <p role="status" className="pb-2 text-sm text-emerald-800">
            {t.billing.capSaved}
          </p>
        ) : null}
      </form>
    </Card>
  );
}
