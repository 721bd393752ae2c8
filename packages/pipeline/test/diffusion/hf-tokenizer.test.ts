import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadHfTokenizer } from "../../src/diffusion/tokenizers/hf";

/*
 * fixtures/t5-tokenizer is a tokenizer.json in the layout of T5 v1.1's
 * (FLUX.1 tokenizer_2/, SD3 tokenizer_3/): Unigram model with scores,
 * WhitespaceSplit + Metaspace("▁", prepend always) pre-tokenizer, a
 * TemplateProcessing post-processor appending </s>, pad <pad> = 0, unk
 * <unk> = 2. Its vocabulary is small so every expected id sequence below is
 * the Viterbi path worked out by hand from the scores (sum of log-probs,
 * highest wins; an unknown character costs min score − 10 = −17).
 */
const dir = join(import.meta.dirname, "fixtures", "t5-tokenizer");

describe("loadHfTokenizer on a T5 (SentencePiece Unigram) tokenizer.json", () => {
  const tok = loadHfTokenizer(dir);

  it("reads the model type and the pad token from the folder's configs", () => {
    expect(tok.modelType).toBe("Unigram");
    expect(tok.padToken).toBe("<pad>");
    expect(tok.padTokenId).toBe(0);
  });

  it("segments words by the best-scoring path and appends </s>", () => {
    expect(tok.encode("a red car")).toEqual([4, 5, 6, 1]);
    // ▁hotpot (−7) beats ▁hot + pot (−10)
    expect(tok.encode("hotpot")).toEqual([15, 1]);
    // ▁red + d (−9) beats ▁re + d + d (−14.5)
    expect(tok.encode("redd")).toEqual([5, 9, 1]);
    // ▁car + e + d (−14) beats ▁ + c + a + r + e + d (−27)
    expect(tok.encode("cared")).toEqual([6, 8, 9, 1]);
    expect(tok.encode("the red car, on the road")).toEqual([18, 5, 6, 20, 17, 18, 19, 1]);
  });

  it("collapses runs of spaces and maps an unknown character to <unk>", () => {
    expect(tok.encode("red   car")).toEqual([5, 6, 1]);
    expect(tok.encode("red z")).toEqual([5, 3, 2, 1]);
  });

  it("pads on the right with <pad> and masks the padding", () => {
    expect(tok.encodePadded("a red car", 8)).toEqual({
      ids: [4, 5, 6, 1, 0, 0, 0, 0],
      attentionMask: [1, 1, 1, 1, 0, 0, 0, 0],
    });
  });

  it("truncates the text's tokens and keeps the closing </s>", () => {
    expect(tok.encodePadded("the red car, on the road", 4)).toEqual({
      ids: [18, 5, 6, 1],
      attentionMask: [1, 1, 1, 1],
    });
    expect(() => tok.encodePadded("a", 0)).toThrow(/positive integer/);
  });

  it("decodes back to the text", () => {
    expect(tok.decode(tok.encode("the red car, on the road"))).toBe("the red car, on the road");
  });

  it("names the file when the folder has no tokenizer.json", () => {
    expect(() => loadHfTokenizer(join(dir, "missing"))).toThrow(/tokenizer\.json: file is missing/);
  });
});
