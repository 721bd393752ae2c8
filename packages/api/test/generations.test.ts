import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { createDb, type Db } from "@hyperposter/db";
import {
  createTestDatabase,
  queueUrlAtEndpoint,
  startTestQueueServer,
  type RunningQueueServer,
  type TestDatabase,
} from "@hyperposter/devstack";
import { AppError, parseJobMessage } from "@hyperposter/domain";
import {
  AssetStorage,
  createS3Client,
  createSqsClient,
  dispatchOutboxOnce,
  provisionBucket,
  provisionQueues,
} from "@hyperposter/jobs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  cancelGeneration,
  createGeneration,
  getGeneration,
  type ServiceContext,
} from "../src/services/generations";
import { generationCharges, getCreditBalance, grantCredits } from "../src/services/credits";

const BRIEF = { product: "matcha latte", formats: ["banner-medium-rectangle", "instagram-square"] };

async function appErrorOf(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

describe("generation and credit services", () => {
  let database: TestDatabase;
  let queue: RunningQueueServer;
  let db: Db;
  let ctx: ServiceContext;
  let queueUrl: string;
  const sqs = () => createSqsClient({ region: "us-east-1", sqsEndpoint: queue.endpoint });
  let nudges = 0;

  const workspace = async (credits: number) => {
    const ws = await db.workspace.create({
      data: { slug: `ws-${Math.random().toString(36).slice(2, 10)}`, name: "W", plan: "AGENCY" },
    });
    if (credits > 0)
      await grantCredits(ctx, {
        workspaceId: ws.id,
        amount: credits,
        actionId: `g:${ws.id}`,
      });
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

  beforeAll(async () => {
    database = await createTestDatabase(inject("pgAdminUrl"), "generations");
    db = createDb(database.url, { max: 30 });
    queue = await startTestQueueServer();
    const queues = await provisionQueues(sqs(), {
      jobQueue: "jobs",
      deadLetterQueue: "jobs-dlq",
      maxReceiveCount: 3,
      visibilityTimeoutSeconds: 30,
    });
    queueUrl = queueUrlAtEndpoint(queues.jobQueueUrl, queue.endpoint);
    const s3 = createS3Client({ region: "us-east-1", s3Endpoint: queue.endpoint });
    await provisionBucket(s3, "assets");
    ctx = {
      db,
      storage: new AssetStorage(s3, "assets"),
      assetUrlTtlSeconds: 300,
      nudge: () => {
        nudges += 1;
      },
    };
  });
  afterAll(async () => {
    await db.$disconnect();
    await queue.stop();
    await database.drop();
  });

  it("accepts a generation: row QUEUED, hold of one credit per format per variant, outbox message, nudge", async () => {
    const { workspaceId, presetId } = await workspace(20);
    const before = nudges;
    const { generationId, cost } = await createGeneration(ctx, {
      workspaceId,
      userId: null,
      brief: BRIEF,
      presetId,
      variants: 3,
      seed: 42,
    });
    expect(cost).toBe(6);
    expect(nudges).toBe(before + 1);
    expect(await getCreditBalance(ctx, workspaceId)).toBe(14);
    const view = await getGeneration(ctx, workspaceId, generationId);
    expect(view).toMatchObject({ status: "QUEUED", cost: 6, seed: 42, variants: 3, outputs: [] });
    expect(view.progress.stage).toBe("queued");
    const client = sqs();
    await dispatchOutboxOnce(db, client, queueUrl);
    const received = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }),
    );
    expect(parseJobMessage(received.Messages?.[0]?.Body)).toEqual({
      v: 1,
      generationId,
      workspaceId,
      lane: "INTERACTIVE",
      traceId: view.traceId,
    });
  });

  it("refuses bad input with the field at fault, another workspace's preset, and missing credits", async () => {
    const { workspaceId, presetId } = await workspace(1);
    const other = await workspace(10);
    const base = { workspaceId, userId: null, brief: BRIEF, presetId, variants: 1 };
    const noProduct = await appErrorOf(
      createGeneration(ctx, { ...base, brief: { formats: ["story"] } }),
    );
    expect(noProduct).toMatchObject({ code: "BAD_REQUEST", field: "brief.product" });
    const badFormat = await appErrorOf(
      createGeneration(ctx, { ...base, brief: { product: "x", formats: ["poster-xxl"] } }),
    );
    expect(badFormat).toMatchObject({ code: "BAD_REQUEST", field: "brief.formats.0" });
    expect(await appErrorOf(createGeneration(ctx, { ...base, variants: 5 }))).toMatchObject({
      code: "BAD_REQUEST",
      field: "variants",
    });
    expect(
      await appErrorOf(createGeneration(ctx, { ...base, presetId: other.presetId })),
    ).toMatchObject({ code: "NOT_FOUND", field: "presetId" });
    const poor = await appErrorOf(createGeneration(ctx, base));
    expect(poor.code).toBe("PAYMENT_REQUIRED");
    expect(poor.message).toMatch(/needs 2 credits/);
    // Refused submits leave nothing behind.
    expect(await db.generation.count({ where: { workspaceId } })).toBe(0);
    expect(await getCreditBalance(ctx, workspaceId)).toBe(1);
  });

  it("parallel submits never overspend: the balance stops at zero", async () => {
    const { workspaceId, presetId } = await workspace(7);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        createGeneration(ctx, {
          workspaceId,
          userId: null,
          brief: { product: "tea", formats: ["story"] },
          presetId,
          variants: 1,
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(7);
    for (const r of results.filter((r) => r.status === "rejected"))
      expect((r.reason as AppError).code).toBe("PAYMENT_REQUIRED");
    expect(await getCreditBalance(ctx, workspaceId)).toBe(0);
    expect(
      await db.outboxMessage.count({
        where: { payload: { path: ["workspaceId"], equals: workspaceId } },
      }),
    ).toBe(7);
  });

  it("hides another workspace's generation and cancels a queued one, returning its credits once", async () => {
    const { workspaceId, presetId } = await workspace(5);
    const other = await workspace(0);
    const { generationId } = await createGeneration(ctx, {
      workspaceId,
      userId: null,
      brief: BRIEF,
      presetId,
      variants: 2,
    });
    expect(await getCreditBalance(ctx, workspaceId)).toBe(1);
    expect(await appErrorOf(getGeneration(ctx, other.workspaceId, generationId))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await appErrorOf(cancelGeneration(ctx, other.workspaceId, generationId))).toMatchObject({
      code: "NOT_FOUND",
    });
    const canceled = await cancelGeneration(ctx, workspaceId, generationId);
    expect(canceled.status).toBe("CANCELED");
    expect(canceled.error?.code).toBe("CANCELED");
    await cancelGeneration(ctx, workspaceId, generationId);
    expect(await getCreditBalance(ctx, workspaceId)).toBe(5);
    expect(await generationCharges(ctx, workspaceId, generationId)).toMatchObject({
      held: 4,
      released: 4,
      charged: 0,
    });
  });

  it("lists outputs with presigned URLs that carry the configured expiry", async () => {
    const { workspaceId, presetId } = await workspace(5);
    const { generationId } = await createGeneration(ctx, {
      workspaceId,
      userId: null,
      brief: BRIEF,
      presetId,
      variants: 1,
    });
    const key = `${workspaceId}/${generationId}/0/instagram-square.png`;
    await ctx.storage.put(key, Buffer.from("png bytes"), "image/png");
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
    await db.outputFile.create({
      data: {
        workspaceId,
        outputId: output.id,
        role: "ASSET",
        encoding: "PNG",
        mime: "image/png",
        storageKey: key,
        bytes: 9,
        width: 1080,
        height: 1080,
      },
    });
    const view = await getGeneration(ctx, workspaceId, generationId);
    const file = view.outputs[0]?.files[0];
    expect(file).toMatchObject({ encoding: "png", role: "ASSET", width: 1080 });
    // Signed at the start of a window (a quarter of the TTL here) and valid one window longer:
    // the URL lives at least the configured 300 s from now.
    const signed = new URL(file?.url ?? "").searchParams;
    const expires = Number(signed.get("X-Amz-Expires"));
    expect(expires).toBe(300 + 75);
    const signedAt = Date.parse(
      (signed.get("X-Amz-Date") ?? "").replace(
        /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/,
        "$1-$2-$3T$4:$5:$6Z",
      ),
    );
    expect(signedAt + expires * 1000).toBeGreaterThanOrEqual(Date.now() + 299_000);
    expect(Date.parse(view.urlsExpireAt ?? "")).toBeGreaterThan(Date.now() + 290_000);
    const body = await (await fetch(file?.url ?? "")).text();
    expect(body).toBe("png bytes");
  });
});
