import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TINY_SD15 } from "@hyperposter/pipeline/diffusion/builder";
import * as ort from "onnxruntime-node";
import { appendImageTokens, imageTokens } from "../../src/diffusion/control/ip-adapter";
import { checkModelFolder } from "../../src/diffusion/model-check";
import { DiffusionPipeline } from "../../src/diffusion/pipeline";
import type { RgbImage } from "../../src/image-backend/types";
import { meanAbsDiff, tinyModelDir } from "./tiny-models";

const models = tinyModelDir();
let plainDir: string;
let ipDir: string;
let plain: DiffusionPipeline;
let ip: DiffusionPipeline;

function reference(seed: number, width = 260, height = 230): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++)
    data[i] = (i * 131 + seed * 977 + ((i >> 7) % 13) * 29) % 256;
  return { width, height, data };
}

const base = { prompt: "a red bottle on a table", steps: 2, guidanceScale: 0, seed: 7 };

beforeAll(async () => {
  plainDir = models.build("plain", TINY_SD15);
  ipDir = models.build("ip", TINY_SD15, { ipAdapter: true });
  plain = await DiffusionPipeline.load(plainDir);
  ip = await DiffusionPipeline.load(ipDir);
}, 120_000);

afterAll(async () => {
  await plain?.release();
  await ip?.release();
  models.cleanup();
});

