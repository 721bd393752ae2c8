import {
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";

// Single PutObject is capped near 11 MiB on the embedded server and is slower
// than multipart for large print PDFs on S3 itself.
const MULTIPART_ABOVE = 10 * 1024 * 1024;

/** Object storage for uploads and generated assets (S3 API). */
export class AssetStorage {
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
  presignGet(
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
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ...(disposition ? { ResponseContentDisposition: disposition } : {}),
        ...(serve ? { ResponseContentType: serve.contentType } : {}),
      }),
      { expiresIn: expiresInSeconds },
    );
  }

  /** Round trip used by health checks. */
  async ping(): Promise<void> {
    await this.s3.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }
}
