import { randomUUID } from "node:crypto";
import type { Db, FileEncoding, Generation } from "@hyperposter/db";
import { Brief, type FormatName, type GenerationProgress, parseInput } from "@hyperposter/domain";
import { chargeAssets, generationCost, holdRound } from "@hyperposter/billing";
import {
  type AssetStorage,
  assetKey,
  backgroundKey,
  loadPresetInputs,
  type Fence,
  renditionKey,
  writeProgress,
} from "@hyperposter/jobs";
import {
  briefDescriptionFromLocal,
  cutoutFromPng,
  decodeReference,
  describeLocally,
  generatePosterSet,
  type ImageBackend,
  makeRenditions,
  type PosterAsset,
  rephrase,
  type RephraseOptions,
  storedCutoutMeta,
  type Rendition,
} from "@hyperposter/pipeline";
import type { Logger } from "pino";
import { LostClaimError, PermanentJobError } from "./job-errors";
import type { WorkerMetrics } from "./metrics";

export interface RunDeps {
  db: Db;
  storage: AssetStorage;
  backend: ImageBackend;
  /** How briefs are rephrased: the rules, or an LLM endpoint with the rules as fallback. */
  rephraser?: RephraseOptions;
  ocr: boolean;
  metrics: WorkerMetrics;
  log: Logger;
}

export interface RunResult {
  assets: number;
  passed: number;
  /** Milliseconds spent in the pipeline itself (rephrase + render/compose/gate/encode). */
  pipelineMs: number;
  timings: Record<string, number>;
}

/**
 * The stages of one claimed generation: load preset → rephrase → for each
 * format render, compose, gate and encode → upload → output rows and credits.
 * Every database write is fenced on the claim; between stages the signal is
 * checked, so cancellation and shutdown stop the job at a stage boundary.
 */
export async function runGeneration(
  deps: RunDeps,
  generation: Generation,
  fence: Fence,
  signal: AbortSignal,
): Promise<RunResult> {
  const { db, storage, metrics } = deps;
  const timings: Record<string, number> = {};
  const time = async <T>(stage: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      const ms = performance.now() - t0;
      timings[stage] = Math.round(((timings[stage] ?? 0) + ms) * 10) / 10;
      metrics.stage.observe({ stage }, ms / 1000);
    }
  };
  const formats = generation.formats as FormatName[];
  const total = generationCost(formats.length, generation.variants);
  const progress: GenerationProgress = {
    stage: "rephrasing",
    message: "Writing the prompt and the copy",
    assetsDone: 0,
    assetsTotal: total,
    formatsDone: [],
    attempt: fence.attempt,
  };
  // Progress writes run in the background, one after another (so an older
  // snapshot never lands after a newer one), off the job's critical path; the
  // chain is awaited before each fenced record, which surfaces a lost claim.
  let writes: Promise<boolean> = Promise.resolve(true);
  const save = (extra: Parameters<typeof writeProgress>[3] = {}) => {
    const snapshot = structuredClone(progress);
    writes = writes.then((owned) => owned && writeProgress(db, fence, snapshot, extra));
    writes.catch(() => {});
  };
  const settleWrites = async () => {
    if (!(await writes)) throw new LostClaimError();
  };

  const { brief, preset, logo, fontFiles, product, styleReferences, round } = await time(
    "load",
    () => loadInputs(deps, generation),
  );
  signal.throwIfAborted();
  const rephrased = await time("rephrase", () => rephrase(brief, preset, deps.rephraser));
  progress.stage = "rendering";
  progress.message = `Rendering ${formats[0]}`;
  save({ rephrased });

  // Step i/n of the backend reaches the UI, throttled to one write per 250 ms.
  let lastStepWrite = 0;
  const backend: ImageBackend = {
    name: deps.backend.name,
    render: (request, options) =>
      deps.backend.render(request, {
        ...options,
        onProgress: (p) => {
          options?.onProgress?.(p);
          progress.step = p.step;
          progress.totalSteps = p.totalSteps;
          if (Date.now() - lastStepWrite > 250) {
            lastStepWrite = Date.now();
            save();
          }
        },
      }),
  };

  let passed = 0;
  for (const [index, format] of formats.entries()) {
    signal.throwIfAborted();
    if (index > 0) {
      progress.stage = "rendering";
      progress.message = `Rendering ${format}`;
      save();
    }
    const set = await time("render", () =>
      generatePosterSet(
        {
          brief,
          preset,
          rephrased,
          backend,
          ...(logo ? { logo } : {}),
          ...(product ? { product } : {}),
          fontFiles,
          ...(styleReferences.length ? { styleReferences } : {}),
          seed: Number(generation.seed),
          variants: generation.variants,
          variantOffset: generation.variantOffset,
          formats: [format],
          ocr: deps.ocr,
        },
        { signal },
      ),
    );
    signal.throwIfAborted();
    const renditions = await time("renditions", () =>
      Promise.all(set.assets.map((asset) => renditionsOf(asset))),
    );
    await time("upload", () =>
      Promise.all(set.assets.map((a, i) => upload(storage, generation, a, renditions[i] ?? []))),
    );
    await settleWrites();
    await time("record", () =>
      db.$transaction(async (tx) => {
        // The fenced progress write doubles as the row lock: no owner, no rows written.
        progress.formatsDone.push(format);
        progress.assetsDone += set.assets.length;
        progress.stage = index === formats.length - 1 ? "finishing" : "rendering";
        progress.message = `${format} done`;
        const { count } = await tx.generation.updateMany({
          where: { id: generation.id, status: "RUNNING", attempts: fence.attempt },
          data: {
            progress,
            timings,
            backend: deps.backend.name,
            ...(set.report.product ? { productReport: set.report.product } : {}),
          },
        });
        if (count !== 1) throw new LostClaimError();
        for (const [i, asset] of set.assets.entries())
          await recordOutput(tx, generation, asset, renditions[i] ?? []);
        // Charge only what was delivered: an asset that failed the quality gate is kept
        // for inspection but its credit goes back.
        await chargeAssets(tx, {
          workspaceId: generation.workspaceId,
          generationId: generation.id,
          round,
          assets: set.assets.map((a) => ({
            variant: a.variant,
            format: a.format,
            delivered: a.passed,
          })),
        });
        passed += set.assets.filter((a) => a.passed).length;
      }),
    );
  }
  const pipelineMs = (timings.rephrase ?? 0) + (timings.render ?? 0);
  return { assets: total, passed, pipelineMs, timings: { ...timings, pipeline: pipelineMs } };
}

