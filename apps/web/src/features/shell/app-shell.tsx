"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { LanguageSwitch, useLocale } from "@/i18n/locale";
import { useTRPC } from "@/trpc/react";
import { VerifyEmailBanner } from "./verify-email-banner";
import { useWorkspace } from "./workspace";

export function AppShell({
  children,
  workspaces,
  emailVerified = true,
}: {
  children: ReactNode;
  workspaces: Array<{ slug: string; name: string }>;
  /** False: a banner asks the user to verify their address, with a resend button. */
  emailVerified?: boolean;
}) {
  const { t } = useLocale();
  const ws = useWorkspace();
  const pathname = usePathname();
  const router = useRouter();
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({ onSuccess: () => router.replace("/sign-in") }),
  );
  const base = `/w/${ws.slug}`;
  const links = [
    { href: `${base}/studio`, label: t.nav.studio },
    { href: `${base}/presets`, label: t.nav.presets },
    { href: `${base}/products`, label: t.nav.products },
    { href: `${base}/history`, label: t.nav.history },
    { href: `${base}/team`, label: t.nav.team },
    { href: `${base}/settings`, label: t.nav.settings },
    { href: `${base}/billing`, label: t.nav.billing },
    { href: `${base}/api`, label: t.nav.api },
  ];
  const nav = (
    <ul className="flex flex-col gap-1 xl:flex-row xl:items-center xl:gap-0.5">
      {links.map((link) => {
        const active = pathname.startsWith(link.href);
        return (
          <li key={link.href}>
            <Link
              href={link.href}
              aria-current={active ? "page" : undefined}
              onClick={() => setOpen(false)}
              className={`block rounded-lg px-3 py-2 text-sm font-medium whitespace-nowrap xl:px-2.5 ${active ? "bg-indigo-50 text-indigo-800" : "text-stone-700 hover:bg-stone-100"}`}
            >
              {link.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
  const NEW = "__new";
  // A select even with one workspace: its last option is the way to make another.
  const switcher = (
    <select
      aria-label={t.nav.workspace}
      className="max-w-44 truncate rounded-md xl:max-w-36 border border-stone-300 bg-white px-2 py-1.5 text-sm"
      value={ws.slug}
      onChange={(event) =>
        router.push(
          event.target.value === NEW
            ? `/workspaces/new?from=${ws.slug}`
            : `/w/${event.target.value}/studio`,
        )
      }
    >
      {workspaces.map((w) => (
        <option key={w.slug} value={w.slug}>
          {w.name}
        </option>
      ))}
      <option value={NEW}>{t.nav.newWorkspace}</option>
    </select>
  );
  const accountHref = `${base}/account`;
  const accountActive = pathname.startsWith(accountHref);
  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-20 border-b border-stone-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex max-w-7xl items-center gap-3 px-4 py-3 sm:gap-4 sm:px-6 xl:gap-3">
          <Link href={`${base}/studio`} className="shrink-0 text-lg font-bold tracking-tight">
            Hyperposter
          </Link>
          <div className="hidden min-w-0 sm:block">{switcher}</div>
          {/* One row from 1280 px (eight links, the switcher and the account; the role badge only from 1536 px, it is on the Team page); below, the menu button. */}
          <nav aria-label={t.nav.menu} className="hidden min-w-0 flex-1 xl:block">
            {nav}
          </nav>
          <div className="ml-auto flex items-center gap-2">
            <span className="hidden rounded-full bg-stone-100 px-2.5 py-1 text-xs font-semibold whitespace-nowrap text-stone-700 sm:inline xl:hidden 2xl:inline">
              {t.common.roles[ws.role]}
            </span>
            <LanguageSwitch />
            <Link
              href={accountHref}
              aria-current={accountActive ? "page" : undefined}
              title={`${t.nav.account}: ${ws.user.email}`}
              className={`hidden max-w-32 truncate rounded-lg px-2.5 py-2 text-sm font-medium xl:inline ${accountActive ? "bg-indigo-50 text-indigo-800" : "text-stone-700 hover:bg-stone-100"}`}
            >
              {ws.user.name}
            </Link>
            <button
              type="button"
              className="hidden rounded-lg px-2.5 py-2 text-sm font-medium whitespace-nowrap text-stone-700 hover:bg-stone-100 xl:inline"
              onClick={() => signOut.mutate()}
            >
              {t.common.signOut}
            </button>
            <button
              type="button"
              className="rounded-lg border border-stone-300 px-3 py-2 text-sm font-medium xl:hidden"
              aria-expanded={open}
              aria-controls="mobile-nav"
              onClick={() => setOpen((v) => !v)}
            >
              {t.nav.menu}
            </button>
          </div>
        </div>
        {open ? (
          <nav
            id="mobile-nav"
            aria-label={t.nav.menu}
            className="border-t border-stone-200 px-4 py-3 xl:hidden"
          >
            {nav}
            <div className="mt-2 flex min-w-0 items-center gap-2 border-t border-stone-100 px-3 pt-3 text-sm text-stone-600">
              {switcher}
              <span className="shrink-0">· {t.common.roles[ws.role]}</span>
            </div>
            <div className="mt-2 flex items-center justify-between gap-3 text-sm">
              <Link
                href={accountHref}
                onClick={() => setOpen(false)}
                aria-current={accountActive ? "page" : undefined}
                className={`min-w-0 truncate rounded-lg px-3 py-2 font-medium ${accountActive ? "bg-indigo-50 text-indigo-800" : "text-stone-700 hover:bg-stone-100"}`}
              >
                {t.nav.account} · {ws.user.name}
              </Link>
              <button
                type="button"
                className="shrink-0 rounded-lg px-3 py-2 font-medium text-stone-700 hover:bg-stone-100"
                onClick={() => signOut.mutate()}
              >
                {t.common.signOut}
              </button>
            </div>
          </nav>
        ) : null}
      </header>
      {emailVerified ? null : <VerifyEmailBanner email={ws.user.email} />}
      <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
    </div>
  );
}
