import { ledgerEntries } from "@hyperposter/billing";
import { createDb, type Db } from "@hyperposter/db";
import {
  createTestDatabase,
  startTestQueueServer,
  type RunningQueueServer,
  type TestDatabase,
} from "@hyperposter/devstack";
import { AppError, type Rephrased } from "@hyperposter/domain";
import { AssetStorage, createS3Client, provisionBucket } from "@hyperposter/jobs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getCreditBalance, grantCredits } from "../src/services/credits";
import { createGeneration, getGeneration, type ServiceContext } from "../src/services/generations";
import { sameSeedAgain } from "../src/services/same-seed";
import { HistoryFilter, listHistory } from "../src/services/history";

const BRIEF = { product: "osmanthus oolong tea", formats: ["instagram-square"] };
const copy = (headline: string, cta: string) => ({ headline, cta });
const REPHRASED: Rephrased = {
  prompt: "osmanthus oolong tea in warm light",
  negativePrompt: "text, watermark",
  copy: copy("Osmanthus Oolong Tea", "Shop now"),
  copyCandidates: [
    copy("Osmanthus Oolong Tea", "Shop now"),
    copy("Warm Up with Osmanthus Oolong Tea", "Try it today"),
    copy("Osmanthus Oolong Tea for Tea Lovers", "Order now"),
  ],
  tokenCount: 12,
  trace: [],
  warnings: [],
  backend: "rules",
};

