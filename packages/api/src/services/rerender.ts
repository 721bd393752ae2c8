import type { Db, FileEncoding, GenerationOutput, OutputFile, Prisma } from "@hyperposter/db";
import {
  AppError,
  Brief,
  type Encoding,
  type FormatName,
  MAX_OUTPUT_VERSIONS,
  type OutputVersionView,
  parseInput,
  type PosterCopy,
  type PosterLayout,
  Rephrased,
  RerenderRequest,
  type TemplateName,
  variantCopy,
} from "@hyperposter/domain";
import { loadPresetInputs, versionedAssetKey, versionedRenditionKey } from "@hyperposter/jobs";
import { cutoutFromPng, storedCutoutMeta } from "@hyperposter/pipeline/product/library";
import type { ServiceContext } from "./generations";

/**
 * Edit the copy after generation: each output is re-composed over its stored
 * background layer (no image model runs), gated again and kept as a new
 * version beside the old. It runs in the request: compose + gate + encode of
 * one format takes a few hundred milliseconds (`npm run bench:rerender`), less
 * than a queue round trip, and costs no credits (RERENDER_CREDITS_PER_FORMAT).
 */
export async function rerenderOutputs(
  ctx: ServiceContext,
  workspaceId: string,
  userId: string | null,
  raw: unknown,
): Promise<{ outputs: { outputId: string; version: number; passed: boolean; ms: number }[] }> {
  const request = parseInput(RerenderRequest, raw);
  const target = await ctx.db.generationOutput.findFirst({
    where: { id: request.outputId, workspaceId },
  });
  if (!target) throw notFound();
  if (request.template && request.scope !== "format")
    throw new AppError(
      "BAD_REQUEST",
      "template: a layout can be chosen for one format at a time.",
      {
        field: "template",
        messageZh: "版式：一次只能为一个尺寸选择版式。",
      },
    );
  const outputs =
    request.scope === "variant"
      ? await ctx.db.generationOutput.findMany({
          where: { generationId: target.generationId, variant: target.variant, workspaceId },
          orderBy: { format: "asc" },
        })
      : [target];
  const inputs = await loadInputs(ctx, workspaceId, target.generationId);
  const { rerenderPoster, layoutsFor } = await import("@hyperposter/pipeline/poster/rerender");
  const { makeRenditions } = await import("@hyperposter/pipeline/export/renditions");
  if (request.template && !layoutsFor(target.format as FormatName).includes(request.template))
    throw new AppError(
      "BAD_REQUEST",
      `template: ${target.format} has no ${request.template} layout; choose one of ${layoutsFor(target.format as FormatName).join(", ")}.`,
      {
        field: "template",
        messageZh: `版式：${target.format} 没有 ${request.template} 版式。`,
      },
    );

  const results = [];
  for (const output of outputs) {
    const t0 = performance.now();
    const files = await ctx.db.outputFile.findMany({ where: { outputId: output.id } });
    const background = files.find((f) => f.role === "BACKGROUND");
    if (!background)
      throw new AppError(
        "CONFLICT",
        "This asset was made before background layers were kept; generate it again to edit its copy.",
        {
          field: "outputId",
          messageZh: "该素材生成时未保存背景图层，请重新生成后再修改文案。",
        },
      );
    const layout = output.layout as PosterLayout;
    const copy: PosterCopy = {
      headline: request.copy.headline,
      ...(request.copy.subline ? { subline: request.copy.subline } : {}),
      cta: request.copy.cta,
    };
    const rendered = await rerenderPoster({
      format: output.format as FormatName,
      copy,
      template: request.scope === "format" && request.template ? request.template : layout.template,
      preset: inputs.preset,
      language: inputs.brief.language,
      backgroundPng: await ctx.storage.get(background.storageKey),
      ...(inputs.logo ? { logo: inputs.logo } : {}),
      fontFiles: inputs.fontFiles,
      ...(inputs.product ? { product: inputs.product } : {}),
    });
    const version = await nextVersion(ctx.db, output.id);
    const keys = rendered.files.map((file) => ({
      file,
      key: versionedAssetKey(
        workspaceId,
        output.generationId,
        output.variant,
        output.format as FormatName,
        version,
        file.encoding,
      ),
    }));
    // The screens show small WebP renditions: a version without its own would keep showing the old picture.
    const png = rendered.files.find((f) => f.encoding === "png");
    const renditions = png ? await makeRenditions(Buffer.from(png.bytes)) : [];
    const small = renditions.map((r) => ({
      rendition: r,
      key: versionedRenditionKey(
        workspaceId,
        output.generationId,
        output.variant,
        output.format as FormatName,
        version,
        r.kind,
      ),
    }));
    await Promise.all([
      ...keys.map(({ file, key }) => ctx.storage.put(key, file.bytes, file.mime)),
      ...small.map(({ rendition, key }) => ctx.storage.put(key, rendition.bytes, rendition.mime)),
    ]);
    const ms = Math.round(performance.now() - t0);
    await ctx.db.$transaction(async (tx) => {
      // Serialises re-renders of one output: the version number is taken under the lock.
      await tx.$queryRaw`SELECT id FROM "GenerationOutput" WHERE id = ${output.id} FOR UPDATE`;
      const count = await tx.outputVersion.count({ where: { outputId: output.id } });
      if (count === 0)
        await tx.outputVersion.create({ data: snapshot(output, files, inputs.copy) });
      const taken = await tx.outputVersion.findFirst({
        where: { outputId: output.id, version },
      });
      if (taken)
        throw new AppError(
          "CONFLICT",
          "Someone re-rendered this asset at the same time; try again.",
          {
            field: "outputId",
            messageZh: "有人同时重新渲染了该素材，请重试。",
          },
        );
      const fileRows: StoredFile[] = [
        ...keys.map(({ file, key }) => ({
          encoding: file.encoding,
          mime: file.mime,
          storageKey: key,
          bytes: file.bytes.length,
        })),
        ...small.map(({ rendition, key }) => ({
          role: rendition.kind === "preview" ? ("PREVIEW" as const) : ("THUMBNAIL" as const),
          encoding: "webp" as const,
          mime: rendition.mime,
          storageKey: key,
          bytes: rendition.bytes.length,
          width: rendition.width,
          height: rendition.height,
        })),
      ];
      await tx.outputVersion.create({
        data: {
          workspaceId,
          outputId: output.id,
          version,
          copy,
          template: rendered.layout.template,
          layout: rendered.layout,
          quality: rendered.quality,
          passed: rendered.passed,
          files: fileRows,
          createdById: userId,
          renderMs: ms,
        },
      });
      await show(tx, output, {
        version,
        layout: rendered.layout,
        quality: rendered.quality,
        passed: rendered.passed,
        files: fileRows,
      });
    });
    results.push({ outputId: output.id, version, passed: rendered.passed, ms });
  }
  return { outputs: results };
}