async function loadInputs(deps: RunDeps, generation: Generation) {
  const brief = parseInput(Brief, generation.brief, "brief");
  // A missing logo or font object is treated as transient (storage may lag); it lands in the DLQ if it persists.
  const inputs = await loadPresetInputs(deps.db, deps.storage, generation.presetVersionId);
  if (!inputs)
    throw new PermanentJobError(
      "PRESET_MISSING",
      "The brand preset of this generation was deleted; submit it again with another preset.",
    );
  const { preset, logo, fontFiles } = inputs;
  const product = await loadProduct(deps, generation);
  return {
    // The image prompt must match the real product: without a description in the
    // brief (the studio's "fill the brief from the photo" puts one there), the
    // colours read from the stored cut-out are what the rephraser is fed.
    brief:
      product && !brief.productDescription
        ? {
            ...brief,
            productDescription: briefDescriptionFromLocal(describeLocally(product.cutout)),
          }
        : brief,
    preset,
    logo,
    fontFiles,
    product,
    styleReferences: await decodeStyleReferences(inputs.styleReferences),
    round: await holdRound(deps.db, generation.id),
  };
}

/**
 * The cut-out the user previewed (and confirmed, when it was uncertain) is
 * drawn as stored; it is not cut again. A deleted library product keeps its
 * photo rows, so only a missing object in storage can fail here (transient).
 */
async function loadProduct(deps: RunDeps, generation: Generation) {
  if (!generation.productPhotoId) return undefined;
  const photo = await deps.db.productPhoto.findUnique({
    where: { id: generation.productPhotoId },
    include: { cutoutFile: true, product: true },
  });
  if (!photo)
    throw new PermanentJobError(
      "PRODUCT_MISSING",
      "The product photo of this generation no longer exists; submit it again with another photo.",
    );
  const bytes = await deps.storage.get(photo.cutoutFile.storageKey);
  const cutout = await cutoutFromPng(bytes, storedCutoutMeta(photo));
  return { cutout, name: photo.product.name };
}

/**
 * The preset's reference images as RGB for an IP-Adapter backend. They were
 * checked and re-encoded at upload, so a failure here is a damaged object in
 * storage: the job fails with a sentence instead of rendering without them.
 */