async function appErrorOf(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

describe("results: same seed again, more variations, renditions", () => {
  let database: TestDatabase;
  let queue: RunningQueueServer;
  let db: Db;
  let ctx: ServiceContext;

  const workspace = async (credits: number) => {
    const ws = await db.workspace.create({
      data: { slug: `ws-${Math.random().toString(36).slice(2, 10)}`, name: "W", plan: "AGENCY" },
    });
    await grantCredits(ctx, { workspaceId: ws.id, amount: credits, actionId: `g:${ws.id}` });
    const preset = await db.brandPreset.create({
      data: {
        workspaceId: ws.id,
        slug: "brand",
        name: "Brand",
        versions: {
          create: {
            workspaceId: ws.id,
            version: 1,
            data: {
              colors: {
                primary: "#111111",
                secondary: "#EEEEEE",
                accent: "#FF0000",
                background: "#FFFFFF",
                text: "#000000",
              },
              fonts: { heading: "Inter", body: "Inter" },
            },
          },
        },
      },
    });
    return { workspaceId: ws.id, presetId: preset.id };
  };

  /** What the worker leaves behind: a finished generation with its full file and both renditions. */
  const finished = async (workspaceId: string, presetId: string, variants = 1) => {
    const { generationId } = await createGeneration(ctx, {
      workspaceId,
      userId: null,
      brief: BRIEF,
      presetId,
      variants,
      seed: 4_000_000_000,
    });
    await db.generation.update({
      where: { id: generationId },
      data: {
        status: "SUCCEEDED",
        finishedAt: new Date(),
        rephrased: REPHRASED,
        backend: "procedural",
      },
    });
    const output = await db.generationOutput.create({
      data: {
        workspaceId,
        generationId,
        variant: 0,
        format: "instagram-square",
        status: "SUCCEEDED",
        layout: {},
        quality: {},
        passed: true,
      },
    });
    const base = `${workspaceId}/${generationId}/0/instagram-square`;
    const files = [
      {
        role: "ASSET",
        encoding: "PNG",
        mime: "image/png",
        key: `${base}.png`,
        body: "full png",
        w: 1080,
      },
      {
        role: "PREVIEW",
        encoding: "WEBP",
        mime: "image/webp",
        key: `${base}.preview.webp`,
        body: "preview",
        w: 1024,
      },
      {
        role: "THUMBNAIL",
        encoding: "WEBP",
        mime: "image/webp",
        key: `${base}.thumbnail.webp`,
        body: "thumb",
        w: 320,
      },
    ] as const;
    for (const f of files) {
      await ctx.storage.put(f.key, Buffer.from(f.body), f.mime);
      await db.outputFile.create({
        data: {
          workspaceId,
          outputId: output.id,
          role: f.role,
          encoding: f.encoding,
          mime: f.mime,
          storageKey: f.key,
          bytes: f.body.length,
          width: f.w,
          height: f.w,
        },
      });
    }
    return generationId;
  };

  const ledger = (workspaceId: string) => ledgerEntries(db, workspaceId);

  beforeAll(async () => {
    database = await createTestDatabase(inject("pgAdminUrl"), "results");
    db = createDb(database.url, { max: 10 });
    queue = await startTestQueueServer();
    const s3 = createS3Client({ region: "us-east-1", s3Endpoint: queue.endpoint });
    await provisionBucket(s3, "assets");
    ctx = { db, storage: new AssetStorage(s3, "assets"), assetUrlTtlSeconds: 300 };
  });
  afterAll(async () => {
    await db.$disconnect();
    await queue.stop();
    await database.drop();
  });

  it("same seed again with unchanged inputs returns the same files as a new generation, free", async () => {
    const { workspaceId, presetId } = await workspace(10);
    const source = await finished(workspaceId, presetId);
    const balance = await getCreditBalance(ctx, workspaceId);
    const entries = await ledger(workspaceId);
    const outbox = await db.outboxMessage.count();

    const result = await sameSeedAgain(ctx, { workspaceId, userId: null, generationId: source });
    expect(result).toMatchObject({ kind: "reused", cost: 0 });
    if (result.kind !== "reused") throw new Error("not reused");
    expect(result.generationId).not.toBe(source);

    // No credits, no ledger row, no job.
    expect(await getCreditBalance(ctx, workspaceId)).toBe(balance);
    expect(await ledger(workspaceId)).toEqual(entries);
    expect(await db.outboxMessage.count()).toBe(outbox);

    const view = await getGeneration(ctx, workspaceId, result.generationId);
    expect(view).toMatchObject({ status: "SUCCEEDED", seed: 4_000_000_000, sameAsId: source });
    expect(view.rephrased?.copy.headline).toBe("Osmanthus Oolong Tea");
    const files = view.outputs[0]?.files ?? [];
    expect(files.map((f) => f.role).sort()).toEqual(["ASSET", "PREVIEW", "THUMBNAIL"]);
    // Copies under the new generation's own keys, with the same bytes.
    const rows = await db.outputFile.findMany({
      where: { output: { generationId: result.generationId } },
    });
    for (const row of rows) expect(row.storageKey).toContain(`/${result.generationId}/`);
    const bodies = await Promise.all(files.map(async (f) => (await fetch(f.url)).text()));
    expect(bodies.sort()).toEqual(["full png", "preview", "thumb"]);
  });

  it("same seed again after the preset changed creates nothing and says what a run would cost", async () => {
    const { workspaceId, presetId } = await workspace(10);
    const source = await finished(workspaceId, presetId, 2);
    const version = await db.brandPresetVersion.findFirstOrThrow({ where: { presetId } });
    await db.brandPresetVersion.create({
      data: { workspaceId, presetId, version: 2, data: version.data ?? {} },
    });
    await db.brandPreset.update({ where: { id: presetId }, data: { currentVersion: 2 } });
    const count = await db.generation.count({ where: { workspaceId } });
    const entries = await ledger(workspaceId);

    const result = await sameSeedAgain(ctx, { workspaceId, userId: null, generationId: source });
    expect(result).toMatchObject({ kind: "changed", cost: 2 });
    if (result.kind !== "changed") throw new Error("not changed");
    expect(result.changes.map((c) => c.code)).toEqual(["preset_changed"]);
    expect(result.changes[0]?.message).toContain("version 1 was used, it is now at version 2");
    expect(result.changes[0]?.messageZh).toContain("第 2 版");
    expect(await db.generation.count({ where: { workspaceId } })).toBe(count);
    expect(await ledger(workspaceId)).toEqual(entries);
  });

  it("same seed again on an unfinished generation or another workspace's does nothing", async () => {
    const { workspaceId, presetId } = await workspace(10);
    const other = await workspace(10);
    const { generationId: queued } = await createGeneration(ctx, {
      workspaceId,
      userId: null,
      brief: BRIEF,
      presetId,
      variants: 1,
    });
    const result = await sameSeedAgain(ctx, { workspaceId, userId: null, generationId: queued });
    expect(result.kind === "changed" && result.changes.map((c) => c.code)).toEqual([
      "not_finished",
    ]);
    const foreign = await appErrorOf(
      sameSeedAgain(ctx, { workspaceId: other.workspaceId, userId: null, generationId: queued }),
    );
    expect(foreign).toMatchObject({ code: "NOT_FOUND", field: "generationId" });
  });

  it("more variations continue the series: the new variants carry the next copy candidates", async () => {
    const { workspaceId, presetId } = await workspace(20);
    const other = await workspace(5);
    const source = await finished(workspaceId, presetId, 2);
    const { generationId } = await createGeneration(ctx, {
      workspaceId,
      userId: null,
      brief: BRIEF,
      presetId,
      variants: 1,
      moreOf: source,
    });
    const row = await db.generation.findUniqueOrThrow({ where: { id: generationId } });
    expect(row.variantOffset).toBe(2);
    await db.generation.update({ where: { id: generationId }, data: { rephrased: REPHRASED } });
    const first = await getGeneration(ctx, workspaceId, source);
    const more = await getGeneration(ctx, workspaceId, generationId);
    expect(first.rephrased?.variantCopies.map((c) => c.headline)).toEqual([
      "Osmanthus Oolong Tea",
      "Warm Up with Osmanthus Oolong Tea",
    ]);
    expect(more.rephrased?.variantCopies.map((c) => c.headline)).toEqual([
      "Osmanthus Oolong Tea for Tea Lovers",
    ]);
    const foreign = await appErrorOf(
      createGeneration(ctx, {
        workspaceId: other.workspaceId,
        userId: null,
        brief: BRIEF,
        presetId: other.presetId,
        variants: 1,
        moreOf: source,
      }),
    );
    expect(foreign).toMatchObject({ code: "NOT_FOUND", field: "moreOf" });
  });

  it("history's thumbnail is the WebP rendition; older results fall back to the full PNG", async () => {
    const { workspaceId, presetId } = await workspace(10);
    const other = await workspace(1);
    const id = await finished(workspaceId, presetId);
    const thumbnailOf = async (ws: string) =>
      (await listHistory(ctx, ws, HistoryFilter.parse({}))).items.find((i) => i.id === id)
        ?.thumbnail ?? null;
    const thumb = await thumbnailOf(workspaceId);
    expect(thumb?.width).toBe(320);
    expect(await (await fetch(thumb?.url ?? "")).text()).toBe("thumb");
    expect(await thumbnailOf(other.workspaceId)).toBeNull();
    await db.outputFile.deleteMany({
      where: { output: { generationId: id }, role: { in: ["PREVIEW", "THUMBNAIL"] } },
    });
    const old = await thumbnailOf(workspaceId);
    expect(await (await fetch(old?.url ?? "")).text()).toBe("full png");
  });
});
