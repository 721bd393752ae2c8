"use client";

import { useMutation } from "@tanstack/react-query";
import { useLocale } from "@/i18n/locale";
import { uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/ui/button";

/** Under the header while the address is unverified: what to do, and a way to get the mail again. */
export function VerifyEmailBanner({ email }: { email: string }) {
  const { t, locale } = useLocale();
  const trpc = useTRPC();
  const resend = useMutation(trpc.auth.resendVerification.mutationOptions());
  const error = uiError(resend.error, locale);
  return (
    <div
      role="status"
      data-testid="verify-email-banner"
      className="border-b border-amber-200 bg-amber-50 text-amber-950"
    >
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-3 px-4 py-3 text-sm sm:px-6">
        <p className="min-w-0 flex-1">{t.email.bannerText(email)}</p>
        {resend.isSuccess ? (
          <p className="font-medium">{t.email.resent(email)}</p>
        ) : (
          <Button variant="secondary" disabled={resend.isPending} onClick={() => resend.mutate()}>
            {resend.isPending ? t.email.resending : t.email.resend}
          </Button>
        )}
        {error ? (
          <p role="alert" className="w-full text-red-800">
            {error.message}
          </p>
        ) : null}
      </div>
    </div>
  );
}
