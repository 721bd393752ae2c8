import { Rephrased } from "@hyperposter/domain";
import { describe, expect, it } from "vitest";
import { englishContentWords, lookupTerm, rephrase, segmentHanRun } from "../../src/rephraser";
import { ClipTokenizer } from "../../src/text";
import { CJK_ANYWHERE, containsTerm, EXAMPLES, loadExample } from "./helpers";

const tk = ClipTokenizer.bundled();

/** Subject terms computed straight from the brief: English content words or lexicon renderings. */
function expectedSubjectTerms(text: string): string[] {
  if (!/\p{Script=Han}/u.test(text)) return englishContentWords(text);
  const terms: string[] = [];
  for (const run of text.match(/\p{Script=Han}+/gu) ?? []) {
    for (const seg of segmentHanRun(run)) if (seg.kind === "term") terms.push(seg.entry.en);
  }
  return terms;
}

describe.each(EXAMPLES)("example %s", (name) => {
  const { brief, preset } = loadExample(name);
  const resultPromise = rephrase(brief, preset);

  it("matches the Rephrased schema and fits 77 CLIP ids", async () => {
    const r = await resultPromise;
    expect(Rephrased.safeParse(r).success).toBe(true);
    expect(r.tokenCount).toBe(tk.countTokens(r.prompt));
    expect(r.tokenCount).toBeLessThanOrEqual(77);
    expect(tk.countTokens(r.negativePrompt)).toBeLessThanOrEqual(77);
    expect(r.backend).toBe("rules");
  });

  it("keeps every subject term of product and style, first", async () => {
    const r = await resultPromise;
    const terms = [
      ...expectedSubjectTerms(brief.product),
      ...expectedSubjectTerms(brief.style ?? ""),
    ];
    expect(terms.length).toBeGreaterThan(2);
    for (const term of terms) expect(containsTerm(r.prompt, term), term).toBe(true);
    const firstTerm = terms[0] as string;
    expect(r.prompt.toLowerCase().indexOf(firstTerm)).toBeLessThan(5);
  });

  it("sends no CJK to CLIP and writes the copy in the brief's language", async () => {
    const r = await resultPromise;
    expect(r.prompt).not.toMatch(CJK_ANYWHERE);
    expect(r.negativePrompt).not.toMatch(CJK_ANYWHERE);
    for (const c of r.copyCandidates) {
      for (const line of [c.headline, c.subline, c.cta]) {
        if (!line) continue;
        if (brief.language === "zh") expect(line).toMatch(/\p{Script=Han}/u);
        else expect(line).not.toMatch(CJK_ANYWHERE);
      }
    }
  });

  it("keeps user copy verbatim and offers distinct candidates when it writes copy", async () => {
    const r = await resultPromise;
    expect(r.copy).toEqual(r.copyCandidates[0]);
    for (const c of r.copyCandidates) {
      if (brief.headline) expect(c.headline).toBe(brief.headline);
      if (brief.subline) expect(c.subline).toBe(brief.subline);
      if (brief.cta) expect(c.cta).toBe(brief.cta);
    }
    const generates = !brief.headline || !brief.subline || !brief.cta;
    const distinct = new Set(r.copyCandidates.map((c) => JSON.stringify(c))).size;
    expect(distinct).toBe(r.copyCandidates.length);
    if (generates) expect(distinct).toBeGreaterThanOrEqual(3);
  });

  it("puts text, letters and watermark plus the brand negatives in the negative prompt", async () => {
    const r = await resultPromise;
    for (const t of ["text", "letters", "watermark"])
      expect(containsTerm(r.negativePrompt, t)).toBe(true);
    for (const n of preset.negative ?? []) {
      const en = /\p{Script=Han}/u.test(n) ? lookupTerm(n)?.en : n;
      expect(en && containsTerm(r.negativePrompt, en), n).toBe(true);
    }
  });

  it("names the brand colors and adds the calm text area", async () => {
    const r = await resultPromise;
    expect(r.prompt).toMatch(/color palette/);
    expect(r.prompt).toMatch(/negative space/);
    expect(r.trace.some((t) => t.slot === "palette" && t.action === "added")).toBe(true);
  });

  it("is deterministic", async () => {
    expect(await rephrase(brief, preset)).toEqual(await resultPromise);
  });
});

describe("example specifics", () => {
  it("names #3B2314 dark chocolate brown for the roastery", async () => {
    const { brief, preset } = loadExample("coffee-en");
    const r = await rephrase(brief, preset);
    expect(r.prompt).toContain("dark chocolate brown");
  });

  it("renders the mooncake brief through the lexicon", async () => {
    const { brief, preset } = loadExample("mooncake-zh");
    const r = await rephrase(brief, preset);
    for (const t of [
      "mid-autumn festival",
      "mooncakes",
      "gift box",
      "traditional chinese style",
      "lanterns",
    ]) {
      expect(r.prompt).toContain(t);
    }
  });

  it("writes banner-length copy for the sneaker brief, which includes a 300×250 banner", async () => {
    const { brief, preset } = loadExample("sneaker-en");
    const r = await rephrase(brief, preset);
    for (const c of r.copyCandidates) {
      expect(c.headline.length).toBeLessThanOrEqual(24);
      expect(c.cta.length).toBeLessThanOrEqual(14);
    }
    const social = await rephrase({ ...brief, formats: ["instagram-portrait"] }, preset);
    expect(Math.max(...social.copyCandidates.map((c) => c.headline.length))).toBeGreaterThan(24);
  });
});
