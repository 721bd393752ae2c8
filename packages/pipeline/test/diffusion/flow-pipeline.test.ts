import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  TINY_FLUX,
  TINY_FLUX_DEV,
  TINY_SD3,
  writeFlowFolder,
  type FlowPreset,
} from "@hyperposter/pipeline/diffusion/builder";
import { FlowPipeline, fluxSigmas, t5MaxLength } from "../../src/diffusion/flow/flow-pipeline";
import { loadFlowFolder } from "../../src/diffusion/flow/folder";
import { meanAbsDiff } from "./tiny-models";

/*
 * FluxPipeline / StableDiffusion3Pipeline end to end on tiny random-weight
 * folders the builder writes with optimum's names, dtypes and shapes.
 */

const root = mkdtempSync(join(tmpdir(), "hp-flow-"));
const build = (name: string, preset: FlowPreset, dtype: "float32" | "float16" = "float32") =>
  writeFlowFolder(join(root, name), preset, { dtype }).dir;
const prompt = "a red cup of coffee on the table";

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("FluxPipeline (tiny)", () => {
  let flux: FlowPipeline;
  beforeAll(async () => {
    flux = await FlowPipeline.load(build("flux", TINY_FLUX));
  });
  afterAll(async () => flux.release());

  it("renders a finite, deterministic image at the native size; seeds and prompts matter", async () => {
    expect(flux.folder.kind).toBe("flux");
    expect(flux.folder.nativeSize).toBe(128);
    expect(t5MaxLength(flux.folder)).toBe(256);
    expect(flux.hasGuidanceInput).toBe(false);
    const a = await flux.generate({ prompt, steps: 2, guidanceScale: 0, seed: 3 });
    const b = await flux.generate({ prompt, steps: 2, guidanceScale: 0, seed: 3 });
    const img = a.images[0];
    expect(img?.width).toBe(128);
    expect(img?.height).toBe(128);
    expect(a.timings.unetMs).toHaveLength(2);
    expect(Buffer.from(img?.data ?? []).equals(Buffer.from(b.images[0]?.data ?? []))).toBe(true);
    const other = await flux.generate({ prompt, steps: 2, guidanceScale: 0, seed: 4 });
    expect(
      meanAbsDiff(img?.data ?? new Uint8Array(), other.images[0]?.data ?? new Uint8Array()),
    ).toBeGreaterThan(1);
    const text = await flux.generate({
      prompt: "blue tea poster",
      steps: 2,
      guidanceScale: 0,
      seed: 3,
    });
    expect(
      meanAbsDiff(img?.data ?? new Uint8Array(), text.images[0]?.data ?? new Uint8Array()),
    ).toBeGreaterThan(0);
  });

  it("a non-square row packs and unpacks per row: the same image alone and in a batch", async () => {
    const opts = { prompt, steps: 1, guidanceScale: 0, seed: 9, width: 96, height: 64 };
    const alone = await flux.generate(opts);
    const rows = await flux.generateRows(
      [
        { prompt: "white light", seed: 1, stream: 0 },
        { prompt, seed: 9, stream: 0 },
      ],
      opts,
    );
    expect(rows.images[1]?.width).toBe(96);
    expect(rows.images[1]?.height).toBe(64);
    expect(
      meanAbsDiff(
        alone.images[0]?.data ?? new Uint8Array(),
        rows.images[1]?.data ?? new Uint8Array(),
      ),
    ).toBeLessThan(0.5);
    expect(() => flux.checkOptions({ ...opts, width: 72 })).toThrow(/multiples of 16/);
  });

  it("sequential encoders give the same image as resident ones", async () => {
    const seq = await FlowPipeline.load(
      flux.folder,
      { provider: "cpu" },
      { sequentialEncoders: true },
    );
    try {
      const a = await seq.generate({ prompt, steps: 2, guidanceScale: 0, seed: 3 });
      const b = await flux.generate({ prompt, steps: 2, guidanceScale: 0, seed: 3 });
      expect(
        Buffer.from(a.images[0]?.data ?? []).equals(Buffer.from(b.images[0]?.data ?? [])),
      ).toBe(true);
      expect(seq.encoders.opens).toBe(2);
    } finally {
      await seq.release();
    }
  });

  it("σ grid linspace(1, 1/n, n)", () => {
    expect(fluxSigmas(4)).toEqual([1, 0.75, 0.5, 0.25]);
    expect(fluxSigmas(1)).toEqual([1]);
  });
});

