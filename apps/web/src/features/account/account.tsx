"use client";

import Link from "next/link";
import { useLocale } from "@/i18n/locale";
import { ButtonLink } from "@/ui/button";
import { Card, PageHeader } from "@/ui/states";
import { useWorkspace, type Role } from "../shell/workspace";
import { ChangePassword } from "./change-password";
import { Sessions } from "./sessions";

export function Account({
  workspaces,
}: {
  workspaces: Array<{ slug: string; name: string; role: Role }>;
}) {
  const { t } = useLocale();
  const ws = useWorkspace();
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader title={t.account.title} lead={t.account.lead} />
      <Card>
        <h2 className="text-sm font-medium text-stone-600">{t.account.profile}</h2>
        <p className="mt-1 text-lg font-semibold">{ws.user.name}</p>
        <p className="text-stone-700">{ws.user.email}</p>
      </Card>
      <Card>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 className="text-lg font-semibold">{t.account.workspaces}</h2>
          <ButtonLink href={`/workspaces/new?from=${ws.slug}`} variant="secondary">
            {t.account.newWorkspace}
          </ButtonLink>
        </div>
        <ul className="mt-3 divide-y divide-stone-100">
          {workspaces.map((w) => (
            <li key={w.slug} className="flex items-center justify-between gap-3 py-3">
              <div className="min-w-0">
                <p className="truncate font-medium">{w.name}</p>
                <p className="text-sm text-stone-600">
                  {t.common.roles[w.role]}
                  {w.slug === ws.slug ? ` · ${t.account.thisWorkspace}` : ""}
                </p>
              </div>
              {w.slug !== ws.slug ? (
                <Link
                  href={`/w/${w.slug}/studio`}
                  className="shrink-0 rounded-lg px-3 py-2 text-sm font-semibold text-indigo-700 hover:bg-indigo-50"
                  aria-label={`${t.account.open}: ${w.name}`}
                >
                  {t.account.open}
                </Link>
              ) : null}
            </li>
          ))}
        </ul>
      </Card>
      <ChangePassword />
      <Sessions />
    </div>
  );
}
