import type { ClipTextConfig } from "../component-configs";
import type { ElemType, GraphBuilder } from "./graph";
import { clipEncoderLayer } from "./clip-layer";
import { layerNorm, linear } from "./layers";

export interface ClipTextIo {
  /** Float outputs' dtype (fp16 exports return fp16 hidden states). */
  outputType: ElemType;
  /** CLIPTextModelWithProjection (SDXL's text_encoder_2): adds text_embeds. */
  withProjection: boolean;
  /** SDXL pipelines read the penultimate layer: export hidden_states.0..L like optimum does. */
  hiddenStates: boolean;
}

/**
 * transformers' CLIPTextModel: token + position embeddings, pre-LN encoder
 * layers with a causal mask, final LayerNorm, pooled output at the EOS
 * token (the largest id, as transformers' legacy argmax does).
 */
export function buildClipText(g: GraphBuilder, cfg: ClipTextConfig, io: ClipTextIo): void {
  const d = cfg.hidden_size;
  const maxLen = cfg.max_position_embeddings;
  const ids = g.input("input_ids", "int64", ["batch_size", "sequence_length"]);
  const cast = (v: string): string =>
    io.outputType === "float32" ? v : g.node("Cast", [v], { to: 10 });

  const tokenTable = g.param("text_model.embeddings.token_embedding.weight", [cfg.vocab_size, d], {
    kind: "normal",
    std: 0.02,
  });
  const posTable = g.param("text_model.embeddings.position_embedding.weight", [maxLen, d], {
    kind: "normal",
    std: 0.01,
  });
  const seqLen = g.node("Gather", [g.node("Shape", [ids]), g.constInt64([1])], { axis: 0 });
  const zero = g.constInt64([0]);
  const positions = g.node("Slice", [posTable, zero, seqLen, zero]);
  let h = g.node("Add", [g.node("Gather", [tokenTable, ids], { axis: 0 }), positions]);

  const mask = new Float32Array(maxLen * maxLen);
  for (let i = 0; i < maxLen; i++)
    for (let j = i + 1; j < maxLen; j++) mask[i * maxLen + j] = -3.4028234663852886e38;
  const fullMask = g.constFloat(mask, [maxLen, maxLen]);
  const causal = g.node("Slice", [
    fullMask,
    g.constInt64([0, 0]),
    g.node("Concat", [seqLen, seqLen], { axis: 0 }),
    g.constInt64([0, 1]),
  ]);

  const hidden: string[] = [h];
  for (let i = 0; i < cfg.num_hidden_layers; i++) {
    const name = `text_model.encoder.layers.${i}`;
    h = clipEncoderLayer(g, h, cfg, name, causal);
    hidden.push(h);
  }
  const last = layerNorm(g, h, d, cfg.layer_norm_eps, "text_model.final_layer_norm");

  // pooled[b] = last[b, argmax(ids[b])]: flatten to [B·L, D] and gather b·L + argmax.
  const eosPos = g.node("ArgMax", [ids], { axis: 1, keepdims: 0 });
  const batch = g.node("Gather", [g.node("Shape", [ids]), zero], { axis: 0 });
  const rows = g.node("Range", [
    g.constInt64([0], []),
    g.node("Squeeze", [batch]),
    g.constInt64([1], []),
  ]);
  const rowStart = g.node("Mul", [rows, g.node("Squeeze", [seqLen])]);
  const flat = g.node("Reshape", [last, g.constInt64([-1, d])]);
  const pooled = g.node("Gather", [flat, g.node("Add", [rowStart, eosPos])], { axis: 0 });

  if (io.withProjection) {
    const projDim = cfg.projection_dim ?? d;
    const textEmbeds = linear(g, pooled, d, projDim, "text_projection", false);
    g.output("text_embeds", io.outputType, ["batch_size", projDim], cast(textEmbeds));
    g.output("last_hidden_state", io.outputType, ["batch_size", "sequence_length", d], cast(last));
  } else {
    g.output("last_hidden_state", io.outputType, ["batch_size", "sequence_length", d], cast(last));
    g.output("pooler_output", io.outputType, ["batch_size", d], cast(pooled));
  }
  if (io.hiddenStates) {
    hidden.forEach((v, i) =>
      g.output(`hidden_states.${i}`, io.outputType, ["batch_size", "sequence_length", d], cast(v)),
    );
  }
}
