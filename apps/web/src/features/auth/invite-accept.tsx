"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useLocale } from "@/i18n/locale";
import { uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/ui/button";
import { ErrorNote, Loading } from "@/ui/states";
import { AuthFrame } from "./auth-frame";

export function InviteAccept({ token, signedIn }: { token: string; signedIn: boolean }) {
  const { t, locale } = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const preview = useQuery({ ...trpc.invitation.preview.queryOptions({ token }), retry: false });
  const accept = useMutation(
    trpc.invitation.accept.mutationOptions({
      onSuccess: (joined) => {
        router.replace(`/w/${joined.slug}/presets`);
        router.refresh();
      },
    }),
  );
  const here = `/invite/${token}`;
  const error = uiError(preview.error ?? accept.error, locale);
  return (
    <AuthFrame title={t.invite.title}>
      {preview.isPending ? <Loading label={t.common.loading} /> : null}
      {error ? <ErrorNote message={error.message} /> : null}
      {preview.data ? (
        <div className="space-y-4">
          <p className="text-lg">
            {t.invite.body(preview.data.workspaceName, t.common.roles[preview.data.role])}
          </p>
          {preview.data.email ? (
            <p className="text-stone-600">{t.invite.onlyFor(preview.data.email)}</p>
          ) : null}
          {signedIn ? (
            <Button
              className="w-full"
              disabled={accept.isPending}
              onClick={() => accept.mutate({ token })}
            >
              {accept.isPending ? t.invite.accepting : t.invite.accept}
            </Button>
          ) : (
            <>
              <p className="text-stone-600">{t.invite.signInFirst}</p>
              <div className="flex flex-wrap gap-3">
                <Link
                  className="rounded-lg bg-indigo-600 px-4 py-2 font-semibold text-white"
                  href={`/sign-up?next=${encodeURIComponent(here)}`}
                >
                  {t.home.signUp}
                </Link>
                <Link
                  className="rounded-lg border border-stone-300 px-4 py-2 font-semibold"
                  href={`/sign-in?next=${encodeURIComponent(here)}`}
                >
                  {t.home.signIn}
                </Link>
              </div>
            </>
          )}
        </div>
      ) : null}
    </AuthFrame>
  );
}
