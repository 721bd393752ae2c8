import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeLlmTextEncoder } from "@hyperposter/pipeline/diffusion/builder";
import { loadHfTokenizer } from "../../../src/diffusion/tokenizers/hf";
import {
  llmEncoderSource,
  QWEN_IMAGE_TEMPLATE,
  type LlmTextEncoder,
} from "../../../src/diffusion/text-encoders/llm-encoder";
import type { TextEmbeddings } from "../../../src/diffusion/text-encoders/types";

const root = mkdtempSync(join(tmpdir(), "hp-llm-"));
let fp32: LlmTextEncoder;
let fp16: LlmTextEncoder;

async function open(dir: string): Promise<LlmTextEncoder> {
  const source = llmEncoderSource({
    modelPath: join(dir, "text_encoder", "model.onnx"),
    tokenizer: loadHfTokenizer(join(dir, "tokenizer"), "tokenizer"),
    session: { provider: "cpu" },
  });
  return (await source.open()) as LlmTextEncoder;
}

beforeAll(async () => {
  fp32 = await open(writeLlmTextEncoder(join(root, "fp32")).dir);
  fp16 = await open(writeLlmTextEncoder(join(root, "fp16"), undefined, { dtype: "float16" }).dir);
});

afterAll(async () => {
  await fp32?.release();
  await fp16?.release();
  rmSync(root, { recursive: true, force: true });
});

