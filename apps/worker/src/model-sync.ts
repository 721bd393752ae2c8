import { createWriteStream } from "node:fs";
import { mkdir, rename, stat } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";

export interface ModelSyncResult {
  downloaded: number;
  skipped: number;
  bytes: number;
}

/** `s3://bucket/prefix/` → bucket and prefix (with a trailing slash). */
export function parseS3Uri(uri: string): { bucket: string; prefix: string } {
  const match = uri.match(/^s3:\/\/([^/]+)\/?(.*)$/);
  if (!match?.[1]) throw new Error(`${uri} is not an s3://bucket/prefix URI.`);
  const prefix = match[2] ?? "";
  return {
    bucket: match[1],
    prefix: prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`,
  };
}

/**
 * Copy a model folder from S3 to local disk at start-up (HYPERPOSTER_MODEL_S3_URI
 * → HYPERPOSTER_MODEL_DIR). Files already there with the same size are kept, so
 * a restart on the same instance downloads nothing; each file is written to a
 * temporary name and renamed, so an interrupted sync never leaves half a file.
 */
export async function syncModelFolder(
  s3: S3Client,
  uri: string,
  dir: string,
): Promise<ModelSyncResult> {
  const { bucket, prefix } = parseS3Uri(uri);
  const root = resolve(dir);
  const result: ModelSyncResult = { downloaded: 0, skipped: 0, bytes: 0 };
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      const key = object.Key;
      if (!key || key.endsWith("/")) continue;
      const target = resolve(root, key.slice(prefix.length));
      // A key like "../x" must not write outside the model folder.
      if (relative(root, target).startsWith(`..${sep}`) || target === root)
        throw new Error(`Refusing to write ${key} outside ${root}.`);
      const size = object.Size ?? -1;
      const existing = await stat(target).catch(() => undefined);
      if (existing?.isFile() && existing.size === size) {
        result.skipped += 1;
        continue;
      }
      await mkdir(dirname(target), { recursive: true });
      const body = (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body;
      if (!(body instanceof Readable)) throw new Error(`S3 returned no stream for ${key}.`);
      const partial = join(dirname(target), `.${process.pid}.partial`);
      await pipeline(body, createWriteStream(partial));
      await rename(partial, target);
      result.downloaded += 1;
      result.bytes += size;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  if (result.downloaded + result.skipped === 0) throw new Error(`No model files under ${uri}.`);
  return result;
}
