"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { safeNextPath } from "@hyperposter/domain";
import { useState } from "react";
import { useLocale } from "@/i18n/locale";
import { fieldError, uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/ui/button";
import { TextField } from "@/ui/field";
import { ErrorNote, Notice } from "@/ui/states";
import { AuthFrame } from "./auth-frame";

/** Only paths on this app are followed after sign-in, never another origin (the one check). */
export const safeNext = safeNextPath;

export function SignInForm({
  next,
  signedOutEverywhere = false,
  passwordReset = false,
}: {
  next: string | null;
  signedOutEverywhere?: boolean;
  /** Arrived from the reset-password page: the password changed, every device signed out. */
  passwordReset?: boolean;
}) {
  const { t, locale } = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: (data) => {
        const first = data.workspaces[0];
        router.replace(safeNext(next) ?? (first ? `/w/${first.slug}/studio` : "/"));
        router.refresh();
      },
    }),
  );
  const error = uiError(signIn.error, locale);
  return (
    <AuthFrame title={t.auth.signInTitle}>
      {signedOutEverywhere && !signIn.isPending ? (
        <div className="mb-5">
          <Notice>{t.auth.signedOutEverywhere}</Notice>
        </div>
      ) : null}
      {passwordReset && !signIn.isPending ? (
        <div className="mb-5">
          <Notice>{t.email.passwordReset}</Notice>
        </div>
      ) : null}
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          signIn.mutate({ email, password });
        }}
      >
        <TextField
          label={t.auth.email}
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={error?.field === "email" ? error.message : fieldError(error, "email")}
        />
        <TextField
          label={t.auth.password}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={error?.field === "password" ? error.message : fieldError(error, "password")}
        />
        {error && !error.field ? <ErrorNote message={error.message} /> : null}
        <Button type="submit" className="w-full" disabled={signIn.isPending}>
          {signIn.isPending ? t.auth.signingIn : t.auth.signInButton}
        </Button>
      </form>
      <p className="mt-4 text-sm">
        <Link className="text-indigo-700 underline" href="/forgot-password">
          {t.email.forgotLink}
        </Link>
      </p>
      <p className="mt-6 text-sm text-stone-600">
        {t.auth.noAccount}{" "}
        <Link
          className="font-semibold text-indigo-700 underline"
          href={`/sign-up${next ? `?next=${encodeURIComponent(next)}` : ""}`}
        >
          {t.home.signUp}
        </Link>
      </p>
    </AuthFrame>
  );
}
