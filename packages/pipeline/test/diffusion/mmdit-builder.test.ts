import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { GraphBuilder } from "../../src/diffusion/builder/graph";
import { buildFluxTransformer, buildSd3Transformer } from "../../src/diffusion/builder/mmdit";
import { buildT5Encoder } from "../../src/diffusion/builder/t5-encoder";
import {
  fluxTransformerConfigSchema,
  sd3TransformerConfigSchema,
  t5EncoderConfigSchema,
} from "../../src/diffusion/flow/configs";
import { GaussianStream } from "../../src/diffusion/random";

/*
 * Tiny random-weight MMDiT / T5 graphs with optimum's input and output
 * names, run by ONNX Runtime: shapes, finiteness, and the properties the
 * architecture implies (text changes the image stream through joint
 * attention; Flux's RoPE makes the output depend on img_ids; T5's relative
 * position bias makes a token's state depend on its neighbours' order).
 */

const f32 = (values: Float32Array, dims: number[]) => new ort.Tensor("float32", values, dims);
const randn = (n: number, stream: number) => new GaussianStream(7, stream).fill(n);

async function session(g: GraphBuilder): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(g.finish());
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

const flux = fluxTransformerConfigSchema.parse({
  in_channels: 64,
  num_layers: 1,
  num_single_layers: 1,
  attention_head_dim: 16,
  num_attention_heads: 2,
  joint_attention_dim: 24,
  pooled_projection_dim: 12,
  guidance_embeds: true,
  axes_dims_rope: [4, 6, 6],
});

function fluxIds(h: number, w: number): Float32Array {
  const ids = new Float32Array(h * w * 3);
  for (let r = 0; r < h; r++)
    for (let c = 0; c < w; c++) {
      ids[(r * w + c) * 3 + 1] = r;
      ids[(r * w + c) * 3 + 2] = c;
    }
  return ids;
}

describe("MMDiT builder", () => {
  it("Flux transformer: optimum's names, [B, S, 64] out, text and img_ids both matter", async () => {
    const g = new GraphBuilder("transformer", { weightType: "float32", seed: 3 });
    buildFluxTransformer(g, flux, "float32");
    const s = await session(g);
    expect([...s.inputNames].sort()).toEqual(
      [
        "encoder_hidden_states",
        "guidance",
        "hidden_states",
        "img_ids",
        "pooled_projections",
        "timestep",
        "txt_ids",
      ].sort(),
    );
    expect(s.outputNames).toEqual(["out_hidden_states"]);
    const S = 4 * 4;
    const L = 5;
    const feeds = (text: Float32Array, ids: Float32Array) => ({
      hidden_states: f32(randn(S * 64, 0), [1, S, 64]),
      encoder_hidden_states: f32(text, [1, L, 24]),
      pooled_projections: f32(randn(12, 2), [1, 12]),
      timestep: f32(Float32Array.from([0.75]), [1]),
      guidance: f32(Float32Array.from([3.5]), [1]),
      img_ids: f32(ids, [S, 3]),
      txt_ids: f32(new Float32Array(L * 3), [L, 3]),
    });
    const a = await s.run(feeds(randn(L * 24, 1), fluxIds(4, 4)));
    const out = a["out_hidden_states"];
    expect(out?.dims).toEqual([1, S, 64]);
    const base = out?.data as Float32Array;
    expect(base.every(Number.isFinite)).toBe(true);
    const otherText = (await s.run(feeds(randn(L * 24, 9), fluxIds(4, 4))))["out_hidden_states"]
      ?.data as Float32Array;
    expect(maxAbsDiff(base, otherText)).toBeGreaterThan(1e-4);
    const shuffledIds = fluxIds(4, 4).reverse();
    const otherIds = (await s.run(feeds(randn(L * 24, 1), shuffledIds)))["out_hidden_states"]
      ?.data as Float32Array;
    expect(maxAbsDiff(base, otherIds)).toBeGreaterThan(1e-4);
    await s.release();
  });

  it("SD3 transformer: [B, 16, h, w] in and out, pooled and text condition it", async () => {
    const cfg = sd3TransformerConfigSchema.parse({
      sample_size: 8,
      patch_size: 2,
      in_channels: 16,
      out_channels: 16,
      num_layers: 2,
      attention_head_dim: 8,
      num_attention_heads: 2,
      joint_attention_dim: 24,
      caption_projection_dim: 16,
      pooled_projection_dim: 12,
      pos_embed_max_size: 16,
      qk_norm: "rms_norm",
    });
    const g = new GraphBuilder("transformer", { weightType: "float32", seed: 4 });
    buildSd3Transformer(g, cfg, "float32");
    const s = await session(g);
    const run = async (pooledStream: number, h: number, w: number) =>
      (
        await s.run({
          hidden_states: f32(randn(16 * h * w, 0), [1, 16, h, w]),
          encoder_hidden_states: f32(randn(6 * 24, 1), [1, 6, 24]),
          pooled_projections: f32(randn(12, pooledStream), [1, 12]),
          timestep: f32(Float32Array.from([750]), [1]),
        })
      )["out_hidden_states"];
    const a = await run(2, 8, 12);
    expect(a?.dims).toEqual([1, 16, 8, 12]);
    const b = await run(3, 8, 12);
    expect(maxAbsDiff(a?.data as Float32Array, b?.data as Float32Array)).toBeGreaterThan(1e-4);
    expect((a?.data as Float32Array).every(Number.isFinite)).toBe(true);
    await s.release();
  });

  it("T5 encoder: input_ids → last_hidden_state; relative positions make order matter", async () => {
    const cfg = t5EncoderConfigSchema.parse({
      vocab_size: 32,
      d_model: 16,
      d_kv: 4,
      d_ff: 32,
      num_layers: 2,
      num_heads: 4,
    });
    const g = new GraphBuilder("text_encoder_2", { weightType: "float32", seed: 5 });
    buildT5Encoder(g, cfg, "float32");
    const s = await session(g);
    const enc = async (ids: number[]) =>
      (
        await s.run({
          input_ids: new ort.Tensor("int64", BigInt64Array.from(ids.map(BigInt)), [1, ids.length]),
        })
      )["last_hidden_state"];
    const a = await enc([4, 5, 6, 1, 0, 0, 0, 0]);
    expect(a?.dims).toEqual([1, 8, 16]);
    const b = await enc([6, 5, 4, 1, 0, 0, 0, 0]);
    // token 5 sits at position 1 in both: only its neighbours' order differs
    const row = (t: ort.Tensor | undefined) => (t?.data as Float32Array).slice(16, 32);
    expect(maxAbsDiff(row(a), row(b))).toBeGreaterThan(1e-5);
    // a 300-token prompt (beyond the 128 max distance) runs too
    const long = await enc(Array.from({ length: 300 }, (_, i) => i % 32));
    expect((long?.data as Float32Array).every(Number.isFinite)).toBe(true);
    await s.release();
  });
});
