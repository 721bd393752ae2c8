import { AppError, type BriefInput } from "@hyperposter/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EN_STOP_WORDS,
  englishContentWords,
  LEXICON,
  rephrase,
  segmentHanRun,
  ZH_STOP_WORDS,
} from "../../src/rephraser";
import { ClipTokenizer } from "../../src/text";
import { CJK_ANYWHERE, containsTerm, presetNamed, untranslatedTerms } from "./helpers";

const tk = ClipTokenizer.bundled();
const unique = (xs: string[]) => [...new Set(xs)];
const stopWords = [...EN_STOP_WORDS];

// Real-looking words plus random letter strings, so the property is not fitted to a word list.
const contentWord = fc.oneof(
  fc.constantFrom(
    "coffee",
    "sneaker",
    "velvet",
    "golden",
    "neon-lit",
    "8k",
    "café",
    "brûlée",
    "retro",
    "sunset",
    "crispy",
    "lantern",
    "mountain",
    "minimalist",
    "sparkling",
    "ultra-detailed",
    "bottle",
    "leather",
    "kid's",
    "jade",
    "ocean",
    "vintage",
    "pastel",
    "festival",
    "rooftop",
    "35mm",
    "matte",
    "x-ray",
  ),
  fc.stringMatching(/^[a-z]{2,12}$/),
);
const word = fc.oneof(
  { weight: 3, arbitrary: contentWord },
  { weight: 1, arbitrary: fc.constantFrom(...stopWords) },
);
const separator = fc.constantFrom(" ", " ", " ", ", ", "; ", " - ", "! ");
const phrase = (max: number) =>
  fc
    .array(fc.tuple(word, separator), { minLength: 1, maxLength: max, size: "max" })
    .map((parts) =>
      parts
        .map(([w, s]) => w + s)
        .join("")
        .trim(),
    )
    .filter((s) => s.length > 0 && /[\p{L}\p{N}]/u.test(s));

const formats = fc.subarray(
  ["instagram-square", "story", "banner-leaderboard", "print-a4"] as const,
  { minLength: 1 },
);

const enBrief = fc.record({
  language: fc.constant("en" as const),
  product: phrase(16).map((s) => s.slice(0, 200)),
  style: fc.option(
    phrase(16).map((s) => s.slice(0, 300)),
    { nil: undefined },
  ),
  offer: fc.option(phrase(6), { nil: undefined }),
  formats,
});

/** The subject in its most compact form: unique content words per field. */
function compactTokens(b: { product: string; style?: string | undefined }): number {
  const fields = [b.product, b.style ?? ""].map((t) => unique(englishContentWords(t)).join(" "));
  return tk.countTokens(fields.filter(Boolean).join(", ")) - 2;
}

describe("English briefs (property)", () => {
  it("keep every content word of product and style, or are refused naming the field", async () => {
    const preset = presetNamed("stride");
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(enBrief, async (b: BriefInput) => {
        const overBudget = compactTokens(b) > 60;
        try {
          const r = await rephrase(b, preset);
          expect(overBudget).toBe(false);
          for (const w of englishContentWords(`${b.product} ${b.style ?? ""}`)) {
            expect(containsTerm(r.prompt, w), w).toBe(true);
          }
          expect(r.tokenCount).toBeLessThanOrEqual(77);
          expect(tk.countTokens(r.prompt)).toBe(r.tokenCount);
          expect(r.prompt).not.toMatch(CJK_ANYWHERE);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          refused++;
          expect(overBudget).toBe(true);
          expect(error.code).toBe("BAD_REQUEST");
          expect(["product", "style"]).toContain(error.field);
          expect(error.message).toContain(error.field as string);
        }
      }),
      { numRuns: 250 },
    );
    // Both paths must have been exercised for the property to mean anything.
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(250);
  });
});

const lexiconKeys = [...LEXICON.keys()];
// Common characters that are not lexicon keys on their own.
const unknownWords = [
  "送礼",
  "上班族",
  "口味",
  "优惠",
  "尽享",
  "伙伴",
  "朋友们",
  "周末",
  "办公",
  "学生党",
  "打工人",
];
const zhPiece = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...lexiconKeys) },
  { weight: 1, arbitrary: fc.constantFrom(...unknownWords) },
  { weight: 1, arbitrary: fc.constantFrom(...ZH_STOP_WORDS) },
);
const zhPhrase = (max: number) =>
  fc
    .array(fc.tuple(zhPiece, fc.constantFrom("", "", "，", "、", " ")), {
      minLength: 1,
      maxLength: max,
    })
    .map((parts) =>
      parts
        .map(([w, s]) => w + s)
        .join("")
        .replace(/[，、 ]+$/u, ""),
    );

const zhBrief = fc.record({
  language: fc.constant("zh" as const),
  product: zhPhrase(5),
  style: fc.option(zhPhrase(5), { nil: undefined }),
  formats,
});

describe("Chinese briefs (property)", () => {
  it("render covered terms in English, list uncovered ones, and send no CJK to CLIP", async () => {
    const preset = presetNamed("jade-moon");
    await fc.assert(
      fc.asyncProperty(zhBrief, async (b) => {
        const r = await rephrase(b, preset);
        expect(r.prompt).not.toMatch(CJK_ANYWHERE);
        expect(r.tokenCount).toBeLessThanOrEqual(77);
        const untranslated = untranslatedTerms(r);
        for (const run of `${b.product} ${b.style ?? ""}`.match(/\p{Script=Han}+/gu) ?? []) {
          const segs = segmentHanRun(run);
          // Segmentation loses nothing: the segments spell the run back.
          expect(segs.map((s) => s.text).join("")).toBe(run);
          for (const s of segs) {
            if (s.kind === "term") expect(containsTerm(r.prompt, s.entry.en), s.text).toBe(true);
            if (s.kind === "unknown") expect(untranslated).toContain(s.text);
          }
        }
        for (const c of r.copyCandidates) expect(c.headline).toMatch(/\p{Script=Han}/u);
      }),
      { numRuns: 200 },
    );
  });

  it("render every lexicon entry used alone as the product", async () => {
    const preset = presetNamed("fresh-leaf");
    for (const [zh, entry] of LEXICON) {
      const r = await rephrase({ language: "zh", product: zh, formats: ["story"] }, preset);
      expect(r.prompt.startsWith(entry.en), zh).toBe(true);
    }
  });
});
