import { afterEach, describe, expect, it, vi } from "vitest";
import { AssetStorage, createS3Client } from "../src";

const storage = () =>
  new AssetStorage(
    createS3Client({ region: "us-east-1", s3Endpoint: "http://127.0.0.1:9" }),
    "assets",
  );
const params = (url: string) => new URL(url).searchParams;

describe("presigned asset URLs", () => {
  afterEach(() => vi.useRealTimers());

  it("are the same URL within a signing window and still live the TTL from now", async () => {
    vi.useFakeTimers({ now: new Date("2026-12-05T10:03:00Z"), toFake: ["Date"] });
    const s = storage();
    const first = await s.presignGet("ws/a.png", 3600);
    vi.setSystemTime(new Date("2026-12-05T10:09:59Z"));
    expect(await s.presignGet("ws/a.png", 3600)).toBe(first);
    expect(params(first).get("X-Amz-Date")).toBe("20261205T100000Z");
    // Signed at 10:00 for 3600 + 600 s: valid until 11:10, at least an hour after 10:09:59.
    expect(Number(params(first).get("X-Amz-Expires"))).toBe(4200);
    expect(await s.presignGet("ws/b.png", 3600)).not.toBe(first);
    expect(await s.presignGet("ws/a.png", 3600, "poster.png")).not.toBe(first);
    vi.setSystemTime(new Date("2026-12-05T10:10:00Z"));
    const next = await s.presignGet("ws/a.png", 3600);
    expect(next).not.toBe(first);
    expect(params(next).get("X-Amz-Date")).toBe("20261205T101000Z");
  });

  it("are signed afresh when the TTL leaves no room under S3's 7-day cap", async () => {
    const s = storage();
    const url = await s.presignGet("ws/a.png", 604_800);
    expect(params(url).get("X-Amz-Expires")).toBe("604800");
  });
});
