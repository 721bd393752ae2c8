"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useLocale } from "@/i18n/locale";
import { fieldError, uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button, ButtonLink } from "@/ui/button";
import { TextField } from "@/ui/field";
import { ErrorNote, Notice } from "@/ui/states";
import { AuthFrame } from "./auth-frame";

/** The page the verification mail links to: verifies on arrival, once. */
export function VerifyEmail({ token }: { token: string | null }) {
  const { t, locale } = useLocale();
  const trpc = useTRPC();
  const verify = useMutation(trpc.auth.verifyEmail.mutationOptions());
  const started = useRef(false);
  useEffect(() => {
    // Once per page: a second call would find the link already used.
    if (!token || started.current) return;
    started.current = true;
    verify.mutate({ token });
  }, [token, verify]);
  const error = uiError(verify.error, locale);
  return (
    <AuthFrame title={t.email.verifyTitle}>
      {!token ? (
        <ErrorNote message={t.email.verifyMissing} />
      ) : verify.isSuccess ? (
        <div className="space-y-4">
          <Notice>
            {t.email.verified(verify.data.email)}
            {verify.data.creditsGranted > 0
              ? ` ${t.email.creditsGranted(verify.data.creditsGranted)}`
              : ""}
          </Notice>
          <ButtonLink href="/">{t.email.continue}</ButtonLink>
        </div>
      ) : error ? (
        <div className="space-y-4">
          <ErrorNote message={error.message} />
          <ButtonLink href="/" variant="secondary">
            {t.email.continue}
          </ButtonLink>
        </div>
      ) : (
        <p className="text-stone-700">{t.email.verifying}</p>
      )}
    </AuthFrame>
  );
}

/** "Forgot password?": the same answer whatever the address. */
export function ForgotPassword() {
  const { t, locale } = useLocale();
  const trpc = useTRPC();
  const [email, setEmail] = useState("");
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());
  const error = uiError(request.error, locale);
  return (
    <AuthFrame title={t.email.forgotTitle} lead={t.email.forgotLead}>
      {request.isSuccess ? (
        <Notice>{t.email.forgotSent(email)}</Notice>
      ) : (
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            request.mutate({ email });
          }}
        >
          <TextField
            label={t.auth.email}
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={fieldError(error, "email")}
          />
          {error && error.field !== "email" ? <ErrorNote message={error.message} /> : null}
          <Button type="submit" className="w-full" disabled={request.isPending}>
            {request.isPending ? t.email.forgotSending : t.email.forgotButton}
          </Button>
        </form>
      )}
      <p className="mt-6 text-sm">
        <Link className="font-semibold text-indigo-700 underline" href="/sign-in">
          {t.email.backToSignIn}
        </Link>
      </p>
    </AuthFrame>
  );
}

/** The page the reset mail links to: a new password, then every device is signed out. */
export function ResetPassword({ token }: { token: string | null }) {
  const { t, locale } = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const [password, setPassword] = useState("");
  const reset = useMutation(
    trpc.auth.resetPassword.mutationOptions({
      onSuccess: () => {
        router.replace("/sign-in?reset=done");
        router.refresh();
      },
    }),
  );
  const error = uiError(reset.error, locale);
  return (
    <AuthFrame title={t.email.resetTitle} lead={t.email.resetLead}>
      {!token ? (
        <ErrorNote message={t.email.resetMissing} />
      ) : (
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            reset.mutate({ token, password });
          }}
        >
          <TextField
            label={t.email.newPassword}
            type="password"
            autoComplete="new-password"
            hint={t.auth.passwordHint}
            minLength={10}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldError(error, "password")}
          />
          {error && error.field !== "password" ? <ErrorNote message={error.message} /> : null}
          <Button type="submit" className="w-full" disabled={reset.isPending}>
            {reset.isPending ? t.email.resetting : t.email.resetButton}
          </Button>
        </form>
      )}
      <p className="mt-6 text-sm">
        <Link className="font-semibold text-indigo-700 underline" href="/forgot-password">
          {t.email.resetAgain}
        </Link>
      </p>
    </AuthFrame>
  );
}