/** Every version of one output, newest first. */
export async function listOutputVersions(
  ctx: ServiceContext,
  workspaceId: string,
  outputId: string,
): Promise<{ layouts: TemplateName[]; versions: OutputVersionView[] }> {
  const output = await ctx.db.generationOutput.findFirst({
    where: { id: outputId, workspaceId },
    include: { versions: { orderBy: { version: "desc" } }, files: true },
  });
  if (!output) throw notFound();
  const { layoutsFor } = await import("@hyperposter/pipeline/poster/rerender");
  const layouts = layoutsFor(output.format as FormatName);
  const stored = output.versions.map((v) => ({
    version: v.version,
    copy: v.copy as PosterCopy,
    template: v.template as TemplateName,
    passed: v.passed,
    renderMs: v.renderMs,
    createdAt: v.createdAt,
    files: v.files as unknown as StoredFile[],
  }));
  if (stored.length === 0) {
    // Never re-rendered: the generated asset is version 1.
    const inputs = await readCopy(ctx.db, output.generationId, output.variant);
    stored.push({
      version: 1,
      copy: inputs,
      template: (output.layout as PosterLayout).template,
      passed: output.passed,
      renderMs: null,
      createdAt: output.createdAt,
      files: output.files
        .filter((f) => f.role === "ASSET" || f.role === "PREVIEW" || f.role === "THUMBNAIL")
        .map((f) => ({
          ...(f.role === "PREVIEW" || f.role === "THUMBNAIL" ? { role: f.role } : {}),
          encoding: f.encoding.toLowerCase() as Encoding,
          mime: f.mime,
          storageKey: f.storageKey,
          bytes: f.bytes,
        })),
    });
  }
  const versions = await Promise.all(
    stored.map(async (v) => {
      // The versions strip shows small pictures: a rendition where the version has one.
      const preview =
        v.files.find((f) => f.role === "THUMBNAIL") ??
        v.files.find((f) => f.role === "PREVIEW") ??
        v.files.find((f) => !f.role && f.encoding === "png") ??
        v.files[0];
      return {
        version: v.version,
        current: v.version === output.currentVersion,
        copy: v.copy,
        template: v.template,
        passed: v.passed,
        renderMs: v.renderMs,
        createdAt: v.createdAt.toISOString(),
        previewUrl: preview
          ? await ctx.storage.presignGet(preview.storageKey, ctx.assetUrlTtlSeconds)
          : null,
      };
    }),
  );
  return { layouts, versions };
}

