import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const tsx = join(root, "node_modules/.bin/tsx");
const run = (script: string, args: string[]) =>
  spawnSync(tsx, [join(root, "packages/pipeline/src/cli", script), ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 30_000,
  });

const dir = mkdtempSync(join(tmpdir(), "rephrase-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("CLI", () => {
  it("tokenize prints one JSON array of ids", () => {
    const r = run("tokenize.ts", ["a photo of a cat"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([49406, 320, 1125, 539, 320, 2368, 49407]);
  });

  it("rephrase --json prints prompt, negativePrompt, copy, tokenCount and trace", () => {
    const r = run("rephrase.ts", [
      "--brief",
      "examples/tea-zh.json",
      "--preset",
      "examples/presets.json",
      "--json",
    ]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(
      expect.arrayContaining(["prompt", "negativePrompt", "copy", "tokenCount", "trace"]),
    );
    expect(out.tokenCount).toBeLessThanOrEqual(77);
  });

  it("rejects a bad brief with one sentence naming the field and exit code 2", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ product: "tea", formats: [] }));
    const r = run("rephrase.ts", ["--brief", bad, "--preset", "examples/presets.json"]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^formats .*\.$/);
  });

  it("rejects an over-budget product with exit code 2", () => {
    const long = join(dir, "long.json");
    writeFileSync(
      long,
      JSON.stringify({
        product: `tea ${"1234567890".repeat(7)}`,
        formats: ["story"],
        preset: "stride",
      }),
    );
    const r = run("rephrase.ts", ["--brief", long, "--preset", "examples/presets.json"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/product/);
  });
});
