import { z } from "zod";

/**
 * The config.json keys of a Qwen2-architecture decoder (transformers'
 * Qwen2Config; Qwen2.5-VL's text_config has the same names), as optimum
 * copies it beside an exported text_encoder/model.onnx.
 */
export const llmConfigSchema = z.object({
  architectures: z.array(z.string()).optional(),
  model_type: z.string().default("qwen2"),
  vocab_size: z.number().int().positive(),
  hidden_size: z.number().int().positive(),
  intermediate_size: z.number().int().positive(),
  num_hidden_layers: z.number().int().positive(),
  num_attention_heads: z.number().int().positive(),
  num_key_value_heads: z.number().int().positive(),
  max_position_embeddings: z.number().int().positive().default(32768),
  rms_norm_eps: z.number().positive().default(1e-6),
  rope_theta: z.number().positive().default(1000000),
  hidden_act: z.literal("silu").default("silu"),
});
export type LlmConfig = z.infer<typeof llmConfigSchema>;

/** Model types whose text encoder is a decoder-only LLM (last hidden states under a chat template). */
export const LLM_MODEL_TYPES = ["qwen2", "qwen2_5_vl", "qwen2_5_vl_text", "qwen3"] as const;
