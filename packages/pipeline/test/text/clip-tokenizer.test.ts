import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { CLIP_CONTEXT_LENGTH, ClipTokenizer } from "../../src/text";

interface TokenizerCase {
  text: string;
  ids: number[];
}
const casesPath = fileURLToPath(new URL("../../data/clip/tokenizer-cases.json", import.meta.url));
const { cases } = JSON.parse(readFileSync(casesPath, "utf8")) as { cases: TokenizerCase[] };

const tk = ClipTokenizer.bundled();

// Mixed scripts, punctuation, digits, contractions, entities and special tokens.
const textArb = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        "coffee",
        "Sneaker",
        "don't",
        "it's",
        "中秋",
        "月饼",
        "café",
        "!!!",
        "50%",
        "&amp;",
        "<|endoftext|>",
        "  ",
        "\t",
        "ultra-detailed",
        "8k",
        "😀",
      ),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(" "));

describe("ClipTokenizer.bundled", () => {
  it("has the real vocabulary's special ids", () => {
    expect(tk.bosId).toBe(49406);
    expect(tk.eosId).toBe(49407);
    expect(tk.vocabSize).toBe(49408);
    expect(tk.tokenToId("!")).toBe(0);
    expect(tk.tokenToId("cat</w>")).toBe(2368);
    expect(tk.tokenToId("no-such-token")).toBeUndefined();
  });

  it.each(cases.map((c) => [c.text, c.ids] as const))(
    "reproduces the reference ids of %j",
    (text, ids) => {
      expect(tk.encode(text)).toEqual(ids);
      expect(tk.countTokens(text)).toBe(ids.length);
    },
  );

  it("is a cached singleton", () => {
    expect(ClipTokenizer.bundled()).toBe(tk);
  });

  it("maps the special tokens written in text to their ids", () => {
    expect(tk.encode("<|endoftext|>")).toEqual([49406, 49407, 49407]);
  });

  it("encodes the empty string as start + end", () => {
    expect(tk.encode("   ")).toEqual([49406, 49407]);
  });

  it("normalises case, whitespace and HTML entities like the reference", () => {
    expect(tk.encode("A  PHOTO\nof a cat")).toEqual(tk.encode("a photo of a cat"));
    expect(tk.encode("salt &amp; pepper")).toEqual(tk.encode("salt & pepper"));
    expect(tk.encode("salt &amp;amp; pepper")).toEqual(tk.encode("salt & pepper"));
  });
});

describe("encodeForModel", () => {
  const sd15 = { padTokenId: 49407 }; // SD 1.5 pads with <|endoftext|>
  const sd2 = { padTokenId: 0 }; // SD 2.x / SD-Turbo pad with "!"

  it("pads a short prompt to 77 with either pad convention", () => {
    const ref = cases[0] as TokenizerCase;
    for (const opts of [sd15, sd2]) {
      const { ids, truncated } = tk.encodeForModel(ref.text, opts);
      expect(truncated).toBe(false);
      expect(ids).toHaveLength(CLIP_CONTEXT_LENGTH);
      expect(ids.slice(0, ref.ids.length)).toEqual(ref.ids);
      expect(new Set(ids.slice(ref.ids.length))).toEqual(new Set([opts.padTokenId]));
    }
  });

  it("truncates a long prompt keeping the end token last", () => {
    const long = Array.from({ length: 120 }, (_, i) => `word${i}`).join(" ");
    const full = tk.encode(long);
    expect(full.length).toBeGreaterThan(77);
    for (const opts of [sd15, sd2]) {
      const { ids, truncated } = tk.encodeForModel(long, opts);
      expect(truncated).toBe(true);
      expect(ids).toHaveLength(77);
      expect(ids.slice(0, 76)).toEqual(full.slice(0, 76));
      expect(ids[76]).toBe(49407);
    }
  });

  it("does not truncate a prompt of exactly maxLength ids", () => {
    const text = cases[1]!.text;
    const n = tk.countTokens(text);
    const { ids, truncated } = tk.encodeForModel(text, { maxLength: n, padTokenId: 0 });
    expect(truncated).toBe(false);
    expect(ids).toEqual(tk.encode(text));
  });

  it("honours a custom maxLength and rejects a nonsensical one", () => {
    expect(tk.encodeForModel("a photo of a cat", { maxLength: 4, padTokenId: 0 }).ids).toEqual([
      49406, 320, 1125, 49407,
    ]);
    expect(() => tk.encodeForModel("cat", { maxLength: 1, padTokenId: 0 })).toThrow(/maxLength/);
  });

  it("always returns maxLength ids, starting with bos and holding eos (property)", () => {
    fc.assert(
      fc.property(
        textArb,
        fc.integer({ min: 2, max: 80 }),
        fc.constantFrom(0, 49407),
        (text, max, pad) => {
          const { ids, truncated } = tk.encodeForModel(text, { maxLength: max, padTokenId: pad });
          const full = tk.encode(text);
          expect(ids).toHaveLength(max);
          expect(ids[0]).toBe(49406);
          expect(truncated).toBe(full.length > max);
          if (truncated) expect(ids[max - 1]).toBe(49407);
          else expect(ids.slice(0, full.length)).toEqual(full);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("ClipTokenizer.fromFiles", () => {
  const dir = mkdtempSync(join(tmpdir(), "clip-tokenizer-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const { vocab, mergesTxt } = tk.toHuggingFace();
  writeFileSync(join(dir, "vocab.json"), JSON.stringify(vocab));
  writeFileSync(join(dir, "merges.txt"), mergesTxt);
  const hf = ClipTokenizer.fromFiles(join(dir, "vocab.json"), join(dir, "merges.txt"));

  it("reads the same special ids", () => {
    expect([hf.bosId, hf.eosId]).toEqual([49406, 49407]);
  });

  it.each(cases.map((c) => [c.text, c.ids] as const))(
    "gives the reference ids for %j",
    (text, ids) => {
      expect(hf.encode(text)).toEqual(ids);
    },
  );

  it("agrees with bundled() on arbitrary text (property)", () => {
    fc.assert(
      fc.property(textArb, (text) => {
        expect(hf.encode(text)).toEqual(tk.encode(text));
      }),
      { numRuns: 300 },
    );
  });

  it("rejects a vocabulary without the special tokens", () => {
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ a: 0 }));
    expect(() => ClipTokenizer.fromFiles(join(dir, "bad.json"), join(dir, "merges.txt"))).toThrow(
      /startoftext/,
    );
  });
});
