import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, resolveDataDir } from "../src/paths";
import { queueUrlAtEndpoint } from "../src/queue-server";

describe("resolveDataDir", () => {
  it("honours HYPERPOSTER_DATA_DIR, relative to the checkout", () => {
    expect(resolveDataDir("tmp/data")).toEqual({
      dir: join(repoRoot, "tmp/data"),
      reason: "HYPERPOSTER_DATA_DIR",
    });
  });

  it("uses .data in the checkout when the postgres user can reach it, else /var/tmp", () => {
    const { dir, reason } = resolveDataDir(undefined);
    if (reason === "checkout") expect(dir).toBe(join(repoRoot, ".data"));
    else expect(dir).toMatch(/^\/var\/tmp\/hyperposter-[0-9a-f]{10}$/);
  });
});

describe("queueUrlAtEndpoint", () => {
  it("points fauxqs queue URLs (invalid when the host is an IP) at the endpoint", () => {
    expect(
      queueUrlAtEndpoint(
        "http://sqs.us-east-1.127.0.0.1:45660/000000000000/jobs",
        "http://127.0.0.1:45660",
      ),
    ).toBe("http://127.0.0.1:45660/000000000000/jobs");
    expect(
      new URL(queueUrlAtEndpoint("http://sqs.us-east-1.localhost:1/0/q", "http://127.0.0.1:9"))
        .pathname,
    ).toBe("/0/q");
  });
});

describe("data folder fallback", () => {
  it("moves the data to /var/tmp when a parent folder is 0700, and stays put otherwise", () => {
    const parent = mkdtempSync("/tmp/hp-paths-");
    const checkout = join(parent, "checkout");
    mkdirSync(checkout);
    try {
      chmodSync(parent, 0o755);
      expect(resolveDataDir(undefined, checkout)).toEqual({
        dir: join(checkout, ".data"),
        reason: "checkout",
      });
      chmodSync(parent, 0o700);
      const fallback = resolveDataDir(undefined, checkout);
      expect(fallback.dir).toMatch(/^\/var\/tmp\/hyperposter-[0-9a-f]{10}$/);
      expect(fallback.reason).toMatch(/not traversable/);
      expect(resolveDataDir(undefined, checkout).dir).toBe(fallback.dir);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