/** Shows (and downloads) another kept version again; nothing is deleted. */
export async function switchOutputVersion(
  ctx: ServiceContext,
  workspaceId: string,
  outputId: string,
  version: number,
): Promise<{ outputId: string; version: number }> {
  await ctx.db.$transaction(async (tx) => {
    const output = await tx.generationOutput.findFirst({ where: { id: outputId, workspaceId } });
    if (!output) throw notFound();
    await tx.$queryRaw`SELECT id FROM "GenerationOutput" WHERE id = ${output.id} FOR UPDATE`;
    const row = await tx.outputVersion.findFirst({ where: { outputId, version } });
    if (!row)
      throw new AppError("NOT_FOUND", `version: this asset has no version ${version}.`, {
        field: "version",
        messageZh: `版本：该素材没有第 ${version} 版。`,
      });
    await show(tx, output, {
      version,
      layout: row.layout as PosterLayout,
      quality: row.quality as Prisma.InputJsonValue,
      passed: row.passed,
      files: row.files as unknown as StoredFile[],
    });
  });
  return { outputId, version };
}

// A type, not an interface: it is stored as JSON, and Prisma's JSON input wants an index signature.
type StoredFile = {
  /** Absent: the asset itself (ASSET). Renditions carry their own size. */
  role?: "PREVIEW" | "THUMBNAIL";
  encoding: Encoding;
  mime: string;
  storageKey: string;
  bytes: number;
  width?: number;
  height?: number;
};

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const ENCODING: Record<Encoding, FileEncoding> = {
  png: "PNG",
  jpeg: "JPEG",
  webp: "WEBP",
  pdf: "PDF",
};

/** The output row and its ASSET files mirror the shown version; the background row stays. */
async function show(
  tx: Tx,
  output: GenerationOutput,
  v: {
    version: number;
    layout: PosterLayout;
    quality: unknown;
    passed: boolean;
    files: StoredFile[];
  },
): Promise<void> {
  await tx.generationOutput.update({
    where: { id: output.id },
    data: {
      currentVersion: v.version,
      layout: v.layout,
      quality: v.quality as Prisma.InputJsonValue,
      passed: v.passed,
      status: v.passed ? "SUCCEEDED" : "FAILED",
    },
  });
  // The shown version's files replace the asset and its renditions as one set (a version made
  // before renditions existed has none; the screens then fall back to its PNG).
  await tx.outputFile.deleteMany({
    where: { outputId: output.id, role: { in: ["ASSET", "PREVIEW", "THUMBNAIL"] } },
  });
  await tx.outputFile.createMany({
    data: v.files.map((f) => ({
      workspaceId: output.workspaceId,
      outputId: output.id,
      role: f.role ?? ("ASSET" as const),
      encoding: ENCODING[f.encoding],
      mime: f.mime,
      storageKey: f.storageKey,
      bytes: f.bytes,
      width: f.width ?? v.layout.width,
      height: f.height ?? v.layout.height,
    })),
  });
}