async function decodeStyleReferences(refs: { bytes: Buffer; strength: number }[]) {
  return Promise.all(
    refs.map(async (ref, index) => {
      try {
        return { image: await decodeReference(ref.bytes), strength: ref.strength };
      } catch {
        throw new PermanentJobError(
          "STYLE_REFERENCE_UNREADABLE",
          `Style reference ${index + 1} of the brand preset cannot be read; upload it again in the preset editor.`,
        );
      }
    }),
  );
}

const ENCODING: Record<string, FileEncoding> = {
  png: "PNG",
  jpeg: "JPEG",
  webp: "WEBP",
  pdf: "PDF",
};

/** Screens show these; the full files are fetched only on download. */
async function renditionsOf(asset: PosterAsset): Promise<Rendition[]> {
  const raster =
    asset.files.find((f) => f.encoding === "png") ??
    asset.files.find((f) => f.encoding === "jpeg" || f.encoding === "webp");
  return raster ? makeRenditions(raster.bytes) : [];
}

async function upload(
  storage: AssetStorage,
  g: Generation,
  asset: PosterAsset,
  renditions: Rendition[],
): Promise<void> {
  await Promise.all([
    ...renditions.map((r) =>
      storage.put(
        renditionKey(g.workspaceId, g.id, asset.variant, asset.format, r.kind),
        r.bytes,
        r.mime,
      ),
    ),
    ...asset.files.map((file) =>
      storage.put(
        assetKey(g.workspaceId, g.id, asset.variant, asset.format, file.encoding),
        file.bytes,
        file.mime,
      ),
    ),
    storage.put(
      backgroundKey(g.workspaceId, g.id, asset.variant, asset.format),
      asset.backgroundPng,
      "image/png",
    ),
  ]);
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Upserts keyed like the storage keys: a retry rewrites the same rows. */
async function recordOutput(
  tx: Tx,
  g: Generation,
  asset: PosterAsset,
  renditions: Rendition[],
): Promise<void> {
  const data = {
    status: asset.passed ? ("SUCCEEDED" as const) : ("FAILED" as const),
    layout: asset.layout,
    quality: asset.quality,
    passed: asset.passed,
  };
  // One INSERT … ON CONFLICT round trip (Prisma's upsert may take two).
  const [output] = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "GenerationOutput"
      (id, "workspaceId", "generationId", variant, format, status, layout, quality, passed, "updatedAt")
    VALUES (${randomUUID()}, ${g.workspaceId}, ${g.id}, ${asset.variant}, ${asset.format},
            ${data.status}::"OutputStatus", ${JSON.stringify(data.layout)}::jsonb,
            ${JSON.stringify(data.quality)}::jsonb, ${data.passed}, now() AT TIME ZONE 'UTC')
    ON CONFLICT ("generationId", variant, format) DO UPDATE
      SET status = EXCLUDED.status, layout = EXCLUDED.layout, quality = EXCLUDED.quality,
          passed = EXCLUDED.passed, "updatedAt" = EXCLUDED."updatedAt"
    RETURNING id`;
  if (!output) throw new Error("the output row was not written");
  const { width, height } = asset.layout;
  const files = [
    ...asset.files.map((file) => ({
      role: "ASSET" as const,
      encoding: ENCODING[file.encoding] ?? "PNG",
      mime: file.mime,
      storageKey: assetKey(g.workspaceId, g.id, asset.variant, asset.format, file.encoding),
      bytes: file.bytes.length,
    })),
    {
      role: "BACKGROUND" as const,
      encoding: "PNG" as const,
      mime: "image/png",
      storageKey: backgroundKey(g.workspaceId, g.id, asset.variant, asset.format),
      bytes: asset.backgroundPng.length,
    },
  ];
  const small = renditions.map((r) => ({
    role: r.kind === "preview" ? ("PREVIEW" as const) : ("THUMBNAIL" as const),
    encoding: "WEBP" as const,
    mime: r.mime,
    storageKey: renditionKey(g.workspaceId, g.id, asset.variant, asset.format, r.kind),
    bytes: r.bytes.length,
    width: r.width,
    height: r.height,
  }));
  // Replaced as a set: a retry writes the same keys, so the rows end up identical.
  await tx.outputFile.deleteMany({ where: { outputId: output.id } });
  await tx.outputFile.createMany({
    data: [...files.map((file) => ({ ...file, width, height })), ...small].map((file) => ({
      ...file,
      workspaceId: g.workspaceId,
      outputId: output.id,
    })),
  });
}
