import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { bpeWord, pairKey, WORD_END, type MergeRanks } from "./bpe";
import { byteSymbolsInVocabOrder, encodeBytes } from "./byte-encoder";
import { cleanClipText } from "./text-cleaning";

export const START_OF_TEXT = "<|startoftext|>";
export const END_OF_TEXT = "<|endoftext|>";
/** CLIP text encoders read this many positions (start and end included). */
export const CLIP_CONTEXT_LENGTH = 77;

// Same pattern as OpenAI's simple_tokenizer.py; the text is lower-cased first,
// so the reference's IGNORECASE only matters for the special tokens.
const PRE_TOKEN =
  /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+/giu;

// The reference keeps exactly the first 48,894 merges of the 262k-line file
// (49152 - 256 - 2): with 2 × 256 byte symbols and 2 specials that is 49,408 ids.
const BUNDLED_MERGE_COUNT = 49152 - 256 - 2;

const BUNDLED_VOCAB_URL = new URL("../../data/clip/bpe_simple_vocab_16e6.txt.gz", import.meta.url);

export interface EncodeForModelOptions {
  /** Positions the text encoder reads; CLIP uses 77. */
  maxLength?: number;
  /**
   * From the model's tokenizer config: SD 1.5 pads with <|endoftext|> (49407),
   * SD 2.x / SD-Turbo with "!" (0).
   */
  padTokenId: number;
}

/**
 * CLIP BPE tokenizer (OpenAI's simple_tokenizer), reproducing its ids exactly.
 * Immutable apart from a memo of BPE results per pre-token.
 */
export class ClipTokenizer {
  readonly bosId: number;
  readonly eosId: number;
  readonly vocabSize: number;
  private readonly encoder: ReadonlyMap<string, number>;
  private readonly ranks: MergeRanks;
  private readonly merges: ReadonlyArray<readonly [string, string]>;
  private readonly cache = new Map<string, number[]>();

  private static bundledInstance: ClipTokenizer | undefined;

  private constructor(
    encoder: Map<string, number>,
    merges: ReadonlyArray<readonly [string, string]>,
  ) {
    const bos = encoder.get(START_OF_TEXT);
    const eos = encoder.get(END_OF_TEXT);
    if (bos === undefined || eos === undefined) {
      throw new Error(`The CLIP vocabulary lacks ${START_OF_TEXT} or ${END_OF_TEXT}.`);
    }
    this.encoder = encoder;
    this.merges = merges;
    this.ranks = ranksOf(merges);
    this.bosId = bos;
    this.eosId = eos;
    this.vocabSize = encoder.size;
  }

  /** The vocabulary shipped in packages/pipeline/data/clip (OpenAI CLIP, MIT). */
  static bundled(): ClipTokenizer {
    ClipTokenizer.bundledInstance ??= ClipTokenizer.fromMergeList(
      readBundledMerges(fileURLToPath(BUNDLED_VOCAB_URL)),
    );
    return ClipTokenizer.bundledInstance;
  }

  /** Builds the vocabulary the way the reference does: bytes, bytes + `</w>`, merges, specials. */
  static fromMergeList(merges: ReadonlyArray<readonly [string, string]>): ClipTokenizer {
    const symbols = byteSymbolsInVocabOrder();
    const vocab = [...symbols, ...symbols.map((s) => s + WORD_END)];
    for (const [a, b] of merges) vocab.push(a + b);
    vocab.push(START_OF_TEXT, END_OF_TEXT);
    const encoder = new Map<string, number>();
    vocab.forEach((token, id) => encoder.set(token, id));
    return new ClipTokenizer(encoder, merges);
  }

