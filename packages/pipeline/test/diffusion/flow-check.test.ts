import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  TINY_FLUX,
  TINY_FLUX_DEV,
  TINY_SD3,
  writeFlowFolder,
  type FlowPreset,
} from "@hyperposter/pipeline/diffusion/builder";
import { checkFlowFolder } from "../../src/diffusion/flow/check";

/* model:check on the flow layouts: each accepted, each mismatch refused with a sentence naming the file. */

const root = mkdtempSync(join(tmpdir(), "hp-flow-check-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const build = (preset: FlowPreset) => writeFlowFolder(join(root, `f${n++}`), preset).dir;
const patch = (dir: string, file: string, values: Record<string, unknown>) => {
  const path = join(dir, file);
  writeFileSync(
    path,
    JSON.stringify({ ...(JSON.parse(readFileSync(path, "utf8")) as object), ...values }),
  );
  return dir;
};

describe("checkFlowFolder", () => {
  it("accepts the Flux, Flux-dev and SD3 layouts and lists their components", () => {
    expect(checkFlowFolder(build(TINY_FLUX)).components.map((c) => c.name)).toEqual([
      "text_encoder",
      "text_encoder_2",
      "transformer",
      "vae_decoder",
    ]);
    const dev = checkFlowFolder(build(TINY_FLUX_DEV));
    expect(dev.components[2]?.inputs.map((i) => i.name)).toContain("guidance");
    expect(checkFlowFolder(build(TINY_SD3)).components.map((c) => c.name)).toEqual([
      "text_encoder",
      "text_encoder_2",
      "text_encoder_3",
      "transformer",
      "vae_decoder",
    ]);
  });

  it("a guidance config over an export without the guidance input", () => {
    const dir = patch(build(TINY_FLUX), "transformer/config.json", { guidance_embeds: true });
    expect(() => checkFlowFolder(dir)).toThrow(
      /^transformer\/model.onnx: missing input guidance although transformer\/config.json has guidance_embeds true/,
    );
  });

  it("T5 width ≠ joint_attention_dim, CLIP pooled ≠ pooled_projection_dim, VAE channels ≠ in_channels/4", () => {
    expect(() =>
      checkFlowFolder(
        patch(build(TINY_FLUX), "transformer/config.json", { joint_attention_dim: 40 }),
      ),
    ).toThrow(
      /^text_encoder_2\/config.json: T5 d_model 48 does not match .*joint_attention_dim 40/,
    );
    expect(() =>
      checkFlowFolder(patch(build(TINY_FLUX), "text_encoder/config.json", { hidden_size: 24 })),
    ).toThrow(/^text_encoder\/config.json: CLIP pooled width \(hidden_size 24\)/);
    expect(() =>
      checkFlowFolder(patch(build(TINY_FLUX), "transformer/config.json", { in_channels: 32 })),
    ).toThrow(
      /^vae_decoder\/config.json: latent_channels 16 does not match transformer\/config.json in_channels 32/,
    );
    expect(() =>
      checkFlowFolder(patch(build(TINY_SD3), "vae_decoder/config.json", { latent_channels: 4 })),
    ).toThrow(/^vae_decoder\/config.json: latent_channels 4 does not match transformer/);
    expect(() =>
      checkFlowFolder(
        patch(build(TINY_SD3), "text_encoder/config.json", { hidden_size: 48, projection_dim: 24 }),
      ),
    ).toThrow(/^text_encoder_2\/config.json: CLIP-L \+ CLIP-G hidden sizes sum to 88, wider than/);
  });

  it("configs that agree but an export that does not: the ONNX file is named", () => {
    // A joint_attention_dim + d_model both edited to 64: the graphs still say 48.
    const dir = build(TINY_FLUX);
    patch(dir, "transformer/config.json", { joint_attention_dim: 64 });
    patch(dir, "text_encoder_2/config.json", { d_model: 64 });
    expect(() => checkFlowFolder(dir)).toThrow(
      /^transformer\/model.onnx: input encoder_hidden_states is 48 wide, but transformer\/config.json joint_attention_dim says 64/,
    );
    // SD3 with a CLIPTextModel (no text_embeds, no hidden states) as text_encoder.
    const sd3 = build(TINY_SD3);
    copyFileSync(
      join(build(TINY_FLUX), "text_encoder", "model.onnx"),
      join(sd3, "text_encoder", "model.onnx"),
    );
    expect(() => checkFlowFolder(sd3)).toThrow(
      /^text_encoder\/model.onnx: missing output text_embeds \(SD3 needs CLIPTextModelWithProjection\)/,
    );
  });

  it("a Flux folder missing its T5 tokenizer.json", () => {
    const dir = build(TINY_FLUX);
    rmSync(join(dir, "tokenizer_2", "tokenizer.json"));
    expect(() => checkFlowFolder(dir)).toThrow(/^tokenizer_2\/tokenizer.json: file is missing/);
  });
});
