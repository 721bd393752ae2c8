import type { BriefInput } from "@hyperposter/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkUserCopy,
  copyLimits,
  EN_BANNED_TERMS,
  findBannedTerms,
  rephrase,
  ZH_BANNED_TERMS,
} from "../../src/rephraser";
import {
  EN_KIND_COPY,
  OFFER_HEADLINES,
  RETAIL_HEALTH_CTA,
  ZH_KIND_COPY,
} from "../../src/rephraser/kinds/copy-sets";
import { productNames, rankToneFamilies } from "../../src/rephraser/copywriter";
import { presetNamed } from "./helpers";

describe("compliance terms", () => {
  it("finds banned Chinese absolutes and English unprovable claims", () => {
    expect(findBannedTerms("全网最低价，国家级品质")).toEqual(
      expect.arrayContaining(["最", "国家级", "全网"]),
    );
    expect(findBannedTerms("The #1 coffee, guaranteed")).toEqual(["#1", "guaranteed"]);
    expect(findBannedTerms("Our BEST roast")).toEqual(["best"]);
    expect(findBannedTerms("100% arabica")).toContain("100%");
    expect(findBannedTerms("the number one choice")).toContain("number one");
  });

  it("does not flag words that merely contain a banned one", () => {
    expect(findBannedTerms("bestow a gift, curated by baristas")).toEqual([]);
    expect(findBannedTerms("月圆人团圆")).toEqual([]);
  });

  it("warns on user copy, naming the field and the term", () => {
    const w = checkUserCopy({ headline: "史上最好喝", cta: "Buy the best" });
    expect(w).toContainEqual(expect.objectContaining({ field: "headline", term: "最" }));
    expect(w).toContainEqual(expect.objectContaining({ field: "cta", term: "best" }));
  });

  it("keeps every template free of banned terms", () => {
    const lines = [
      ...Object.values(OFFER_HEADLINES).flat(),
      ...Object.values(RETAIL_HEALTH_CTA).flat(),
    ];
    for (const table of [EN_KIND_COPY, ZH_KIND_COPY]) {
      for (const t of Object.values(table))
        lines.push(...t.cta, ...t.benefit, ...t.audience, ...t.claims);
    }
    for (const line of lines) expect(findBannedTerms(line), line).toEqual([]);
  });
});

describe("copy writing", () => {
  const stride = presetNamed("stride");
  const jade = presetNamed("jade-moon");

  it("keeps user copy verbatim and warns about its banned terms", async () => {
    const r = await rephrase(
      { language: "zh", product: "月饼礼盒", headline: "全网最好吃的月饼", formats: ["story"] },
      jade,
    );
    for (const c of r.copyCandidates) expect(c.headline).toBe("全网最好吃的月饼");
    expect(r.warnings.map((w) => w.term)).toEqual(expect.arrayContaining(["最", "全网"]));
    expect(r.warnings.every((w) => w.field === "headline")).toBe(true);
    expect(
      new Set(r.copyCandidates.map((c) => `${c.subline}|${c.cta}`)).size,
    ).toBeGreaterThanOrEqual(3);
  });

  it("leaves a banned offer out of generated copy and says so", async () => {
    const r = await rephrase(
      { product: "trail shoes", offer: "The best deal, guaranteed", formats: ["story"] },
      stride,
    );
    for (const c of r.copyCandidates)
      expect(findBannedTerms(`${c.headline} ${c.subline} ${c.cta}`)).toEqual([]);
    expect(r.warnings.some((w) => w.field === "offer" && w.term === "best")).toBe(true);
  });

  it("never writes banned terms, even when the brief's own words contain them (property)", async () => {
    const banned = fc.constantFrom(...EN_BANNED_TERMS, ...ZH_BANNED_TERMS);
    const text = fc
      .tuple(
        fc.constantFrom("shoes", "tea", "月饼", "coffee beans"),
        banned,
        fc.constantFrom("", " deal", "礼盒"),
      )
      .map((p) => p.join(" "));
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          product: text,
          offer: fc.option(text, { nil: undefined }),
          audience: fc.option(text, { nil: undefined }),
        }),
        fc.constantFrom("en" as const, "zh" as const),
        fc.constantFrom<BriefInput["formats"]>(["story"], ["banner-leaderboard"], ["print-a3"]),
        async (b, language, formats) => {
          const r = await rephrase({ ...b, language, formats }, language === "zh" ? jade : stride);
          expect(r.copyCandidates.length).toBeGreaterThanOrEqual(3);
          for (const c of r.copyCandidates)
            expect(findBannedTerms(`${c.headline} ${c.subline ?? ""} ${c.cta}`)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("fits every generated line within its format class limit (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("en" as const, "zh" as const),
        fc.constantFrom<BriefInput["formats"]>(
          ["banner-medium-rectangle"],
          ["instagram-square", "story"],
          ["print-a4"],
          ["story", "banner-skyscraper"],
        ),
        fc.constantFrom(
          "handmade ceramic pour-over coffee dripper with a walnut stand",
          "tea",
          "新品水果茶",
          "中秋流心奶黄月饼礼盒装",
        ),
        fc.option(
          fc.constantFrom(
            "Two for one",
            "第二杯半价",
            "Free shipping on every order placed before the end of the month",
          ),
          { nil: undefined },
        ),
        async (language, formats, product, offer) => {
          const r = await rephrase(
            { language, formats, product, offer },
            language === "zh" ? jade : stride,
          );
          const cls = formats.some((f) => f.startsWith("banner"))
            ? "banner"
            : formats[0]!.startsWith("print")
              ? "print"
              : "social";
          const limits = copyLimits(language, cls);
          for (const c of r.copyCandidates) {
            expect([...c.headline].length).toBeLessThanOrEqual(limits.headline);
            expect([...(c.subline ?? "")].length).toBeLessThanOrEqual(limits.subline);
            expect([...c.cta].length).toBeLessThanOrEqual(limits.cta);
            if (language === "zh") expect(c.headline + c.cta).toMatch(/\p{Script=Han}/u);
          }
          expect(
            new Set(r.copyCandidates.map((c) => JSON.stringify(c))).size,
          ).toBeGreaterThanOrEqual(3);
        },
      ),
      { numRuns: 80 },
    );
  });

  it("reads the preset's tone in either language", () => {
    expect(rankToneFamilies("bold, energetic")[0]).toBe("bold");
    expect(rankToneFamilies("温暖，典雅").slice(0, 2)).toEqual(["warm", "elegant"]);
    expect(rankToneFamilies("活泼，清新")[0]).toBe("fresh");
    expect(rankToneFamilies("")[0]).toBe("calm");
  });

  it("names the product whole, or by its head phrase, never cut down", () => {
    expect(productNames("Cold brew coffee in a glass bottle", "en")).toEqual([
      "Cold Brew Coffee in a Glass Bottle",
      "Cold Brew Coffee",
    ]);
    expect(productNames("中秋月饼礼盒", "zh")).toEqual(["中秋月饼礼盒"]);
  });

  it("writes banner copy shorter than print copy", async () => {
    const brief = {
      product: "handmade ceramic pour-over coffee dripper",
      formats: ["print-a4"] as const,
    };
    const print = await rephrase({ ...brief, formats: [...brief.formats] }, stride);
    const banner = await rephrase({ ...brief, formats: ["banner-leaderboard"] }, stride);
    const longest = (r: typeof print) =>
      Math.max(...r.copyCandidates.map((c) => c.headline.length));
    expect(longest(banner)).toBeLessThan(longest(print));
  });
});
