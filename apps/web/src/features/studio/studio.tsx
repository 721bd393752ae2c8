"use client";

import { generationCost } from "@hyperposter/billing/cost";
import {
  billingPath,
  Brief,
  BRIEF_LIMITS,
  type FieldIssue,
  issuesFromZod,
  PRODUCT_KIND_LABELS,
  PRODUCT_KINDS,
  seedFromText,
  type FormatName,
} from "@hyperposter/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { useLocale } from "@/i18n/locale";
import { fieldError, localError, uiError, type UiError } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { Button, ButtonLink } from "@/ui/button";
import { SelectField, TextField, useFocusFirstInvalid } from "@/ui/field";
import { LinkedSentence } from "@/ui/linked-sentence";
import { Card, EmptyState, ErrorNote, Loading, Notice, PageHeader } from "@/ui/states";
import { FormatPicker } from "../formats/format-picker";
import { DropWarning } from "./drop-warning";
import { GenerationPanel } from "../generation/generation-panel";
import { type PickedProduct, ProductPicker } from "../products/product-picker";
import { useWorkspace } from "../shell/workspace";
import { briefPayload, type BriefForm, EMPTY_BRIEF } from "./brief-form";
import { type Prefill, useGenerationPrefill } from "./prefill";

export { briefPayload, type BriefForm };

/**
 * `generationId` (?g=) is shown beside the form; `fromId` (?from=, "Edit and
 * re-run") only fills the form. Either fills the form with what that
 * generation was made from, the seed only for "Edit and re-run".
 */
