/*
 * A T5-format tokenizer.json (SentencePiece Unigram as transformers'
 * T5TokenizerFast writes it: <pad>=0, </s>=1, <unk>=2, WhitespaceSplit +
 * Metaspace "▁" prepended, </s> appended by the post-processor) with a
 * small vocabulary, so a built FLUX/SD3 folder's T5 embedding table stays
 * tiny. The real one has 32,100 pieces (+ 28 unused ids up to 32,128).
 */

const WORDS = [
  "a",
  "an",
  "the",
  "of",
  "on",
  "in",
  "and",
  "with",
  "for",
  "poster",
  "photo",
  "product",
  "light",
  "red",
  "blue",
  "white",
  "cup",
  "coffee",
  "tea",
  "hot",
  "pot",
  "table",
  "sale",
  "warmup",
];
const CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?'-:;&()%/";

export interface T5TokenizerFiles {
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
  specialTokensMap: Record<string, unknown>;
  vocabSize: number;
}

const special = (id: number, content: string) => ({
  id,
  content,
  single_word: false,
  lstrip: false,
  rstrip: false,
  normalized: false,
  special: true,
});

const metaspace = { type: "Metaspace", replacement: "▁", prepend_scheme: "always", split: true };

export function t5TokenizerFiles(): T5TokenizerFiles {
  // Unigram picks the segmentation with the best summed log-probability:
  // whole words beat "▁" + letters, which beat bare letters.
  const vocab: [string, number][] = [
    ["<pad>", 0],
    ["</s>", 0],
    ["<unk>", 0],
    ["▁", -2],
  ];
  for (const w of WORDS) vocab.push([`▁${w}`, -4]);
  for (const c of CHARS) vocab.push([`▁${c}`, -6]);
  for (const c of CHARS) vocab.push([c, -7]);
  const eos = { SpecialToken: { id: "</s>", type_id: 0 } };
  const tokenizerJson = {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: [special(0, "<pad>"), special(1, "</s>"), special(2, "<unk>")],
    normalizer: {
      type: "Sequence",
      normalizers: [{ type: "Replace", pattern: { Regex: " {2,}" }, content: " " }],
    },
    pre_tokenizer: { type: "Sequence", pretokenizers: [{ type: "WhitespaceSplit" }, metaspace] },
    post_processor: {
      type: "TemplateProcessing",
      single: [{ Sequence: { id: "A", type_id: 0 } }, eos],
      pair: [
        { Sequence: { id: "A", type_id: 0 } },
        eos,
        { Sequence: { id: "B", type_id: 0 } },
        eos,
      ],
      special_tokens: { "</s>": { id: "</s>", ids: [1], tokens: ["</s>"] } },
    },
    decoder: metaspace,
    model: { type: "Unigram", unk_id: 2, vocab, byte_fallback: false },
  };
  const specialTokensMap = { eos_token: "</s>", pad_token: "<pad>", unk_token: "<unk>" };
  return {
    tokenizerJson,
    tokenizerConfig: {
      ...specialTokensMap,
      additional_special_tokens: [],
      extra_ids: 0,
      legacy: true,
      model_max_length: 512,
      tokenizer_class: "T5Tokenizer",
    },
    specialTokensMap,
    vocabSize: vocab.length,
  };
}
