"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useLocale } from "@/i18n/locale";
import { fieldError, uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/ui/button";
import { TextField, useFocusFirstInvalid } from "@/ui/field";
import { ErrorNote, Notice } from "@/ui/states";
import { AuthFrame } from "./auth-frame";
import { safeNext } from "./sign-in-form";

/** The invitation token when the sign-up came from an invitation link (`next=/invite/<token>`). */
export function invitationTokenOf(next: string | null): string | null {
  const match = /^\/invite\/([^/?#]+)$/.exec(next ?? "");
  return match ? decodeURIComponent(match[1]!) : null;
}

export function SignUpForm({ next }: { next: string | null }) {
  const { t, locale } = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const invitationToken = invitationTokenOf(next);
  const invitation = useQuery({
    ...trpc.invitation.preview.queryOptions({ token: invitationToken ?? "" }),
    enabled: invitationToken !== null,
    retry: false,
  });
  const invited = invitationToken !== null && invitation.data !== undefined;
  // Invited people join the inviting workspace; one of their own only if they ask for it.
  const [ownWorkspace, setOwnWorkspace] = useState(false);
  const [form, setForm] = useState({ name: "", email: "", password: "", workspaceName: "" });
  const formRef = useRef<HTMLFormElement>(null);
  const signUp = useMutation(
    trpc.auth.signUp.mutationOptions({
      onSuccess: (data) => {
        router.replace(
          invited
            ? `/w/${data.workspace.slug}/studio`
            : (safeNext(next) ?? `/w/${data.workspace.slug}/studio`),
        );
        router.refresh();
      },
    }),
  );
  const error = uiError(signUp.error, locale, { name: t.auth.name, email: t.auth.email });
  useFocusFirstInvalid(formRef, signUp.error);
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: event.target.value }));
  const askWorkspace = !invited || ownWorkspace;
  const signInHref = `/sign-in${next ? `?next=${encodeURIComponent(next)}` : ""}`;
  // "Already registered" comes with a way out: the sign-in page, as a link.
  const emailTaken = error?.code === "CONFLICT" && error.field === "email";
  return (
    <AuthFrame
      title={invited ? t.auth.joinTitle(invitation.data!.workspaceName) : t.auth.signUpTitle}
      lead={invited ? t.auth.joinLead(t.common.roles[invitation.data!.role]) : t.auth.signUpLead}
    >
      {invitationToken && invitation.error ? (
        <div className="mb-4">
          <ErrorNote message={uiError(invitation.error, locale)?.message ?? ""} />
        </div>
      ) : null}
      {invited && invitation.data?.email ? (
        <div className="mb-4">
          <Notice>{t.invite.onlyFor(invitation.data.email)}</Notice>
        </div>
      ) : null}
      <form
        ref={formRef}
        noValidate
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          signUp.mutate({
            name: form.name,
            email: form.email,
            password: form.password,
            ...(askWorkspace ? { workspaceName: form.workspaceName } : {}),
            ...(invited && invitationToken ? { invitationToken } : {}),
          });
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
        <div>
          <TextField
            label={t.auth.email}
            type="email"
            autoComplete="email"
            required
            value={form.email}
            onChange={set("email")}
            error={fieldError(error, "email")}
          />
          {emailTaken ? (
            <Link
              className="mt-1 inline-block text-sm font-semibold text-indigo-700 underline"
              href={signInHref}
            >
              {t.auth.signInInstead}
            </Link>
          ) : null}
        </div>
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
        {invited ? (
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-0.5"
              checked={ownWorkspace}
              onChange={(e) => setOwnWorkspace(e.target.checked)}
            />
            <span>{t.auth.alsoOwnWorkspace}</span>
          </label>
        ) : null}
        {askWorkspace ? (
          <TextField
            label={t.auth.workspaceName}
            required
            hint={t.auth.workspaceHint}
            value={form.workspaceName}
            onChange={set("workspaceName")}
            error={fieldError(error, "workspaceName")}
          />
        ) : null}
        {error && !error.field ? <ErrorNote message={error.message} /> : null}
        <Button type="submit" className="w-full" disabled={signUp.isPending}>
          {signUp.isPending
            ? invited
              ? t.invite.accepting
              : t.auth.signingUp
            : invited
              ? t.auth.joinButton
              : t.auth.signUpButton}
        </Button>
      </form>
      <p className="mt-6 text-sm text-stone-600">
        {t.auth.haveAccount}{" "}
        <Link className="font-semibold text-indigo-700 underline" href={signInHref}>
          {t.home.signIn}
        </Link>
      </p>
    </AuthFrame>
  );
}
