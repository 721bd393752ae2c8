import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { GraphBuilder } from "@hyperposter/pipeline/diffusion/builder";
import { buildClipText } from "../../src/diffusion/builder/clip-text";
import { attention, groupNorm, sinusoidalEmbedding } from "../../src/diffusion/builder/layers";
import { GaussianStream } from "../../src/diffusion/random";

/*
 * The builder's layers, run by ONNX Runtime, against plain re-computations
 * of the PyTorch modules they stand for: if a Reshape/Transpose convention
 * or an embedding order were wrong, the models would still run but would
 * not be the diffusers topology.
 */

async function run(
  g: GraphBuilder,
  feeds: Record<string, ort.Tensor>,
  output: string,
): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(g.finish());
  const out = await session.run(feeds);
  await session.release();
  return out[output]?.data as Float32Array;
}

function expectClose(actual: Float32Array, expected: number[], tol = 1e-4): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(Math.abs(v - (expected[i] as number))).toBeLessThan(tol));
}

describe("builder layers vs their PyTorch definitions", () => {
  it("timestep embedding: [cos(t·f_j), sin(t·f_j)], f_j = 10000^(−j/half) (flip_sin_to_cos, shift 0)", async () => {
    const g = new GraphBuilder("emb", { weightType: "float32", seed: 1 });
    const t = g.input("t", "int64", [3]);
    g.output("y", "float32", [3, 8], sinusoidalEmbedding(g, t, 8));
    const ts = [0, 10, 999];
    const y = await run(
      g,
      { t: new ort.Tensor("int64", BigInt64Array.from(ts.map(BigInt)), [3]) },
      "y",
    );
    const expected = ts.flatMap((v) => {
      const f = [0, 1, 2, 3].map((j) => v * Math.exp((-Math.log(10000) * j) / 4));
      return [...f.map(Math.cos), ...f.map(Math.sin)];
    });
    expectClose(y, expected, 1e-3);
  });

  it("GroupNorm(4 groups, 8 channels): per-(sample, group) standardisation, then per-channel affine", async () => {
    const g = new GraphBuilder("gn", { weightType: "float32", seed: 2 });
    const x = g.input("x", "float32", [2, 8, 3, 3]);
    g.output("y", "float32", [2, 8, 3, 3], groupNorm(g, x, 8, 4, 1e-5, "norm"));
    const gamma = g.inlineValues("norm.weight");
    const beta = g.inlineValues("norm.bias");
    const input = new GaussianStream(3).fill(2 * 8 * 9).map((v, i) => v * 3 + (i % 7));
    const y = await run(g, { x: new ort.Tensor("float32", input, [2, 8, 3, 3]) }, "y");
    const expected: number[] = [];
    for (let n = 0; n < 2; n++) {
      for (let grp = 0; grp < 4; grp++) {
        const vals = Array.from(input.subarray(n * 72 + grp * 18, n * 72 + grp * 18 + 18));
        const mean = vals.reduce((a, b) => a + b, 0) / 18;
        const variance = vals.reduce((a, b) => a + (b - mean) ** 2, 0) / 18;
        vals.forEach((v, k) => {
          const c = grp * 2 + Math.floor(k / 9);
          expected.push(
            ((v - mean) / Math.sqrt(variance + 1e-5)) * (gamma[c] as number) + (beta[c] as number),
          );
        });
      }
    }
    expectClose(y, expected);
  });

  it("multi-head attention: softmax(Q·Kᵀ/√d)·V per head, heads split along channels, then out-projection", async () => {
    const [L, C, H, Lc, Cc] = [5, 8, 2, 3, 6];
    const g = new GraphBuilder("attn", { weightType: "float32", seed: 4 });
    const x = g.input("x", "float32", [1, L, C]);
    const ctx = g.input("ctx", "float32", [1, Lc, Cc]);
    g.output(
      "y",
      "float32",
      [1, L, C],
      attention(g, x, {
        name: "a",
        dim: C,
        heads: H,
        qkvBias: false,
        context: { value: ctx, dim: Cc },
      }),
    );
    const w = (n: string): Float32Array => g.inlineValues(n);
    const [wq, wk, wv, wo, bo] = [
      w("a.to_q.weight"),
      w("a.to_k.weight"),
      w("a.to_v.weight"),
      w("a.to_out.0.weight"),
      w("a.to_out.0.bias"),
    ];
    const xs = new GaussianStream(5).fill(L * C);
    const cs = new GaussianStream(6).fill(Lc * Cc);
    const y = await run(
      g,
      {
        x: new ort.Tensor("float32", xs, [1, L, C]),
        ctx: new ort.Tensor("float32", cs, [1, Lc, Cc]),
      },
      "y",
    );
    // weights are stored [in, out]
    const mm = (
      a: Float32Array,
      rows: number,
      inF: number,
      wt: Float32Array,
      outF: number,
    ): number[][] =>
      Array.from({ length: rows }, (_, r) =>
        Array.from({ length: outF }, (_, o) => {
          let s = 0;
          for (let i = 0; i < inF; i++)
            s += (a[r * inF + i] as number) * (wt[i * outF + o] as number);
          return s;
        }),
      );
    const q = mm(xs, L, C, wq, C);
    const k = mm(cs, Lc, Cc, wk, C);
    const v = mm(cs, Lc, Cc, wv, C);
    const d = C / H;
    const merged = new Float32Array(L * C);
    for (let h = 0; h < H; h++) {
      for (let i = 0; i < L; i++) {
        const scores = k.map((kr) => {
          let s = 0;
          for (let j = 0; j < d; j++)
            s += (q[i]?.[h * d + j] as number) * (kr[h * d + j] as number);
          return s / Math.sqrt(d);
        });
        const m = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - m));
        const z = e.reduce((a, b) => a + b, 0);
        for (let j = 0; j < d; j++) {
          merged[i * C + h * d + j] = e.reduce(
            (acc, p, n) => acc + (p / z) * (v[n]?.[h * d + j] as number),
            0,
          );
        }
      }
    }
    const expected = mm(merged, L, C, wo, C).flatMap((row) =>
      row.map((val, o) => val + (bo[o] as number)),
    );
    expectClose(y, expected);
  });

  it("CLIP text encoder: causal (a later token never changes earlier states), pooled at the EOS (max id) position", async () => {
    const g = new GraphBuilder("clip", { weightType: "float32", seed: 7 });
    const cfg = {
      vocab_size: 100,
      hidden_size: 8,
      intermediate_size: 16,
      num_hidden_layers: 2,
      num_attention_heads: 2,
      max_position_embeddings: 6,
      hidden_act: "quick_gelu" as const,
      layer_norm_eps: 1e-5,
    };
    buildClipText(g, cfg, { outputType: "float32", withProjection: false, hiddenStates: false });
    const session = await ort.InferenceSession.create(g.finish());
    const encode = async (ids: number[][]) => {
      const out = await session.run({
        input_ids: new ort.Tensor("int64", BigInt64Array.from(ids.flat().map(BigInt)), [
          ids.length,
          6,
        ]),
      });
      return {
        hidden: out["last_hidden_state"]?.data as Float32Array,
        pooled: out["pooler_output"]?.data as Float32Array,
      };
    };
    const a = await encode([
      [1, 5, 7, 99, 3, 3],
      [1, 99, 4, 4, 4, 4],
    ]);
    const b = await encode([
      [1, 5, 7, 99, 42, 17],
      [1, 99, 9, 9, 9, 9],
    ]);
    // positions 0..3 of row 0 and 0..1 of row 1 only see identical prefixes
    expectClose(b.hidden.subarray(0, 4 * 8), Array.from(a.hidden.subarray(0, 4 * 8)), 1e-5);
    expectClose(
      b.hidden.subarray(48, 48 + 2 * 8),
      Array.from(a.hidden.subarray(48, 48 + 2 * 8)),
      1e-5,
    );
    expect(Array.from(b.hidden.subarray(4 * 8, 6 * 8))).not.toEqual(
      Array.from(a.hidden.subarray(4 * 8, 6 * 8)),
    );
    expectClose(a.pooled.subarray(0, 8), Array.from(a.hidden.subarray(3 * 8, 4 * 8)), 1e-6);
    expectClose(a.pooled.subarray(8, 16), Array.from(a.hidden.subarray(48 + 8, 48 + 16)), 1e-6);
    await session.release();
  });
});