  /** A Hugging Face `tokenizer/` folder: vocab.json (token → id) and merges.txt. */
  static fromFiles(vocabJsonPath: string, mergesTxtPath: string): ClipTokenizer {
    const parsed: unknown = JSON.parse(readFileSync(vocabJsonPath, "utf8"));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new Error(`${vocabJsonPath} must be a JSON object mapping tokens to ids.`);
    }
    const encoder = new Map<string, number>();
    for (const [token, id] of Object.entries(parsed)) {
      if (typeof id !== "number" || !Number.isInteger(id)) {
        throw new Error(`${vocabJsonPath}: the id of ${JSON.stringify(token)} is not an integer.`);
      }
      encoder.set(token, id);
    }
    const merges = parseMergeLines(readFileSync(mergesTxtPath, "utf8").split("\n"));
    return new ClipTokenizer(encoder, merges);
  }

  /** <|startoftext|> + tokens + <|endoftext|>, no padding and no truncation. */
  encode(text: string): number[] {
    const ids = [this.bosId];
    for (const match of cleanClipText(text).matchAll(PRE_TOKEN)) {
      for (const id of this.encodePreToken(match[0])) ids.push(id);
    }
    ids.push(this.eosId);
    return ids;
  }

  /** Exactly `maxLength` ids; on truncation the end token stays last, as in transformers. */
  encodeForModel(text: string, opts: EncodeForModelOptions): { ids: number[]; truncated: boolean } {
    const maxLength = opts.maxLength ?? CLIP_CONTEXT_LENGTH;
    if (!Number.isInteger(maxLength) || maxLength < 2) {
      throw new Error(`maxLength must be an integer of at least 2, got ${maxLength}.`);
    }
    const ids = this.encode(text);
    if (ids.length > maxLength) {
      return { ids: [...ids.slice(0, maxLength - 1), this.eosId], truncated: true };
    }
    while (ids.length < maxLength) ids.push(opts.padTokenId);
    return { ids, truncated: false };
  }

  /** The vocabulary in Hugging Face's layout (vocab.json object, merges.txt lines). */
  toHuggingFace(): { vocab: Record<string, number>; mergesTxt: string } {
    const vocab: Record<string, number> = {};
    for (const [token, id] of this.encoder) vocab[token] = id;
    const lines = ["#version: 0.2", ...this.merges.map(([a, b]) => `${a} ${b}`)];
    return { vocab, mergesTxt: lines.join("\n") + "\n" };
  }

  tokenToId(token: string): number | undefined {
    return this.encoder.get(token);
  }

  countTokens(text: string): number {
    return this.encode(text).length;
  }

  private encodePreToken(preToken: string): number[] {
    const cached = this.cache.get(preToken);
    if (cached) return cached;
    let ids: number[];
    if (preToken === START_OF_TEXT || preToken === END_OF_TEXT) {
      ids = [preToken === START_OF_TEXT ? this.bosId : this.eosId];
    } else {
      ids = bpeWord(encodeBytes(preToken), this.ranks).map((symbol) => {
        const id = this.encoder.get(symbol);
        if (id === undefined)
          throw new Error(`BPE symbol ${JSON.stringify(symbol)} is not in the vocabulary.`);
        return id;
      });
    }
    // Bounded so a long-running worker fed arbitrary text cannot grow it forever.
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(preToken, ids);
    return ids;
  }
}

function ranksOf(merges: ReadonlyArray<readonly [string, string]>): Map<string, number> {
  const ranks = new Map<string, number>();
  merges.forEach(([a, b], rank) => ranks.set(pairKey(a, b), rank));
  return ranks;
}

function parseMergeLines(lines: readonly string[]): Array<[string, string]> {
  const merges: Array<[string, string]> = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#version")) continue;
    const parts = line.split(/\s+/);
    if (parts.length !== 2) throw new Error(`Malformed merge line: ${JSON.stringify(raw)}`);
    merges.push([parts[0] as string, parts[1] as string]);
  }
  return merges;
}

function readBundledMerges(path: string): Array<[string, string]> {
  const lines = gunzipSync(readFileSync(path)).toString("utf8").split("\n");
  // Line 0 is the "#version" header; the reference slices [1 : 1 + 48894].
  return parseMergeLines(lines.slice(1, 1 + BUNDLED_MERGE_COUNT));
}
