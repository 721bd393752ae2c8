"use client";

import {
  BRIEF_LIMITS,
  EditedCopy,
  type GenerationView,
  issuesFromZod,
  type TemplateName,
} from "@hyperposter/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useLocale } from "@/i18n/locale";
import { fieldError, localError, type UiError, uiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button } from "@/ui/button";
import { SelectField, TextField, useFocusFirstInvalid } from "@/ui/field";
import { Card, ErrorNote } from "@/ui/states";
import { formatLabel } from "../formats/format-picker";
import { useWorkspace } from "../shell/workspace";

/**
 * Edit the copy of finished assets and re-render them over their stored
 * backgrounds (no new image, no credits); every re-render is a new version
 * kept beside the old, and any version can be shown again.
 */
export function EditCopyPanel({ view }: { view: GenerationView }) {
  const { t, locale } = useLocale();
  const e = t.editCopy;
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const outputs = view.outputs;
  const [outputId, setOutputId] = useState(outputs[0]?.id ?? "");
  const [scope, setScope] = useState<"format" | "variant">("format");
  const [copy, setCopy] = useState({ headline: "", subline: "", cta: "" });
  const [template, setTemplate] = useState<TemplateName | "">("");
  const [localIssues, setLocalIssues] = useState<UiError | null>(null);
  const output = outputs.find((o) => o.id === outputId) ?? outputs[0];
  const versionsInput = { workspaceSlug: ws.slug, outputId: output?.id ?? "" };
  const versions = useQuery({
    ...trpc.generation.versions.queryOptions(versionsInput),
    enabled: Boolean(output),
  });
  const current = versions.data?.versions.find((v) => v.current);
  // The fields start from the copy the chosen asset shows now.
  useEffect(() => {
    if (!current) return;
    setCopy({
      headline: current.copy.headline,
      subline: current.copy.subline ?? "",
      cta: current.copy.cta,
    });
    setTemplate(current.template);
  }, [current?.version, output?.id]);

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.generation.get.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.generation.versions.queryKey() });
  };
  const rerender = useMutation(trpc.generation.rerender.mutationOptions({ onSuccess: refresh }));
  const show = useMutation(trpc.generation.showVersion.mutationOptions({ onSuccess: refresh }));
  const serverError = uiError(rerender.error, locale);
  const error = localIssues ?? serverError;
  useFocusFirstInvalid(form, error);

  if (!output || !ws.can("EDITOR")) return null;
  const variantCount = outputs.filter((o) => o.variant === output.variant).length;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = EditedCopy.safeParse(copy);
    if (!checked.success) {
      setLocalIssues(
        localError(issuesFromZod(checked.error.issues, { root: "copy", input: copy }), locale),
      );
      return;
    }
    setLocalIssues(null);
    rerender.mutate({
      workspaceSlug: ws.slug,
      request: {
        outputId: output.id,
        scope,
        copy: checked.data,
        ...(scope === "format" && template && template !== current?.template ? { template } : {}),
      },
    });
  };
  const err = (field: string) => fieldError(error, `copy.${field}`);
  const assetLabel = (o: (typeof outputs)[number]) =>
    `${formatLabel(o.format, locale)}${view.variants > 1 ? ` · ${t.generation.variant(o.variant + 1)}` : ""}`;
  const done = rerender.data?.outputs;

  return (
    <Card>
      <section aria-labelledby="edit-copy-title" data-testid="edit-copy-panel">
        <h2 id="edit-copy-title" className="text-lg font-semibold">
          {e.title}
        </h2>
        <p className="mt-1 text-sm text-stone-600">{e.lead}</p>
        <form ref={form} onSubmit={submit} className="mt-4 grid gap-4 sm:grid-cols-2" noValidate>
          <SelectField
            label={e.asset}
            value={output.id}
            onChange={(ev) => {
              setOutputId(ev.target.value);
              rerender.reset();
            }}
          >
            {outputs.map((o) => (
              <option key={o.id} value={o.id}>
                {assetLabel(o)}
              </option>
            ))}
          </SelectField>
          <fieldset>
            <legend className="block text-sm font-medium text-stone-800">{e.scope}</legend>
            <div className="mt-2 flex flex-wrap gap-4 text-sm">
              <label className="flex items-center gap-1.5">
                <input
                  type="radio"
                  name="scope"
                  checked={scope === "format"}
                  onChange={() => setScope("format")}
                />
                {e.scopeFormat}
              </label>
              <label className="flex items-center gap-1.5">
                <input
                  type="radio"
                  name="scope"
                  checked={scope === "variant"}
                  onChange={() => setScope("variant")}
                />
                {e.scopeVariant(variantCount)}
              </label>
            </div>
          </fieldset>
          <div className="sm:col-span-2">
            <TextField
              label={t.fields["brief.headline"]}
              name="headline"
              value={copy.headline}
              limit={BRIEF_LIMITS.headline}
              error={err("headline")}
              onChange={(ev) => setCopy({ ...copy, headline: ev.target.value })}
            />
          </div>
          <TextField
            label={t.fields["brief.subline"]}
            name="subline"
            optional={t.common.optional}
            value={copy.subline}
            limit={BRIEF_LIMITS.subline}
            error={err("subline")}
            onChange={(ev) => setCopy({ ...copy, subline: ev.target.value })}
          />
          <TextField
            label={t.fields["brief.cta"]}
            name="cta"
            value={copy.cta}
            limit={BRIEF_LIMITS.cta}
            error={err("cta")}
            onChange={(ev) => setCopy({ ...copy, cta: ev.target.value })}
          />
          {scope === "format" && (versions.data?.layouts.length ?? 0) > 1 ? (
            <SelectField
              label={e.layout}
              value={template}
              error={fieldError(error, "template")}
              onChange={(ev) => setTemplate(ev.target.value as TemplateName)}
            >
              {versions.data?.layouts.map((l) => (
                <option key={l} value={l}>
                  {e.layouts[l]}
                </option>
              ))}
            </SelectField>
          ) : null}
          <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
            <Button type="submit" disabled={rerender.isPending}>
              {rerender.isPending ? e.rendering : e.submit}
            </Button>
            <span className="text-sm text-stone-600">{e.price}</span>
          </div>
        </form>
        {error && !Object.keys(error.fieldErrors).some((f) => /copy\.|template/.test(f)) ? (
          <div className="mt-3">
            <ErrorNote message={error.message} />
          </div>
        ) : null}
        {done ? (
          <p className="mt-3 text-sm text-emerald-800" role="status" data-testid="rerender-done">
            {e.done(
              done.length,
              Math.max(...done.map((d) => d.ms)),
              done.every((d) => d.passed),
            )}
          </p>
        ) : null}
        {versions.data && versions.data.versions.length > 0 ? (
          <div className="mt-5">
            <h3 className="text-sm font-semibold">{e.versions(assetLabel(output))}</h3>
            <ul
              className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-4"
              data-testid="output-versions"
            >
              {versions.data.versions.map((v) => (
                <li
                  key={v.version}
                  className={`rounded-lg border p-2 text-xs ${v.current ? "border-indigo-500" : "border-stone-200"}`}
                  data-version={v.version}
                  data-current={v.current}
                >
                  {v.previewUrl ? (
                    <img
                      src={v.previewUrl}
                      alt={e.versionLabel(v.version)}
                      className="mx-auto max-h-28 w-auto object-contain"
                    />
                  ) : null}
                  <p className="mt-1 font-medium">
                    {e.versionLabel(v.version)}
                    {v.version === 1 ? ` · ${e.original}` : ""}
                  </p>
                  <p className="truncate text-stone-600" title={v.copy.headline}>
                    {v.copy.headline}
                  </p>
                  <p className={v.passed ? "text-emerald-800" : "text-amber-900"}>
                    {v.passed ? t.generation.passed : t.generation.notPassed}
                  </p>
                  {v.current ? (
                    <p className="mt-1 font-semibold text-indigo-700">{e.shown}</p>
                  ) : (
                    <Button
                      variant="secondary"
                      className="mt-1 px-2 py-1 text-xs"
                      disabled={show.isPending}
                      onClick={() =>
                        show.mutate({
                          workspaceSlug: ws.slug,
                          outputId: output.id,
                          version: v.version,
                        })
                      }
                    >
                      {e.showVersion}
                    </Button>
                  )}
                </li>
              ))}
            </ul>
            {show.error ? (
              <div className="mt-2">
                <ErrorNote message={uiError(show.error, locale)?.message ?? ""} />
              </div>
            ) : null}
          </div>
        ) : null}
      </section>
    </Card>
  );
}
