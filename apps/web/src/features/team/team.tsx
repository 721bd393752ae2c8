"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale } from "@/i18n/locale";
import { uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/ui/button";
import { Card, ErrorNote, Loading, Notice, PageHeader } from "@/ui/states";
import { ROLES, useWorkspace, type Role } from "../shell/workspace";
import { Invitations } from "./invitations";

export function Team() {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.member.list.queryOptions({ workspaceSlug: ws.slug }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.member.list.queryKey() });
  const changeRole = useMutation(trpc.member.changeRole.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.member.remove.mutationOptions({ onSettled: refresh }));
  const admin = ws.can("ADMIN");
  const error = uiError(changeRole.error ?? remove.error, locale);
  // Admins manage editors and viewers; only owners change owners and admins (the server says so too).
  const manageable = (role: Role) =>
    admin && (ws.role === "OWNER" || (role !== "OWNER" && role !== "ADMIN"));

  return (
    <>
      <PageHeader title={t.team.title} lead={t.team.lead} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card>
          <h2 className="text-lg font-semibold">{t.team.members}</h2>
          <p className="mt-1 text-sm text-stone-600">{t.team.roleHelp}</p>
          {error ? <ErrorNote className="mt-3" message={error.message} /> : null}
          {members.isPending ? <Loading label={t.common.loading} /> : null}
          {members.error ? (
            <ErrorNote message={uiError(members.error, locale)?.message ?? ""} />
          ) : null}
          <ul className="mt-3 divide-y divide-stone-100">
            {members.data?.map((m) => {
              const self = m.user.id === ws.user.id;
              return (
                <li
                  key={m.id}
                  className="flex flex-wrap items-center justify-between gap-3 py-3"
                  data-testid="member"
                >
                  <div className="min-w-0">
                    <p className="truncate font-medium">
                      {m.user.name}{" "}
                      {self ? (
                        <span className="text-sm font-normal text-stone-500">({t.team.you})</span>
                      ) : null}
                    </p>
                    <p className="truncate text-sm text-stone-600">{m.user.email}</p>
                  </div>
                  <div className="flex items-center gap-2">
                    {manageable(m.role) && !self ? (
                      <>
                        <label className="sr-only" htmlFor={`role-${m.id}`}>
                          {t.team.role} — {m.user.name}
                        </label>
                        <select
                          id={`role-${m.id}`}
                          className="rounded-md border border-stone-300 bg-white px-2 py-1.5 text-sm"
                          value={m.role}
                          onChange={(e) =>
                            changeRole.mutate({
                              workspaceSlug: ws.slug,
                              membershipId: m.id,
                              role: e.target.value as Role,
                            })
                          }
                        >
                          {ROLES.filter(
                            (r) => ws.role === "OWNER" || (r !== "OWNER" && r !== "ADMIN"),
                          ).map((r) => (
                            <option key={r} value={r}>
                              {t.common.roles[r]}
                            </option>
                          ))}
                        </select>
                        <Button
                          variant="ghost"
                          onClick={() =>
                            remove.mutate({ workspaceSlug: ws.slug, membershipId: m.id })
                          }
                        >
                          {t.team.remove}
                        </Button>
                      </>
                    ) : (
                      <span className="rounded-full bg-stone-100 px-2.5 py-1 text-xs font-semibold text-stone-700">
                        {t.common.roles[m.role]}
                      </span>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        </Card>
        {admin ? <Invitations /> : <Notice>{t.team.adminsOnly}</Notice>}
      </div>
    </>
  );
}
