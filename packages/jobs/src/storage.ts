import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  HeadBucketCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { LRUCache } from "lru-cache";

// Single PutObject is capped near 11 MiB on the embedded server and is slower
// than multipart for large print PDFs on S3 itself.
const MULTIPART_ABOVE = 10 * 1024 * 1024;

/** S3 refuses presigned URLs that live longer than 7 days. */
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
/** Signing times are rounded down to this many seconds (at most a quarter of the TTL). */
const SIGNING_WINDOW_SECONDS = 600;

/** Object storage for uploads and generated assets (S3 API). */
export class AssetStorage {
  /**
   * Presigned URLs by what they sign and their rounded signing time: a page
   * polled every second (and every API read) gets the same URL for the whole
   * window, so browsers reuse the image they already downloaded and the
   * server skips the HMAC work (about 0.4 ms per URL).
   */
  private readonly signed = new LRUCache<string, string>({ max: 20_000 });

  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {}

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    if (body.length > MULTIPART_ABOVE) {
      await new Upload({
        client: this.s3,
        params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
        partSize: 8 * 1024 * 1024,
      }).done();
      return;
    }
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }

  async get(key: string): Promise<Buffer> {
    const result = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!result.Body) throw new Error(`Object ${key} has no body.`);
    return Buffer.from(await result.Body.transformToByteArray());
  }

  /**
   * A GET URL that works without credentials until it expires. A name alone
   * makes it a download; `serve` also fixes the type the response declares and
   * whether it may show inline (only for safe raster types: never a stored
   * SVG or font, which a browser could run or sniff).
   */
  async presignGet(
    key: string,
    expiresInSeconds: number,
    downloadName?: string,
    serve?: { contentType: string; inline: boolean },
  ): Promise<string> {
    const fileName = downloadName?.replace(/["\\\r\n]/g, "");
    const disposition = serve
      ? `${serve.inline ? "inline" : "attachment"}${fileName ? `; filename="${fileName}"` : ""}`
      : fileName
        ? `attachment; filename="${fileName}"`
        : undefined;
    // Signed at the start of the current window and valid for one window more than asked,
    // so the URL still lives at least `expiresInSeconds` from now.
    const window = Math.min(SIGNING_WINDOW_SECONDS, Math.floor(expiresInSeconds / 4));
    const cacheable = window > 0 && expiresInSeconds + window <= MAX_PRESIGN_SECONDS;
    const now = Date.now();
    const signedAt = cacheable ? Math.floor(now / (window * 1000)) * window * 1000 : now;
    const expiresIn = cacheable ? expiresInSeconds + window : expiresInSeconds;
    const cacheKey = JSON.stringify([key, expiresIn, signedAt, disposition, serve?.contentType]);
    const hit = cacheable ? this.signed.get(cacheKey) : undefined;
    if (hit) return hit;
    const url = await getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ...(disposition ? { ResponseContentDisposition: disposition } : {}),
        ...(serve ? { ResponseContentType: serve.contentType } : {}),
      }),
      { expiresIn, signingDate: new Date(signedAt) },
    );
    if (cacheable) this.signed.set(cacheKey, url);
    return url;
  }

  /** Removes one object; a key that is already gone is not an error (S3 answers 204 either way). */
  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** Every key under `prefix` (all pages). */
  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  /** Round trip used by health checks. */
  async ping(): Promise<void> {
    await this.s3.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }
}
