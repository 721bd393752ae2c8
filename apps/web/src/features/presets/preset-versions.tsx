"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useLocale } from "@/i18n/locale";
import { fieldLabel, uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/ui/button";
import { Card, ErrorNote } from "@/ui/states";
import { useWorkspace } from "../shell/workspace";

/**
 * A preset's history: every saved version with who saved it and what it
 * changed; two ticked versions are compared field by field; an older one can
 * be restored (as a new version) by editors.
 */
export function PresetVersions({
  presetId,
  onRestored,
}: {
  presetId: string;
  onRestored: () => void;
}) {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = { workspaceSlug: ws.slug, presetId };
  const versions = useQuery(trpc.preset.versions.queryOptions(input));
  const [picked, setPicked] = useState<number[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [from, to] = [...picked].sort((a, b) => a - b);
  const compare = useQuery({
    ...trpc.preset.compare.queryOptions({ ...input, from: from ?? 1, to: to ?? 1 }),
    enabled: from !== undefined && to !== undefined,
  });
  const restore = useMutation(
    trpc.preset.restore.mutationOptions({
      onSuccess: async (view, variables) => {
        await queryClient.invalidateQueries({ queryKey: trpc.preset.pathKey() });
        setMessage(
          view.unchanged
            ? t.editor.alreadyCurrent
            : t.editor.restored(variables.version, view.version),
        );
        setPicked([]);
        if (!view.unchanged) onRestored();
      },
    }),
  );
  const dateFormat = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
  });
  const label = (field: string) => fieldLabel(field, locale);
  const sep = locale === "zh" ? "、" : ", ";
  const toggle = (version: number) =>
    setPicked((p) =>
      p.includes(version) ? p.filter((v) => v !== version) : [...p, version].slice(-2),
    );
  const error = uiError(versions.error ?? restore.error ?? compare.error, locale);

  return (
    <section aria-labelledby="preset-versions" className="mt-8">
      <Card>
        <h2 id="preset-versions" className="text-lg font-semibold">
          {t.editor.versions}
        </h2>
        <p className="mt-1 text-sm text-stone-600">{t.editor.versionsLead}</p>
        {message ? (
          <p role="status" className="mt-3 text-sm font-medium text-emerald-800">
            {message}
          </p>
        ) : null}
        {error ? <ErrorNote className="mt-3" message={error.message} /> : null}
        <ul className="mt-4 divide-y divide-stone-200" data-testid="preset-versions">
          {versions.data?.map((v) => (
            <li key={v.version} className="flex flex-wrap items-start gap-3 py-3">
              <input
                type="checkbox"
                className="mt-1"
                aria-label={t.editor.versionLabel(v.version)}
                checked={picked.includes(v.version)}
                onChange={() => toggle(v.version)}
              />
              <div className="min-w-0 flex-1 text-sm">
                <p className="font-medium">
                  {t.editor.versionLabel(v.version)}
                  {v.current ? (
                    <span className="ml-2 rounded-full bg-emerald-100 px-2 py-0.5 text-xs text-emerald-800">
                      {t.editor.current}
                    </span>
                  ) : null}
                </p>
                <p className="text-stone-600">
                  {dateFormat.format(new Date(v.createdAt))}
                  {v.author ? ` · ${t.editor.by(v.author)}` : ""}
                </p>
                <p className="text-stone-700">
                  {v.changes.length
                    ? t.editor.changed(v.changes.map(label).join(sep))
                    : t.editor.firstVersion}
                </p>
              </div>
              {!v.current && ws.can("EDITOR") ? (
                <Button
                  variant="secondary"
                  disabled={restore.isPending}
                  onClick={() => restore.mutate({ ...input, version: v.version })}
                >
                  {restore.isPending && restore.variables?.version === v.version
                    ? t.editor.restoring
                    : t.editor.restore}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
        {(versions.data?.length ?? 0) > 1 && picked.length < 2 ? (
          <p className="mt-2 text-sm text-stone-600">{t.editor.compareTwo}</p>
        ) : null}
        {compare.data && from !== undefined && to !== undefined ? (
          <div className="mt-4 overflow-x-auto" data-testid="preset-compare">
            <h3 className="text-sm font-semibold">{t.editor.compare(from, to)}</h3>
            {compare.data.changes.length === 0 ? (
              <p className="mt-2 text-sm text-stone-600">{t.editor.noDifferences}</p>
            ) : (
              <table className="mt-2 w-full text-left text-sm">
                <thead>
                  <tr className="border-b border-stone-200 text-stone-600">
                    <th className="py-2 pr-4 font-medium">{t.editor.field}</th>
                    <th className="py-2 pr-4 font-medium">{t.editor.versionLabel(from)}</th>
                    <th className="py-2 font-medium">{t.editor.versionLabel(to)}</th>
                  </tr>
                </thead>
                <tbody>
                  {compare.data.changes.map((c) => (
                    <tr key={c.field} className="border-b border-stone-100 align-top">
                      <td className="py-2 pr-4 font-medium">{label(c.field)}</td>
                      <td className="py-2 pr-4 break-words">{c.before || t.editor.empty}</td>
                      <td className="py-2 break-words">{c.after || t.editor.empty}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        ) : null}
      </Card>
    </section>
  );
}