/** Row r's first n positions. */
function rowTokens(e: TextEmbeddings, r: number, n: number): Float32Array {
  const from = r * e.seqLen * e.dim;
  return e.hidden.slice(from, from + n * e.dim);
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

const short = "热气腾腾";
const long = "a user tea, 热气腾腾的奶茶 with steam rising over a wooden table";

describe("LLM text encoder (Qwen2-architecture ONNX, optimum feature-extraction names)", () => {
  it("has the export's inputs, output and dtypes", () => {
    expect(fp32.session.inputNames).toEqual(["input_ids", "attention_mask", "position_ids"]);
    expect(fp32.session.outputNames).toEqual(["last_hidden_state"]);
    const types = (s: ort.InferenceSession) =>
      [...s.inputMetadata, ...s.outputMetadata].map((m) => (m.isTensor ? m.type : "?"));
    expect(types(fp32.session)).toEqual(["int64", "int64", "int64", "float32"]);
    expect(types(fp16.session)).toEqual(["int64", "int64", "int64", "float16"]);
  });

  it("drops exactly the template's prefix: the rows hold the prompt and the template's suffix", async () => {
    const prefix = QWEN_IMAGE_TEMPLATE.template.slice(
      0,
      QWEN_IMAGE_TEMPLATE.template.indexOf("{}"),
    );
    expect(fp32.prefix).toBe(fp32.tokenizer.encode(prefix).length);
    const suffix = fp32.tokenizer.encode("<|im_end|>\n<|im_start|>assistant\n").length;
    const e = await fp32.encode([short]);
    expect(e.seqLen).toBe(fp32.tokenizer.encode(short).length + suffix);
    expect(Array.from(e.mask ?? [])).toEqual(Array.from({ length: e.seqLen }, () => 1));
  });

  it("a padded row equals the unpadded one on its real tokens (causal + padding mask, right padding)", async () => {
    const alone = await fp32.encode([short]);
    const batch = await fp32.encode([short, long]);
    const n = alone.seqLen;
    expect(batch.seqLen).toBeGreaterThan(n);
    expect(maxAbsDiff(rowTokens(batch, 0, n), rowTokens(alone, 0, n))).toBeLessThan(1e-5);
    const mask = Array.from(batch.mask ?? []);
    expect(mask.slice(0, batch.seqLen)).toEqual(
      Array.from({ length: batch.seqLen }, (_, i) => (i < n ? 1 : 0)),
    );
    expect(mask.slice(batch.seqLen).every((m) => m === 1)).toBe(true);
    // Padding positions are zeros, as diffusers pads the extracted rows.
    const pad = batch.hidden.slice(n * batch.dim, batch.seqLen * batch.dim);
    expect(pad.every((v) => v === 0)).toBe(true);
    // Without the padding mask the short row would see the pad tokens: prove the mask matters.
    const longAlone = await fp32.encode([long]);
    expect(
      maxAbsDiff(rowTokens(batch, 1, batch.seqLen), rowTokens(longAlone, 0, batch.seqLen)),
    ).toBeLessThan(1e-5);
  });

  it("is causal: appending tokens leaves earlier positions' states unchanged", async () => {
    const run = async (ids: number[]) => {
      const dims = [1, ids.length];
      const big = (v: number[]) => new ort.Tensor("int64", BigInt64Array.from(v, BigInt), dims);
      const out = await fp32.session.run({
        input_ids: big(ids),
        attention_mask: big(ids.map(() => 1)),
        position_ids: big(ids.map((_, i) => i)),
      });
      return out["last_hidden_state"]?.data as Float32Array;
    };
    const a = await run([258, 198, 263]);
    const b = await run([258, 198, 263, 266, 64]);
    expect(maxAbsDiff(b.slice(0, a.length), a)).toBeLessThan(1e-5);
    // …while the attention mask does change what a position sees.
    const masked = await fp32.session.run({
      input_ids: new ort.Tensor("int64", BigInt64Array.from([258n, 198n, 263n]), [1, 3]),
      attention_mask: new ort.Tensor("int64", BigInt64Array.from([0n, 1n, 1n]), [1, 3]),
      position_ids: new ort.Tensor("int64", BigInt64Array.from([0n, 1n, 2n]), [1, 3]),
    });
    expect(
      maxAbsDiff((masked["last_hidden_state"]?.data as Float32Array).slice(64), a.slice(64)),
    ).toBeGreaterThan(1e-4);
  });

  it("rotary embeddings: a uniform shift of positions changes nothing, other spacings do", async () => {
    const at = async (positions: number[]) =>
      (
        await fp32.session.run({
          input_ids: new ort.Tensor("int64", BigInt64Array.from([258n, 198n, 263n]), [1, 3]),
          attention_mask: new ort.Tensor("int64", BigInt64Array.from([1n, 1n, 1n]), [1, 3]),
          position_ids: new ort.Tensor("int64", BigInt64Array.from(positions, BigInt), [1, 3]),
        })
      )["last_hidden_state"]?.data as Float32Array;
    const base = await at([0, 1, 2]);
    // RoPE scores depend on relative positions only: shifting all of them keeps every state.
    expect(maxAbsDiff(await at([5, 6, 7]), base)).toBeLessThan(1e-4);
    // Spreading them changes what later tokens see (without rotation they would be equal)…
    const spread = await at([0, 3, 6]);
    expect(maxAbsDiff(spread.slice(32), base.slice(32))).toBeGreaterThan(1e-4);
    // …but not the first token, which attends only to itself.
    expect(maxAbsDiff(spread.slice(0, 32), base.slice(0, 32))).toBeLessThan(1e-5);
  });

  it("is deterministic, and the fp16 export matches fp32 to fp16 precision", async () => {
    const a = await fp32.encode([short, long]);
    const b = await fp32.encode([short, long]);
    expect(b.hidden).toEqual(a.hidden);
    const h = await fp16.encode([short, long]);
    expect(h.seqLen).toBe(a.seqLen);
    expect(Array.from(h.mask ?? [])).toEqual(Array.from(a.mask ?? []));
    const diff = maxAbsDiff(h.hidden, a.hidden);
    expect(diff).toBeGreaterThan(0);
    expect(diff).toBeLessThan(0.05);
    const other = await fp32.encode(["气热", long]);
    expect(
      maxAbsDiff(other.hidden.slice(0, 3 * a.dim), a.hidden.slice(0, 3 * a.dim)),
    ).toBeGreaterThan(1e-3);
  });
});