describe("Flux guidance input and fp16", () => {
  it("a guidance model takes `guidance` and its value changes the image; T5 512 tokens", async () => {
    const dev = await FlowPipeline.load(build("flux-dev", TINY_FLUX_DEV));
    try {
      expect(dev.hasGuidanceInput).toBe(true);
      expect(t5MaxLength(dev.folder)).toBe(512);
      const a = await dev.generate({ prompt, steps: 2, guidanceScale: 3.5, seed: 1 });
      const b = await dev.generate({ prompt, steps: 2, guidanceScale: 1, seed: 1 });
      expect(
        meanAbsDiff(a.images[0]?.data ?? new Uint8Array(), b.images[0]?.data ?? new Uint8Array()),
      ).toBeGreaterThan(0);
    } finally {
      await dev.release();
    }
  });

  it("refuses a guidance config whose export lacks the guidance input", async () => {
    const dir = build("flux-noguidance", TINY_FLUX);
    const cfgPath = join(dir, "transformer", "config.json");
    const cfg = JSON.parse(readFileSync(cfgPath, "utf8")) as Record<string, unknown>;
    writeFileSync(cfgPath, JSON.stringify({ ...cfg, guidance_embeds: true }));
    await expect(FlowPipeline.load(dir)).rejects.toThrow(
      /transformer\/model.onnx: missing input guidance although transformer\/config.json has guidance_embeds true/,
    );
  });

  it("an fp16 folder renders close to the fp32 one", async () => {
    const p16 = await FlowPipeline.load(build("flux16", TINY_FLUX, "float16"));
    const p32 = await FlowPipeline.load(build("flux32", TINY_FLUX));
    try {
      const a = await p16.generate({ prompt, steps: 2, guidanceScale: 0, seed: 5 });
      const b = await p32.generate({ prompt, steps: 2, guidanceScale: 0, seed: 5 });
      const d = meanAbsDiff(
        a.images[0]?.data ?? new Uint8Array(),
        b.images[0]?.data ?? new Uint8Array(),
      );
      expect(d).toBeLessThan(4);
    } finally {
      await p16.release();
      await p32.release();
    }
  });
});

describe("StableDiffusion3Pipeline (tiny)", () => {
  let sd3: FlowPipeline;
  beforeAll(async () => {
    sd3 = await FlowPipeline.load(build("sd3", TINY_SD3));
  });
  afterAll(async () => sd3.release());

  it("renders deterministically; CFG on and off differ, negative prompts matter only with CFG", async () => {
    expect(sd3.folder.kind).toBe("sd3");
    const base = { prompt, steps: 2, seed: 2 };
    const off = await sd3.generate({ ...base, guidanceScale: 0 });
    const off2 = await sd3.generate({ ...base, guidanceScale: 0, negativePrompt: "blue" });
    expect(off.images[0]?.width).toBe(128);
    expect(
      Buffer.from(off.images[0]?.data ?? []).equals(Buffer.from(off2.images[0]?.data ?? [])),
    ).toBe(true);
    const on = await sd3.generate({ ...base, guidanceScale: 4 });
    const on2 = await sd3.generate({ ...base, guidanceScale: 4 });
    const onNeg = await sd3.generate({ ...base, guidanceScale: 4, negativePrompt: "blue" });
    expect(
      Buffer.from(on.images[0]?.data ?? []).equals(Buffer.from(on2.images[0]?.data ?? [])),
    ).toBe(true);
    expect(
      meanAbsDiff(on.images[0]?.data ?? new Uint8Array(), off.images[0]?.data ?? new Uint8Array()),
    ).toBeGreaterThan(0);
    expect(
      meanAbsDiff(
        on.images[0]?.data ?? new Uint8Array(),
        onNeg.images[0]?.data ?? new Uint8Array(),
      ),
    ).toBeGreaterThan(0);
  });

  it("sequential encoders give the same image", async () => {
    const seq = await FlowPipeline.load(
      sd3.folder,
      { provider: "cpu" },
      { sequentialEncoders: true },
    );
    try {
      const a = await seq.generate({ prompt, steps: 1, guidanceScale: 4, seed: 2 });
      const b = await sd3.generate({ prompt, steps: 1, guidanceScale: 4, seed: 2 });
      expect(
        Buffer.from(a.images[0]?.data ?? []).equals(Buffer.from(b.images[0]?.data ?? [])),
      ).toBe(true);
      expect(seq.encoders.opens).toBe(3);
    } finally {
      await seq.release();
    }
  });
});

describe("flow folder cross-checks", () => {
  const edit = (name: string, preset: FlowPreset, file: string, patch: Record<string, unknown>) => {
    const dir = build(name, preset);
    const path = join(dir, file);
    const cfg = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    writeFileSync(path, JSON.stringify({ ...cfg, ...patch }));
    return dir;
  };
  it("refuses each mismatch with a sentence naming the file", () => {
    expect(() =>
      loadFlowFolder(edit("m1", TINY_FLUX, "text_encoder_2/config.json", { d_model: 64 })),
    ).toThrow(
      /^text_encoder_2\/config.json: T5 d_model 64 does not match transformer\/config.json joint_attention_dim 48/,
    );
    expect(() =>
      loadFlowFolder(
        edit("m2", TINY_FLUX, "transformer/config.json", { pooled_projection_dim: 16 }),
      ),
    ).toThrow(/^text_encoder\/config.json: CLIP pooled width .* pooled_projection_dim 16/);
    expect(() =>
      loadFlowFolder(edit("m3", TINY_FLUX, "vae_decoder/config.json", { latent_channels: 4 })),
    ).toThrow(
      /^vae_decoder\/config.json: latent_channels 4 does not match transformer\/config.json in_channels 64 \/ 4/,
    );
    expect(() =>
      loadFlowFolder(edit("m4", TINY_SD3, "text_encoder_2/config.json", { projection_dim: 8 })),
    ).toThrow(/^text_encoder_2\/config.json: CLIP-L \+ CLIP-G projection_dim sum to 32/);
    expect(() =>
      loadFlowFolder(
        edit("m5", TINY_SD3, "scheduler/scheduler_config.json", {
          _class_name: "EulerDiscreteScheduler",
        }),
      ),
    ).toThrow(/^scheduler\/scheduler_config.json: .*needs FlowMatchEulerDiscreteScheduler/);
  });
});