describe("IP-Adapter style references", () => {
  it("writes the export's layout: image_encoder, image_proj, a UNet with 77 + 4 tokens and ipadapter_scale", () => {
    const report = checkModelFolder(ipDir);
    expect(report.controls).toEqual(["ip-adapter (4 image tokens, 4 scaled layers)"]);
    const io = (name: string) => report.components.find((c) => c.name === name);
    expect(io("image_encoder")?.inputs).toEqual([
      { name: "pixel_values", elemType: "float32", dims: ["batch_size", 3, 224, 224] },
    ]);
    expect(io("image_encoder")?.outputs[0]).toEqual({
      name: "image_embeds",
      elemType: "float32",
      dims: ["batch_size", 24],
    });
    expect(io("image_proj")?.outputs[0]).toEqual({
      name: "image_prompt_embeds",
      elemType: "float32",
      dims: ["batch_size", 4, 32],
    });
    expect(io("unet")?.inputs.map((v) => v.name)).toEqual([
      "sample",
      "timestep",
      "encoder_hidden_states",
      "ipadapter_scale",
    ]);
    expect(ip.supportsStyleReferences).toBe(true);
    expect(plain.supportsStyleReferences).toBe(false);
  });

  it("scale 0 equals no adapter: no references, or references at strength 0, give the plain UNet's image", async () => {
    const [none, zero, reference0] = await Promise.all([
      plain.generate(base),
      ip.generate(base),
      ip.generate({ ...base, references: [{ image: reference(1), strength: 0 }] }),
    ]);
    expect(Buffer.from(zero.images[0]!.data).equals(Buffer.from(none.images[0]!.data))).toBe(true);
    expect(Buffer.from(reference0.images[0]!.data).equals(Buffer.from(none.images[0]!.data))).toBe(
      true,
    );
  });

  it("a reference changes the image, more at strength 1 than at 0.3, and with CFG the negative rows use the projection of zeros", async () => {
    const [none, weak, full, other] = await Promise.all([
      ip.generate(base),
      ip.generate({ ...base, references: [{ image: reference(1), strength: 0.3 }] }),
      ip.generate({ ...base, references: [{ image: reference(1), strength: 1 }] }),
      ip.generate({ ...base, references: [{ image: reference(2), strength: 1 }] }),
    ]);
    const d = (a: typeof none, b: typeof none) => meanAbsDiff(a.images[0]!.data, b.images[0]!.data);
    expect(d(none, full)).toBeGreaterThan(0.5);
    expect(d(none, full)).toBeGreaterThan(d(none, weak));
    expect(d(full, other)).toBeGreaterThan(0);
    const cfg = await ip.generate({
      ...base,
      guidanceScale: 3,
      references: [{ image: reference(1), strength: 1 }],
    });
    expect(cfg.images[0]!.data.length).toBe(128 * 128 * 3);
  });

  it("negative rows get the projection of zero embeddings, positive rows the strength-weighted references", async () => {
    const { imageEncoder, imageProj } = ip.sessions;
    const sessions = { imageEncoder: imageEncoder!, imageProj: imageProj! };
    const one = await imageTokens(sessions, [{ image: reference(1), strength: 1 }]);
    const zeros = await imageProj!.run({
      image_embeds: new ort.Tensor("float32", new Float32Array(24), [1, 24]),
    });
    expect(Array.from(one.uncond)).toEqual(
      Array.from(zeros["image_prompt_embeds"]!.data as Float32Array),
    );
    expect(one.scale).toBe(1);
    // Two references: the embedding average is weighted by strength; the scale is the largest.
    const mixed = await imageTokens(sessions, [
      { image: reference(1), strength: 0.6 },
      { image: reference(1), strength: 0.2 },
    ]);
    expect(mixed.scale).toBe(0.6);
    mixed.cond.forEach((v, i) => expect(v).toBeCloseTo(one.cond[i]!, 4));
    const rows = appendImageTokens(new Float32Array(2 * 3 * 32).fill(9), 2, 3, one, 1);
    expect(rows.length).toBe(2 * 7 * 32);
    expect(rows.subarray(3 * 32, 7 * 32)).toEqual(one.uncond);
    expect(rows.subarray(10 * 32, 14 * 32)).toEqual(one.cond);
    expect(rows[7 * 32]).toBe(9);
  });

  it("refuses style references on a folder without the adapter, and strengths outside 0–1", async () => {
    await expect(
      plain.generate({ ...base, references: [{ image: reference(1), strength: 0.5 }] }),
    ).rejects.toThrow(/IP-Adapter folder/);
    await expect(
      ip.generate({ ...base, references: [{ image: reference(1), strength: 1.5 }] }),
    ).rejects.toThrow();
  });

  it("model:check refuses each mismatch with a sentence naming the file", () => {
    const broken = (name: string, edit: (dir: string) => void): string => {
      const dir = join(ipDir, "..", name);
      cpSync(ipDir, dir, { recursive: true });
      edit(dir);
      return dir;
    };
    const editJson = (path: string, change: (v: Record<string, unknown>) => void) => {
      const v = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
      change(v);
      writeFileSync(path, JSON.stringify(v));
    };
    // An SD 2.x-width projection on an SD 1.5 UNet.
    const wide = broken("wide-proj", (d) =>
      editJson(join(d, "image_proj", "config.json"), (v) => {
        v["cross_attention_dim"] = 1024;
      }),
    );
    expect(() => checkModelFolder(wide)).toThrow(
      /image_proj\/config\.json: cross_attention_dim 1024 does not match the UNet's 32/,
    );
    // The adapter's image encoder beside a UNet exported without the adapter.
    const noAdapterUnet = broken("plain-unet", (d) =>
      cpSync(join(plainDir, "unet"), join(d, "unet"), { recursive: true }),
    );
    expect(() => checkModelFolder(noAdapterUnet)).toThrow(
      /unet\/model\.onnx: the folder has an IP-Adapter image encoder but the UNet has no ipadapter_scale input/,
    );
    const missingProj = join(ipDir, "..", "no-proj");
    cpSync(plainDir, missingProj, { recursive: true });
    cpSync(join(ipDir, "image_encoder"), join(missingProj, "image_encoder"), { recursive: true });
    expect(() => checkModelFolder(missingProj)).toThrow(
      /image_proj\/model\.onnx: image_encoder\/ is present but the IP-Adapter projection is missing/,
    );
    const onlyUnet = join(ipDir, "..", "only-unet");
    cpSync(plainDir, onlyUnet, { recursive: true });
    cpSync(join(ipDir, "unet"), join(onlyUnet, "unet"), { recursive: true });
    expect(() => checkModelFolder(onlyUnet)).toThrow(
      /image_encoder\/model\.onnx: the UNet takes IP-Adapter image tokens/,
    );
  });
});
