import { BYTE_ENCODER, byteSymbolsInVocabOrder } from "../../text/byte-encoder";

/**
 * A small tokenizer.json in the format Qwen2/Qwen2.5 (and Qwen-Image's
 * tokenizer/) ship: NFC normalizer, the Qwen2 split regex then ByteLevel,
 * BPE over the 256 byte symbols in GPT-2 order (so "\n" is id 198 as in the
 * real vocabulary), a handful of merges, and the chat special tokens. The
 * real vocabulary has 151,643 BPE entries; ours has 256 + merges, so the
 * special tokens get small ids and the test LLM's embedding table stays tiny.
 */

/** Qwen2's pre-tokenizer pattern, as in its tokenizer.json. */
export const QWEN2_SPLIT_PATTERN =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

const bytes = (text: string): string[] =>
  Array.from(new TextEncoder().encode(text), (b) => BYTE_ENCODER[b] as string);

/**
 * Merges in rank order, in plain text: a pair joins two pieces; a lone CJK
 * character stands for the merges of its three UTF-8 bytes, left to right
 * (how byte-level BPE vocabularies learn a common character).
 */
const MERGE_TEXT: Array<[string, string] | [string]> = [
  ["u", "s"],
  ["us", "e"],
  ["use", "r"],
  ["热"],
  ["气"],
  ["热", "气"],
  [" ", "t"],
  ["e", "a"],
  [" t", "ea"],
];

function byteLevelMerges(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const entry of MERGE_TEXT) {
    if (entry.length === 2) {
      out.push([bytes(entry[0]).join(""), bytes(entry[1]).join("")]);
      continue;
    }
    const [b0, b1, b2] = bytes(entry[0]) as [string, string, string];
    out.push([b0, b1], [b0 + b1, b2]);
  }
  return out;
}

export const QWEN_SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"] as const;

export interface QwenTokenizerFiles {
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
  /** vocabulary size including the special tokens (the test LLM's embedding rows). */
  vocabSize: number;
}

export function qwenTokenizerFiles(): QwenTokenizerFiles {
  const vocab: Record<string, number> = {};
  byteSymbolsInVocabOrder().forEach((s, i) => (vocab[s] = i));
  const merges = byteLevelMerges();
  for (const [a, b] of merges) vocab[a + b] = Object.keys(vocab).length;
  let next = Object.keys(vocab).length;
  const added = QWEN_SPECIAL_TOKENS.map((content) => ({
    id: next++,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
  const byteLevel = { add_prefix_space: false, trim_offsets: false, use_regex: false };
  const tokenizerJson = {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: { type: "NFC" },
    pre_tokenizer: {
      type: "Sequence",
      pretokenizers: [
        {
          type: "Split",
          pattern: { Regex: QWEN2_SPLIT_PATTERN },
          behavior: "Isolated",
          invert: false,
        },
        { type: "ByteLevel", ...byteLevel },
      ],
    },
    post_processor: { type: "ByteLevel", ...byteLevel },
    decoder: { type: "ByteLevel", ...byteLevel },
    model: {
      type: "BPE",
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: "",
      end_of_word_suffix: "",
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      // The space-separated form Qwen2.5's tokenizer.json uses.
      merges: merges.map(([a, b]) => `${a} ${b}`),
    },
  };
  const tokenizerConfig = {
    tokenizer_class: "Qwen2Tokenizer",
    model_max_length: 131072,
    pad_token: "<|endoftext|>",
    eos_token: "<|im_end|>",
    bos_token: null,
    padding_side: "right",
    errors: "replace",
    split_special_tokens: false,
  };
  return { tokenizerJson, tokenizerConfig, vocabSize: next };
}
