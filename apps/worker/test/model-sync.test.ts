import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { type RunningQueueServer, startTestQueueServer } from "@hyperposter/devstack";
import { createS3Client, provisionBucket } from "@hyperposter/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseS3Uri, syncModelFolder } from "../src/model-sync";

describe("model folder from S3 (HYPERPOSTER_MODEL_S3_URI)", () => {
  let server: RunningQueueServer;
  let s3: ReturnType<typeof createS3Client>;
  const files: Record<string, string> = {
    "model_index.json": '{"_class_name":"StableDiffusionPipeline"}',
    "unet/model.onnx": "unet-bytes".repeat(1000),
    "unet/weights.pb": "w".repeat(50_000),
    "tokenizer/tokenizer.json": "{}",
  };

  beforeAll(async () => {
    server = await startTestQueueServer();
    s3 = createS3Client({
      region: "us-east-1",
      s3Endpoint: server.endpoint,
      s3ForcePathStyle: true,
    });
    await provisionBucket(s3, "models");
    for (const [path, body] of Object.entries(files))
      await s3.send(
        new PutObjectCommand({ Bucket: "models", Key: `sd-turbo/v1/${path}`, Body: body }),
      );
    await s3.send(
      new PutObjectCommand({ Bucket: "models", Key: "sd-turbo/v2/other.json", Body: "x" }),
    );
  });
  afterAll(() => server?.stop());

  it("copies every file under the prefix, keeping the folder layout", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hp-model-"));
    const result = await syncModelFolder(s3, "s3://models/sd-turbo/v1", dir);
    expect(result).toEqual({
      downloaded: 4,
      skipped: 0,
      bytes: Object.values(files).reduce((sum, body) => sum + body.length, 0),
    });
    for (const [path, body] of Object.entries(files))
      expect(readFileSync(join(dir, path), "utf8")).toBe(body);
    expect(() => statSync(join(dir, "other.json"))).toThrow();
  });

  it("downloads nothing again on a restart, and replaces a file whose size differs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hp-model-"));
    await syncModelFolder(s3, "s3://models/sd-turbo/v1/", dir);
    writeFileSync(join(dir, "unet/model.onnx"), "truncated");
    const again = await syncModelFolder(s3, "s3://models/sd-turbo/v1/", dir);
    expect(again.downloaded).toBe(1);
    expect(again.skipped).toBe(3);
    expect(readFileSync(join(dir, "unet/model.onnx"), "utf8")).toBe(files["unet/model.onnx"]);
  });

  it("fails start-up clearly when the prefix holds no files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hp-model-"));
    await expect(syncModelFolder(s3, "s3://models/nothing-here/", dir)).rejects.toThrow(
      "No model files under s3://models/nothing-here/.",
    );
  });

  it("refuses a key that would land outside the model folder", async () => {
    await s3.send(
      new PutObjectCommand({ Bucket: "models", Key: "evil/../../../escape.txt", Body: "x" }),
    );
    const dir = mkdtempSync(join(tmpdir(), "hp-model-"));
    await expect(syncModelFolder(s3, "s3://models/evil/", dir)).rejects.toThrow(/outside/);
  });

  it("parses s3 URIs", () => {
    expect(parseS3Uri("s3://b/a/b")).toEqual({ bucket: "b", prefix: "a/b/" });
    expect(parseS3Uri("s3://b")).toEqual({ bucket: "b", prefix: "" });
    expect(() => parseS3Uri("https://b/a")).toThrow(/not an s3:/);
  });
});
