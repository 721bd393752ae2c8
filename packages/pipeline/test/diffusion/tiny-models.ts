import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  writeModelFolder,
  type BuildOptions,
  type ModelPreset,
} from "@hyperposter/pipeline/diffusion/builder";

/** Builds tiny model folders under one temp dir; call cleanup() in afterAll. */
export function tinyModelDir(): {
  build: (name: string, preset: ModelPreset, options?: BuildOptions) => string;
  cleanup: () => void;
} {
  const root = mkdtempSync(join(tmpdir(), "hp-diffusion-"));
  return {
    build: (name, preset, options) => writeModelFolder(join(root, name), preset, options).dir,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / a.length;
}
