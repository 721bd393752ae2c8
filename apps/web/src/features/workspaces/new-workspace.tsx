"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useLocale } from "@/i18n/locale";
import { fieldError, uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/ui/button";
import { TextField } from "@/ui/field";
import { ErrorNote, Notice } from "@/ui/states";
import { AuthFrame } from "../auth/auth-frame";

export function NewWorkspaceForm({
  back,
  startingCredits,
}: {
  back: { slug: string; name: string } | null;
  startingCredits: number;
}) {
  const { t, locale } = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const create = useMutation(
    trpc.workspace.create.mutationOptions({
      onSuccess: (workspace) => {
        router.replace(`/w/${workspace.slug}/studio`);
        router.refresh();
      },
    }),
  );
  const error = uiError(create.error, locale, { name: t.workspaces.name });
  const nameError = fieldError(error, "name");
  return (
    <AuthFrame title={t.workspaces.newTitle} lead={t.workspaces.newLead}>
      {back ? null : (
        <div className="mb-5">
          <Notice>{t.workspaces.noneYet}</Notice>
        </div>
      )}
      <form
        className="space-y-4"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate({ name });
        }}
      >
        <TextField
          label={t.workspaces.name}
          hint={t.workspaces.nameHint}
          required
          autoFocus
          maxLength={80}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={nameError}
        />
        <p className="text-sm text-stone-600">{t.workspaces.startsWith(startingCredits)}</p>
        {error && !nameError ? <ErrorNote message={error.message} /> : null}
        <Button type="submit" className="w-full" disabled={create.isPending}>
          {create.isPending ? t.workspaces.creating : t.workspaces.create}
        </Button>
      </form>
      {back ? (
        <p className="mt-5 text-center">
          <Link
            href={`/w/${back.slug}/studio`}
            className="text-sm font-medium text-indigo-700 underline"
          >
            ← {t.workspaces.back(back.name)}
          </Link>
        </p>
      ) : null}
    </AuthFrame>
  );
}
