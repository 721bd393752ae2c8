import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LEXICON, LEXICON_CATEGORIES, segmentHanRun } from "../../src/rephraser";
import { CJK_ANYWHERE } from "./helpers";

describe("bilingual visual lexicon", () => {
  it("holds several hundred entries with every category well stocked", () => {
    expect(LEXICON.size).toBeGreaterThanOrEqual(600);
    for (const [name, entries] of Object.entries(LEXICON_CATEGORIES)) {
      expect(Object.keys(entries).length, name).toBeGreaterThanOrEqual(35);
    }
  });

  it("has the festivals and styles the product is sold on", () => {
    const en = (zh: string) => LEXICON.get(zh)?.en;
    expect(en("中秋")).toBe("mid-autumn festival");
    expect(en("春节")).toBe("chinese new year");
    expect(en("元宵")).toBe("lantern festival");
    expect(en("双十一")).toMatch(/singles day/);
    expect(en("国风")).toMatch(/chinese/);
    expect(en("国潮")).toMatch(/chinese/);
    expect(en("极简")).toBe("minimalist");
    expect(en("赛博朋克")).toBe("cyberpunk");
  });

  it("keeps keys unique across categories and renderings English-only", () => {
    const seen = new Map<string, string>();
    for (const [name, entries] of Object.entries(LEXICON_CATEGORIES)) {
      for (const [zh, en] of Object.entries(entries)) {
        expect(seen.get(zh), `${zh} in ${name} and ${seen.get(zh)}`).toBeUndefined();
        seen.set(zh, name);
        expect(zh).toMatch(/^\p{Script=Han}+$/u);
        expect(en).not.toMatch(CJK_ANYWHERE);
        expect(en).toBe(en.toLowerCase().trim());
        expect(en).not.toMatch(/<\||,/);
      }
    }
  });

  it("segments with longest match and lists what it lacks", () => {
    const show = (t: string) => segmentHanRun(t).map((s) => `${s.text}:${s.kind}`);
    expect(show("中秋月饼礼盒")).toEqual(["中秋:term", "月饼:term", "礼盒:term"]);
    expect(show("新品水果茶")).toEqual(["新品:term", "水果茶:term"]);
    // Words the hand lexicon lacks come from CC-CEDICT.
    expect(show("送礼的上班族")).toEqual(["送礼:term", "的:stop", "上班族:term"]);
    expect(segmentHanRun("热气腾腾").map((s) => s.kind === "term" && s.entry.en)).toEqual([
      "steaming hot",
    ]);
  });

  it("segments any Han text back into itself (property)", () => {
    const han = fc.string({
      unit: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCodePoint(c)),
      minLength: 1,
      maxLength: 20,
    });
    fc.assert(
      fc.property(han, (run) => {
        expect(
          segmentHanRun(run)
            .map((s) => s.text)
            .join(""),
        ).toBe(run);
      }),
      { numRuns: 300 },
    );
  });
});
