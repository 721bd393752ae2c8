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
import { ErrorNote } from "@/ui/states";
import { AuthFrame } from "./auth-frame";
import { safeNext } from "./sign-in-form";

export function SignUpForm({ next }: { next: string | null }) {
  const { t, locale } = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const [form, setForm] = useState({ name: "", email: "", password: "", workspaceName: "" });
  const signUp = useMutation(
    trpc.auth.signUp.mutationOptions({
      onSuccess: (data) => {
        router.replace(safeNext(next) ?? `/w/${data.workspace.slug}/studio`);
        router.refresh();
      },
    }),
  );
  const error = uiError(signUp.error, locale);
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: event.target.value }));
  return (
    <AuthFrame title={t.auth.signUpTitle} lead={t.auth.signUpLead}>
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          signUp.mutate(form);
        }}
      >
        <TextField
          label={t.auth.name}
          autoComplete="name"
          required
          value={form.name}
          onChange={set("name")}
          error={fieldError(error, "name")}
        />
        <TextField
          label={t.auth.email}
          type="email"
          autoComplete="email"
          required
          value={form.email}
          onChange={set("email")}
          error={fieldError(error, "email")}
        />
        <TextField
          label={t.auth.password}
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          hint={t.auth.passwordHint}
          value={form.password}
          onChange={set("password")}
          error={fieldError(error, "password")}
        />
        <TextField
          label={t.auth.workspaceName}
          required
          hint={t.auth.workspaceHint}
          value={form.workspaceName}
          onChange={set("workspaceName")}
          error={fieldError(error, "workspaceName")}
        />
        {error && !error.field ? <ErrorNote message={error.message} /> : null}
        <Button type="submit" className="w-full" disabled={signUp.isPending}>
          {signUp.isPending ? t.auth.signingUp : t.auth.signUpButton}
        </Button>
      </form>
      <p className="mt-6 text-sm text-stone-600">
        {t.auth.haveAccount}{" "}
        <Link
          className="font-semibold text-indigo-700 underline"
          href={`/sign-in${next ? `?next=${encodeURIComponent(next)}` : ""}`}
        >
          {t.home.signIn}
        </Link>
      </p>
    </AuthFrame>
  );
}
