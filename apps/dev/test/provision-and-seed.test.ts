import { balanceOf } from "@hyperposter/billing";
import { GetQueueAttributesCommand, ListQueuesCommand } from "@aws-sdk/client-sqs";
import { createDb, type Db } from "@hyperposter/db";
import {
  AssetStorage,
  createS3Client,
  createSqsClient,
  provisionBucket,
  provisionQueues,
} from "@hyperposter/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { DEMO, seedDemo } from "../src/seed-demo";
import {
  createTestDatabase,
  queueUrlAtEndpoint,
  startTestQueueServer,
  type RunningQueueServer,
  type TestDatabase,
} from "@hyperposter/devstack";

describe("embedded stack provisioning", () => {
  let queue: RunningQueueServer;
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    queue = await startTestQueueServer();
    database = await createTestDatabase(inject("pgAdminUrl"), "seed");
    db = createDb(database.url, { max: 2 });
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
    await queue.stop();
  });

  const endpoints = () => ({
    region: "us-east-1",
    sqsEndpoint: queue.endpoint,
    s3Endpoint: queue.endpoint,
  });
  const names = {
    jobQueue: "jobs",
    deadLetterQueue: "jobs-dlq",
    maxReceiveCount: 4,
    visibilityTimeoutSeconds: 45,
  };

  it("creates the queue, its dead-letter queue and the redrive policy idempotently", async () => {
    const sqs = createSqsClient(endpoints());
    const first = await provisionQueues(sqs, names);
    const second = await provisionQueues(sqs, names);
    expect(second).toEqual(first);
    const listed = await sqs.send(new ListQueuesCommand({}));
    expect(listed.QueueUrls).toHaveLength(2);
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrlAtEndpoint(first.jobQueueUrl, queue.endpoint),
        AttributeNames: ["All"],
      }),
    );
    expect(JSON.parse(attributes.Attributes?.RedrivePolicy ?? "{}")).toEqual({
      deadLetterTargetArn: expect.stringMatching(/:jobs-dlq$/),
      maxReceiveCount: "4",
    });
    expect(attributes.Attributes?.VisibilityTimeout).toBe("45");
  });

  it("seeds the demo workspace once, however often it runs", async () => {
    const s3 = createS3Client(endpoints());
    await provisionBucket(s3, "assets");
    await provisionBucket(s3, "assets");
    const storage = new AssetStorage(s3, "assets");
    const lines: string[] = [];
    await seedDemo(db, storage, (line) => lines.push(line));
    await seedDemo(db, storage, (line) => lines.push(line));
    expect(lines[0]).toMatch(/4 brand presets created/);
    expect(lines[1]).toMatch(/already seeded/);

    const workspace = await db.workspace.findUniqueOrThrow({ where: { slug: DEMO.workspaceSlug } });
    expect(await db.brandPreset.count({ where: { workspaceId: workspace.id } })).toBe(4);
    expect(await db.user.count()).toBe(1);
    // The demo account is verified, so it can generate without a mail round-trip.
    const demo = await db.user.findUniqueOrThrow({ where: { email: DEMO.email } });
    expect(demo.emailVerifiedAt).not.toBeNull();
    expect(await balanceOf(db, workspace.id)).toBe(DEMO.credits);

    const jade = await db.brandPreset.findUniqueOrThrow({
      where: { workspaceId_slug: { workspaceId: workspace.id, slug: "jade-moon" } },
      include: { versions: { include: { logoFile: true } } },
    });
    expect(jade.versions).toHaveLength(1);
    const logo = jade.versions[0]?.logoFile;
    expect(logo?.mime).toBe("image/svg+xml");
    const stored = await storage.get(logo!.storageKey);
    expect(stored.toString("utf8")).toContain("<svg");
    expect(stored.length).toBe(logo!.bytes);

    const fonts = await db.storedFile.findMany({
      where: { workspaceId: workspace.id, kind: "FONT" },
      orderBy: { originalName: "asc" },
    });
    expect(fonts.map((f) => [f.originalName, (f.meta as { family: string }).family])).toEqual([
      ["BebasNeue-Regular.ttf", "Bebas Neue"],
      ["SourceSerif4-Bold.otf", "Source Serif 4"],
    ]);
  });
});
