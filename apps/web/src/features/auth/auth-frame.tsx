import Link from "next/link";
import type { ReactNode } from "react";
import { LanguageSwitch } from "@/i18n/locale";

export function AuthFrame({
  title,
  lead,
  children,
}: {
  title: string;
  lead?: string;
  children: ReactNode;
}) {
  return (
    <main className="mx-auto max-w-md px-5 py-10 sm:py-16">
      <div className="mb-8 flex items-center justify-between">
        <Link href="/" className="text-lg font-bold tracking-tight">
          Hyperposter
        </Link>
        <LanguageSwitch />
      </div>
      <div className="rounded-xl border border-stone-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="text-2xl font-bold">{title}</h1>
        {lead ? <p className="mt-2 text-stone-600">{lead}</p> : null}
        <div className="mt-6">{children}</div>
      </div>
    </main>
  );
}
