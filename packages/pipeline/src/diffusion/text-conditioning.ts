import type * as ort from "onnxruntime-node";
import { ClipTokenizer } from "../text/clip-tokenizer";
import type { ModelFolder, TokenizerFiles } from "./model-folder";
import { ModelFolderError } from "./model-folder";
import { inputSpecs, makeFeed, readFloat } from "./onnx/tensors";

export interface PromptTokenizer {
  tokenizer: ClipTokenizer;
  padTokenId: number;
  maxLength: number;
}

export function loadPromptTokenizer(
  files: TokenizerFiles,
  folder: Pick<ModelFolder, "dir">,
  maxLength: number,
): PromptTokenizer {
  const tokenizer = ClipTokenizer.fromFiles(files.vocabJson, files.mergesTxt);
  const padTokenId = tokenizer.tokenToId(files.padToken);
  if (padTokenId === undefined) {
    const sub = files.dir.slice(folder.dir.length).replace(/^\/+/, "");
    throw new ModelFolderError(
      `${sub}/tokenizer_config.json`,
      `pad_token ${JSON.stringify(files.padToken)} is not in vocab.json`,
    );
  }
  return { tokenizer, padTokenId, maxLength };
}

export interface EncodedText {
  /** [rows, seq, dim] hidden states the UNet cross-attends to. */
  hidden: Float32Array;
  seqLen: number;
  dim: number;
  /** [rows, dim] pooled/projected embedding (SDXL's text_embeds), when the encoder has one. */
  pooled?: Float32Array;
  pooledDim?: number;
}

function tokenFeeds(
  session: ort.InferenceSession,
  tok: PromptTokenizer,
  texts: string[],
): Record<string, ort.Tensor> {
  const spec = inputSpecs(session).get("input_ids");
  if (!spec) throw new Error("text encoder has no input_ids input");
  const ids: number[] = [];
  for (const text of texts)
    ids.push(
      ...tok.tokenizer.encodeForModel(text, {
        maxLength: tok.maxLength,
        padTokenId: tok.padTokenId,
      }).ids,
    );
  return { input_ids: makeFeed(spec, ids, [texts.length, tok.maxLength]) };
}

/**
 * SD 1.x/2.x's last_hidden_state left where the encoder computed it (a
 * webgpu GPU buffer when the session asked for one), for the UNet to read
 * without a round trip through the host. The caller disposes the tensor.
 */
export async function encodeTextsToTensor(
  session: ort.InferenceSession,
  tok: PromptTokenizer,
  texts: string[],
): Promise<ort.Tensor> {
  const out = await session.run(tokenFeeds(session, tok, texts));
  const hidden = out["last_hidden_state"];
  if (!hidden) throw new Error("model output last_hidden_state is missing");
  for (const [name, tensor] of Object.entries(out))
    if (name !== "last_hidden_state" && tensor.location === "gpu-buffer") tensor.dispose();
  return hidden;
}

/**
 * Runs a CLIP text encoder on `texts` (one row each). `layer` picks the
 * output: "last" (SD 1.x/2.x: last_hidden_state) or "penultimate" (SDXL:
 * hidden_states[-2], pre final LayerNorm, as diffusers does).
 */
export async function encodeTexts(
  session: ort.InferenceSession,
  tok: PromptTokenizer,
  texts: string[],
  layer: "last" | "penultimate",
  numLayers: number,
): Promise<EncodedText> {
  const out = await session.run(tokenFeeds(session, tok, texts));
  const hiddenName = layer === "last" ? "last_hidden_state" : `hidden_states.${numLayers - 1}`;
  const hiddenTensor = out[hiddenName];
  const hidden = readFloat(hiddenTensor, hiddenName);
  const dims = hiddenTensor?.dims ?? [];
  const result: EncodedText = { hidden, seqLen: Number(dims[1]), dim: Number(dims[2]) };
  const pooledTensor = out["text_embeds"] ?? out["pooler_output"];
  if (pooledTensor) {
    result.pooled = readFloat(pooledTensor, "text_embeds");
    result.pooledDim = Number(pooledTensor.dims[1]);
  }
  return result;
}

/** Concatenates [rows, seq, a] and [rows, seq, b] along the feature axis (SDXL's two encoders). */
export function concatFeatures(a: EncodedText, b: EncodedText): Float32Array {
  const rows = a.hidden.length / (a.seqLen * a.dim);
  const out = new Float32Array(rows * a.seqLen * (a.dim + b.dim));
  let o = 0;
  for (let r = 0; r < rows * a.seqLen; r++) {
    out.set(a.hidden.subarray(r * a.dim, (r + 1) * a.dim), o);
    o += a.dim;
    out.set(b.hidden.subarray(r * b.dim, (r + 1) * b.dim), o);
    o += b.dim;
  }
  return out;
}

/** Repeats each row `times` times in place order: [r0, r0, …, r1, r1, …] like diffusers' repeat_interleave. */
export function repeatRows(values: Float32Array, rows: number, times: number): Float32Array {
  const rowSize = values.length / rows;
  const out = new Float32Array(values.length * times);
  for (let r = 0; r < rows; r++) {
    const row = values.subarray(r * rowSize, (r + 1) * rowSize);
    for (let k = 0; k < times; k++) out.set(row, (r * times + k) * rowSize);
  }
  return out;
}
