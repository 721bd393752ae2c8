"use client";

import type { Brief, FormatName } from "@hyperposter/domain";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useTRPC } from "@/trpc/react";
import type { PickedProduct } from "../products/product-picker";
import { useWorkspace } from "../shell/workspace";
import type { BriefForm } from "./brief-form";

export interface Prefill {
  brief: BriefForm;
  presetId: string | null;
  formats: FormatName[];
  variants: number;
  /** Only "Edit and re-run" carries the seed; other openings leave it empty (a new look). */
  seed: string;
  product: PickedProduct | null;
}

/** The studio form as a stored brief fills it (absent optional fields become empty). */
export function formFromBrief(brief: Brief): BriefForm {
  return {
    language: brief.language,
    product: brief.product,
    offer: brief.offer ?? "",
    audience: brief.audience ?? "",
    style: brief.style ?? "",
    headline: brief.headline ?? "",
    subline: brief.subline ?? "",
    cta: brief.cta ?? "",
    kind: brief.kind ?? "",
  };
}

/**
 * Loads a generation's brief, preset, formats, variants, seed and product
 * photo (through tRPC, so only the workspace's own generations) and hands
 * them to `apply` once per generation id. Ids in `skip` (made by this form a
 * moment ago) are not loaded: the form already shows what they were made from.
 */
export function useGenerationPrefill(
  generationId: string | null,
  options: { withSeed: boolean; skip: ReadonlySet<string>; apply: (p: Prefill) => void },
) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const done = useRef<string | null>(null);
  const wanted = generationId && !options.skip.has(generationId) ? generationId : null;
  const source = useQuery({
    ...trpc.generation.source.queryOptions({
      workspaceSlug: ws.slug,
      generationId: wanted ?? "",
    }),
    enabled: Boolean(wanted),
  });
  const { apply, withSeed } = options;
  useEffect(() => {
    const data = source.data;
    if (!wanted || !data?.brief || done.current === wanted) return;
    done.current = wanted;
    const brief = data.brief;
    void (async () => {
      let product: PickedProduct | null = null;
      if (data.productPhotoId) {
        const library = await queryClient
          .fetchQuery(trpc.product.list.queryOptions({ workspaceSlug: ws.slug }))
          .catch(() => []);
        for (const p of library)
          for (const photo of p.photos)
            if (photo.id === data.productPhotoId) product = { name: p.name, photo };
      }
      apply({
        brief: formFromBrief(brief),
        presetId: data.preset?.id ?? null,
        formats: brief.formats,
        variants: data.variants,
        seed: withSeed ? String(data.seed) : "",
        product,
      });
    })();
  }, [source.data, wanted, apply, withSeed, queryClient, trpc, ws.slug]);
  return {
    loading: Boolean(wanted) && source.isPending,
    /** The generation could not be read, or holds no readable brief: nothing will be filled. */
    failed: Boolean(wanted) && (source.isError || (source.isSuccess && !source.data.brief)),
  };
}