export function Studio({
  generationId,
  fromId = null,
}: {
  generationId: string | null;
  fromId?: string | null;
}) {
  const { t, locale } = useLocale();
  const ws = useWorkspace();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const presets = useQuery(trpc.preset.list.queryOptions({ workspaceSlug: ws.slug }));
  const balance = useQuery(trpc.generation.balance.queryOptions({ workspaceSlug: ws.slug }));
  // The poster speaks the UI's language unless the marketer picks another.
  const [brief, setBrief] = useState<BriefForm>({ ...EMPTY_BRIEF, language: locale });
  const [presetId, setPresetId] = useState("");
  const [formats, setFormats] = useState<FormatName[]>(["instagram-square"]);
  const [variants, setVariants] = useState(1);
  const [seed, setSeed] = useState("");
  const [product, setProduct] = useState<PickedProduct | null>(null);
  const mustConfirm = Boolean(product?.photo.needsConfirmation);
  // Problems found before sending, in the same words the server's codes get.
  const [local, setLocal] = useState<UiError | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const editor = ws.can("EDITOR");

  // Generations this form just submitted: the form already holds their inputs.
  const created = useRef(new Set<string>()).current;
  const [filledFrom, setFilledFrom] = useState<string | null>(null);
  const applyPrefill = useCallback((p: Prefill) => {
    setBrief(p.brief);
    if (p.presetId) setPresetId(p.presetId);
    setFormats(p.formats);
    setVariants(p.variants);
    setSeed(p.seed);
    setProduct(p.product);
    setLocal(null);
  }, []);
  const prefillId = fromId ?? generationId;
  const prefill = useGenerationPrefill(prefillId, {
    withSeed: Boolean(fromId),
    skip: created,
    apply: useCallback(
      (p: Prefill) => {
        applyPrefill(p);
        setFilledFrom(prefillId);
      },
      [applyPrefill, prefillId],
    ),
  });

  // The first preset is preselected, with its default formats (unless a generation fills the form).
  useEffect(() => {
    const first = presets.data?.[0];
    if (!presetId && first && !prefillId) {
      setPresetId(first.id);
      if (first.data.defaultFormats?.length) setFormats(first.data.defaultFormats);
    }
  }, [presets.data, presetId, prefillId]);
  // A generation whose preset is gone (or that cannot be read) still leaves a preset chosen.
  // Only once the fill has landed: in the commit that applies it, this effect still sees the
  // old (empty) preset and would overwrite the generation's own.
  const settled = (prefillId !== null && filledFrom === prefillId) || prefill.failed;
  useEffect(() => {
    const first = presets.data?.[0];
    const known = presets.data?.some((p) => p.id === presetId);
    if (first && settled && !known) setPresetId(first.id);
  }, [presets.data, presetId, settled]);

  const create = useMutation(
    trpc.generation.create.mutationOptions({
      onSuccess: async ({ generationId: id }) => {
        created.add(id);
        await queryClient.invalidateQueries({ queryKey: trpc.generation.balance.queryKey() });
        router.replace(`${pathname}?g=${id}`, { scroll: false });
        document.getElementById("generation")?.scrollIntoView({ behavior: "smooth" });
      },
    }),
  );
  const error = local ?? uiError(create.error, locale);
  useFocusFirstInvalid(formRef, local ?? create.error);
  // Out of credits: the sentence names the billing page; shown with it as a link, not under Variants.
  const outOfCredits = error?.code === "PAYMENT_REQUIRED";
  const err = (...f: string[]) => fieldError(error, ...f.map((x) => `brief.${x}`));
  const set = (key: keyof BriefForm) => (event: { target: { value: string } }) =>
    setBrief((b) => ({ ...b, [key]: event.target.value }));
  const cost = generationCost(formats.length, variants);

  function submit() {
    const payload = briefPayload(brief, formats);
    const issues: FieldIssue[] = [];
    const checked = Brief.safeParse(payload);
    if (!checked.success)
      issues.push(...issuesFromZod(checked.error.issues, { root: "brief", input: payload }));
    const { seed: parsedSeed, issue: seedIssue } = seedFromText(seed);
    if (seedIssue) issues.push(seedIssue);
    const found = localError(issues, locale);
    setLocal(found);
    if (found) return;
    create.mutate({
      workspaceSlug: ws.slug,
      presetId,
      variants,
      brief: product?.description
        ? { ...payload, productDescription: product.description }
        : payload,
      ...(product ? { productPhotoId: product.photo.id } : {}),
      ...(parsedSeed !== undefined ? { seed: parsedSeed } : {}),
    });
  }

  if (presets.isPending) return <Loading label={t.common.loading} />;
  const noPresets = presets.data && presets.data.length === 0;

  return (
    <>
      <PageHeader
        title={t.studio.title}
        lead={t.studio.lead}
        actions={
          balance.data ? (
            <span className="rounded-full bg-emerald-50 px-3 py-1.5 text-sm font-semibold text-emerald-900">
              {t.studio.balance(balance.data.credits)}
            </span>
          ) : null
        }
      />
      {!editor ? (
        // Viewers cannot generate: point them at what the team made instead of a disabled form.
        <div className="space-y-5">
          <Notice>{t.common.viewerNote}</Notice>
          {generationId ? (
            <GenerationPanel generationId={generationId} />
          ) : (
            <EmptyState
              title={t.history.title}
              body={t.studio.viewerBody}
              action={
                <ButtonLink href={`/w/${ws.slug}/history`}>{t.studio.viewerAction}</ButtonLink>
              }
            />
          )}
        </div>
      ) : noPresets ? (
        <EmptyState
          title={t.studio.noPresets}
          body={t.presets.emptyBody}
          action={
            editor ? (
              <ButtonLink href={`/w/${ws.slug}/presets/new`}>{t.studio.createPreset}</ButtonLink>
            ) : undefined
          }
        />
      ) : (
        <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,5fr)_minmax(0,6fr)]">
          <form
            ref={formRef}
            noValidate
            aria-label={t.studio.brief}
            onSubmit={(event) => {
              event.preventDefault();
              submit();
            }}
          >
            <fieldset disabled={!editor} className="space-y-5">
              <Card className="space-y-4">
                <h2 className="text-lg font-semibold">{t.studio.brief}</h2>
                {filledFrom ? (
                  <p
                    className="rounded-lg bg-indigo-50 px-3 py-2 text-sm text-indigo-950"
                    data-testid="filled-from"
                  >
                    {t.studio.filledFrom}{" "}
                    <Link
                      className="font-medium underline"
                      href={`/w/${ws.slug}/generations/${filledFrom}`}
                    >
                      {t.studio.filledFromLink}
                    </Link>
                  </p>
                ) : prefill.loading ? (
                  <p className="text-sm text-stone-600">{t.common.loading}</p>
                ) : null}
                <TextField
                  label={t.studio.product}
                  hint={t.studio.productHint}
                  required
                  value={brief.product}
                  limit={BRIEF_LIMITS.product}
                  onChange={set("product")}
                  error={err("product")}
                />
                <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
                  <TextField
                    label={t.studio.offer}
                    optional={t.common.optional}
                    hint={t.studio.offerHint}
                    value={brief.offer}
                    limit={BRIEF_LIMITS.offer}
                    onChange={set("offer")}
                    error={err("offer")}
                  />
                  <TextField
                    label={t.studio.audience}
                    optional={t.common.optional}
                    hint={t.studio.audienceHint}
                    value={brief.audience}
                    limit={BRIEF_LIMITS.audience}
                    onChange={set("audience")}
                    error={err("audience")}
                  />
                </div>
                <TextField
                  label={t.studio.style}
                  optional={t.common.optional}
                  hint={t.studio.styleHint}
                  value={brief.style}
                  limit={BRIEF_LIMITS.style}
                  onChange={set("style")}
                  error={err("style")}
                />
                <SelectField
                  label={t.studio.language}
                  hint={t.studio.languageHint}
                  value={brief.language}
                  onChange={(e) =>
                    setBrief({ ...brief, language: e.target.value === "zh" ? "zh" : "en" })
                  }
                >
                  <option value="en">{t.studio.languages.en}</option>
                  <option value="zh">{t.studio.languages.zh}</option>
                </SelectField>
                <SelectField
                  label={t.studio.kind}
                  hint={t.studio.kindHint}
                  value={brief.kind}
                  onChange={(e) => {
                    const kind = PRODUCT_KINDS.find((k) => k === e.target.value) ?? "";
                    setBrief({ ...brief, kind });
                  }}
                  error={err("kind")}
                >
                  <option value="">{t.studio.kindAuto}</option>
                  {PRODUCT_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {PRODUCT_KIND_LABELS[k][locale === "zh" ? "zh" : "en"]}
                    </option>
                  ))}
                </SelectField>
                <details
                  className="rounded-lg border border-stone-200 p-3"
                  open={Boolean(brief.headline || brief.subline || brief.cta)}
                >
                  <summary className="cursor-pointer text-sm font-medium">{t.studio.copy}</summary>
                  <p className="mt-1 text-sm text-stone-600">{t.studio.copyHint}</p>
                  <div className="mt-3 space-y-3">
                    <TextField
                      label={t.studio.headline}
                      optional={t.common.optional}
                      value={brief.headline}
                      limit={BRIEF_LIMITS.headline}
                      onChange={set("headline")}
                      error={err("headline")}
                    />
                    <TextField
                      label={t.studio.subline}
                      optional={t.common.optional}
                      value={brief.subline}
                      limit={BRIEF_LIMITS.subline}
                      onChange={set("subline")}
                      error={err("subline")}
                    />
                    <TextField
                      label={t.studio.cta}
                      optional={t.common.optional}
                      value={brief.cta}
                      limit={BRIEF_LIMITS.cta}
                      onChange={set("cta")}
                      error={err("cta")}
                    />
                  </div>
                </details>
              </Card>
              <Card>
                <ProductPicker
                  value={product}
                  onChange={setProduct}
                  error={fieldError(error, "productPhotoId")}
                  language={brief.language}
                  onFill={(fill) =>
                    setBrief((b) => ({
                      ...b,
                      product: b.product.trim() || !fill.product ? b.product : fill.product,
                      style: b.style.trim() || !fill.style ? b.style : fill.style,
                    }))
                  }
                />
              </Card>
              <Card className="space-y-4">
                <SelectField
                  label={t.studio.preset}
                  value={presetId}
                  onChange={(e) => {
                    setPresetId(e.target.value);
                    const chosen = presets.data?.find((p) => p.id === e.target.value);
                    if (chosen?.data.defaultFormats?.length) setFormats(chosen.data.defaultFormats);
                  }}
                  error={fieldError(error, "presetId")}
                >
                  {presets.data?.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </SelectField>
                <FormatPicker
                  legend={t.studio.formats}
                  hint={t.studio.formatsHint}
                  value={formats}
                  onChange={setFormats}
                  error={err("formats")}
                  locale={locale}
                />
                <DropWarning copy={brief} formats={formats} withProduct={Boolean(product)} />
                <div className="grid grid-cols-2 gap-4">
                  <SelectField
                    label={t.studio.variants}
                    value={String(variants)}
                    onChange={(e) => setVariants(Number(e.target.value))}
                    error={outOfCredits ? undefined : fieldError(error, "variants")}
                  >
                    {[1, 2, 3, 4].map((n) => (
                      <option key={n} value={n}>
                        {n}
                      </option>
                    ))}
                  </SelectField>
                  <TextField
                    label={t.studio.seed}
                    optional={t.common.optional}
                    inputMode="numeric"
                    hint={t.studio.seedHint}
                    value={seed}
                    onChange={(e) => setSeed(e.target.value)}
                    error={fieldError(error, "seed")}
                  />
                </div>
              </Card>
              {error && outOfCredits ? (
                <ErrorNote
                  message={
                    <LinkedSentence
                      message={error.message}
                      path={billingPath(ws.slug)}
                      label={t.studio.billingLink}
                    />
                  }
                />
              ) : error &&
                !error.field?.startsWith("brief") &&
                !["presetId", "variants", "seed", "productPhotoId"].includes(error.field ?? "") ? (
                <ErrorNote message={error.message} />
              ) : null}
              {editor ? (
                <div className="flex flex-wrap items-center gap-3">
                  <Button
                    type="submit"
                    disabled={create.isPending || formats.length === 0 || mustConfirm}
                    className="min-w-40"
                  >
                    {create.isPending ? t.studio.generating : t.studio.generate}
                  </Button>
                  <span className="text-sm text-stone-600">{t.studio.cost(cost)}</span>
                  {mustConfirm ? (
                    <span className="w-full text-sm font-medium text-amber-800">
                      {t.productPicker.mustConfirm}
                    </span>
                  ) : null}
                </div>
              ) : null}
            </fieldset>
          </form>
          {/* On phones the running generation comes first: that is what the marketer is waiting for. */}
          <div
            id="generation"
            className={`min-w-0 scroll-mt-20 ${generationId ? "order-first xl:order-none" : ""}`}
          >
            {generationId ? <GenerationPanel generationId={generationId} /> : null}
          </div>
        </div>
      )}
    </>
  );
}
