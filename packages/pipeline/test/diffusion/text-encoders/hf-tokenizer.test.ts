import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { qwenTokenizerFiles } from "../../../src/diffusion/builder/qwen-tokenizer";
import { ModelFolderError } from "../../../src/diffusion/model-folder";
import { loadHfTokenizer } from "../../../src/diffusion/tokenizers/hf";

/*
 * The fixture is a tokenizer.json in Qwen2's real format (NFC, the Qwen2
 * split regex, ByteLevel, BPE with space-separated merges, chat special
 * tokens). Expected ids are worked out by hand from its table:
 *   ids 0..255 are the byte symbols in GPT-2 order (printable 0x21–0x7E → 0–93,
 *   0xA1–0xAC → 94–105, 0xAE–0xFF → 106–187, then 0x00–0x20 → 188–220,
 *   0x7F–0xA0 → 221–254, 0xAD → 255), so "\n" (0x0A) = 198 as in the real
 *   Qwen vocabulary, "a" (0x61) = 64;
 *   merges, in rank order, get 256…: u+s 256, us+e 257, use+r 258 ("user"),
 *   热 = E7 83 AD: ç+ĥ 259, çĥ+Ń 260; 气 = E6 B0 94: æ+° 261, æ°+Ķ 262;
 *   热+气 263; Ġ+t 264, e+a 265, Ġt+ea 266 (" tea");
 *   specials: <|endoftext|> 267, <|im_start|> 268, <|im_end|> 269.
 *   腾 = E8 85 BE has no merge: è (0xE8) 106+58 = 164, ħ (0x85) 221+6 = 227,
 *   ¾ (0xBE) 106+16 = 122.
 */

const root = mkdtempSync(join(tmpdir(), "hp-hf-tok-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function writeFixture(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const files = qwenTokenizerFiles();
  writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(files.tokenizerJson));
  writeFileSync(join(dir, "tokenizer_config.json"), JSON.stringify(files.tokenizerConfig));
  return dir;
}

const 腾 = [164, 227, 122];

describe("loadHfTokenizer on a Qwen2-format byte-level BPE tokenizer.json", () => {
  const tok = loadHfTokenizer(writeFixture("qwen"));

  it("applies merges by rank, Chinese included, and leaves unmerged characters as bytes", () => {
    expect(tok.encode("user")).toEqual([258]);
    expect(tok.encode("热气腾腾")).toEqual([263, ...腾, ...腾]);
    // 气热: no 气+热 merge, each character whole.
    expect(tok.encode("气热")).toEqual([262, 260]);
    expect(tok.encode("a tea")).toEqual([64, 266]);
  });

  it("maps the chat special tokens and keeps the split regex's newline pieces", () => {
    expect(tok.encode("<|im_start|>user\n热气<|im_end|>\n")).toEqual([
      268, 258, 198, 263, 269, 198,
    ]);
    expect(tok.padTokenId).toBe(267);
    expect(qwenTokenizerFiles().vocabSize).toBe(270);
  });

  it("NFC-normalises before splitting (a decomposed é is the same ids as the composed one)", () => {
    expect(tok.encode("e\u0301")).toEqual(tok.encode("\u00e9"));
    // é = C3 A9: Ã (0xC3) 106+21 = 127, © (0xA9) 94+8 = 102
    expect(tok.encode("\u00e9")).toEqual([127, 102]);
  });

  it("names the file when tokenizer.json is missing", () => {
    const empty = join(root, "empty");
    mkdirSync(empty);
    expect(() => loadHfTokenizer(empty, "tokenizer")).toThrow(ModelFolderError);
    expect(() => loadHfTokenizer(empty, "tokenizer")).toThrow(
      /tokenizer\/tokenizer.json: file is missing/,
    );
  });
});