function snapshot(
  output: GenerationOutput,
  files: OutputFile[],
  copy: (variant: number) => PosterCopy,
) {
  return {
    workspaceId: output.workspaceId,
    outputId: output.id,
    version: 1,
    copy: copy(output.variant),
    template: (output.layout as PosterLayout).template,
    layout: output.layout as Prisma.InputJsonValue,
    quality: output.quality as Prisma.InputJsonValue,
    passed: output.passed,
    files: files
      .filter((f) => f.role === "ASSET" || f.role === "PREVIEW" || f.role === "THUMBNAIL")
      .map((f) => ({
        ...(f.role === "ASSET" ? {} : { role: f.role, width: f.width, height: f.height }),
        encoding: f.encoding.toLowerCase(),
        mime: f.mime,
        storageKey: f.storageKey,
        bytes: f.bytes,
      })),
  };
}

async function nextVersion(db: Db, outputId: string): Promise<number> {
  const last = await db.outputVersion.findFirst({
    where: { outputId },
    orderBy: { version: "desc" },
  });
  const version = last ? last.version + 1 : 2;
  if (version > MAX_OUTPUT_VERSIONS)
    throw new AppError(
      "BAD_REQUEST",
      `outputId: an asset keeps at most ${MAX_OUTPUT_VERSIONS} versions; start a new generation with this copy instead.`,
      {
        field: "outputId",
        messageZh: `该素材最多保留 ${MAX_OUTPUT_VERSIONS} 个版本，请用这段文案新建一次生成。`,
      },
    );
  return version;
}

/** The copy a variant was generated with (the rephraser's candidates, as the worker chose them). */
async function readCopy(db: Db, generationId: string, variant: number): Promise<PosterCopy> {
  const g = await db.generation.findUnique({ where: { id: generationId } });
  return g ? copyOf(g, variant) : { headline: "", cta: "" };
}

/** The copy fields of a stored result; older results may lack the candidates. */
const StoredCopy = Rephrased.pick({ copy: true }).extend({
  copyCandidates: Rephrased.shape.copyCandidates.catch([]),
});

/** The copy a variant was generated with: the same series rule the worker and the page use. */
function copyOf(g: { rephrased: unknown; variantOffset: number }, variant: number): PosterCopy {
  const r = StoredCopy.safeParse(g.rephrased);
  return r.success ? variantCopy(r.data, g.variantOffset + variant) : { headline: "", cta: "" };
}

async function loadInputs(ctx: ServiceContext, workspaceId: string, generationId: string) {
  const g = await ctx.db.generation.findFirst({ where: { id: generationId, workspaceId } });
  if (!g) throw notFound();
  if (g.status !== "SUCCEEDED" && g.status !== "FAILED")
    throw new AppError(
      "CONFLICT",
      "This generation is not finished yet; edit its copy when it is.",
      {
        field: "outputId",
        messageZh: "该生成任务尚未完成，完成后再修改文案。",
      },
    );
  const brief = parseInput(Brief, g.brief, "brief");
  const inputs = await loadPresetInputs(ctx.db, ctx.storage, g.presetVersionId);
  if (!inputs)
    throw new AppError(
      "CONFLICT",
      "The brand preset of this generation was deleted; its copy cannot be re-rendered.",
      { field: "outputId", messageZh: "该生成任务的品牌预设已被删除，无法重新渲染文案。" },
    );
  const { preset, logo, fontFiles } = inputs;
  let product;
  if (g.productPhotoId) {
    const photo = await ctx.db.productPhoto.findUnique({
      where: { id: g.productPhotoId },
      include: { cutoutFile: true },
    });
    if (photo)
      product = await cutoutFromPng(
        await ctx.storage.get(photo.cutoutFile.storageKey),
        storedCutoutMeta(photo),
      );
  }
  return {
    brief,
    preset,
    logo,
    fontFiles,
    product,
    copy: (variant: number) => copyOf(g, variant),
  };
}

function notFound(): AppError {
  return new AppError("NOT_FOUND", "outputId: this asset does not exist in this workspace.", {
    field: "outputId",
    messageZh: "此工作区中不存在该素材。",
  });
}
