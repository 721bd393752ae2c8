import { Brief, PRODUCT_KINDS } from "@hyperposter/domain";
import { describe, expect, it } from "vitest";
import { findBannedTerms, rephrase } from "../../src/rephraser";
import { EN_KIND_COPY, ZH_KIND_COPY } from "../../src/rephraser/kinds/copy-sets";
import { detectKind } from "../../src/rephraser/kinds/detect";
import { presetNamed } from "./helpers";

const stride = presetNamed("stride");
const freshLeaf = presetNamed("fresh-leaf");

describe("product kinds", () => {
  it("writes a subscription's copy as software: trial CTAs, offer and audience used, no empty template", async () => {
    const r = await rephrase(
      {
        product: "cloud accounting software for freelancers",
        offer: "First 3 months free",
        formats: ["story"],
      },
      stride,
    );
    expect(r.kind).toMatchObject({ id: "software", source: "detected" });
    expect(r.trace).toContainEqual(expect.objectContaining({ slot: "kind", term: "software" }));
    for (const c of r.copyCandidates) {
      expect(EN_KIND_COPY.software.cta).toContain(c.cta);
      expect(c.headline).not.toMatch(/Go Further/);
    }
    expect(r.copy.cta).toBe("Start free trial");
    expect(r.copyCandidates.some((c) => c.headline.includes("First 3 months free"))).toBe(true);
  });

  it("gives the three candidates different angles: benefit, offer, audience", async () => {
    const r = await rephrase(
      {
        language: "zh",
        product: "川菜馆",
        offer: "周末满200减30",
        audience: "朋友聚餐",
        formats: ["instagram-square"],
      },
      freshLeaf,
    );
    expect(r.kind?.id).toBe("restaurant");
    const [benefit, offer, audience] = r.copyCandidates;
    expect(offer?.headline).toContain("周末满200减30");
    expect(audience?.headline).toContain("朋友聚餐");
    expect(benefit?.headline).not.toContain("周末满200减30");
    for (const c of r.copyCandidates) expect(ZH_KIND_COPY.restaurant.cta).toContain(c.cta);
    expect(new Set(r.copyCandidates.map((c) => c.headline)).size).toBe(3);
  });

  it("detects kinds from Chinese and English briefs with a confidence and the deciding words", () => {
    const cases: Array<[string, string]> = [
      ["西班牙语入门课", "education"],
      ["夏日音乐节", "event"],
      ["Ramen bar in the city centre", "restaurant"],
      ["coffee gift box", "gift"],
      ["Language learning app for travellers", "app"],
      ["外卖App", "app"],
      ["新能源SUV", "automotive"],
    ];
    for (const [product, kind] of cases) {
      const d = detectKind({ product });
      expect(d.id, product).toBe(kind);
      expect(d.confidence).toBeGreaterThan(0.5);
      expect(d.reason).toMatch(/in the product/);
    }
    expect(detectKind({ product: "Zephyr 9000" })).toMatchObject({ id: "general", confidence: 0 });
  });

  it("lets the brief set the kind, validated by the domain schema", async () => {
    const r = await rephrase(
      { product: "Zephyr 9000", kind: "automotive", formats: ["story"] },
      stride,
    );
    expect(r.kind).toMatchObject({ id: "automotive", source: "brief", confidence: 1 });
    for (const c of r.copyCandidates) expect(EN_KIND_COPY.automotive.cta).toContain(c.cta);
    const bad = Brief.safeParse({ product: "x", kind: "spaceships", formats: ["story"] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/kind must be one of/);
  });

  it("has copy for every kind in both languages, banner-length CTAs included, no banned claims", () => {
    for (const kind of PRODUCT_KINDS) {
      for (const table of [EN_KIND_COPY, ZH_KIND_COPY]) {
        const copy = table[kind];
        expect(copy.cta.length, kind).toBeGreaterThanOrEqual(3);
        const bannerMax = table === ZH_KIND_COPY ? 5 : 14;
        expect(copy.cta.filter((c) => [...c].length <= bannerMax).length, kind).toBeGreaterThan(0);
        expect(
          copy.benefit.some((h) => !h.includes("{p}")),
          kind,
        ).toBe(true);
        for (const line of [...copy.cta, ...copy.benefit, ...copy.audience, ...copy.claims])
          expect(findBannedTerms(line), line).toEqual([]);
      }
    }
  });

  it("drops a tea brand's props from a sneaker prompt, names them, and says each phrase once", async () => {
    const r = await rephrase(
      { language: "zh", product: "国潮运动鞋", style: "国潮", formats: ["story"] },
      freshLeaf,
    );
    expect(r.prompt).not.toMatch(/fruit|ice cubes/);
    expect(r.prompt).toContain("sunlight");
    expect(r.prompt.split("modern chinese streetwear style").length - 1).toBe(1);
    const dropped = r.trace.filter((t) => t.action === "dropped" && t.slot === "style");
    expect(dropped.map((t) => t.reason).join(" ")).toMatch(/"水果".*"冰块"/);
    const phrases = r.prompt.split(", ").map((p) => p.toLowerCase());
    expect(new Set(phrases).size).toBe(phrases.length);

    const tea = await rephrase(
      { language: "zh", product: "新品水果茶", formats: ["story"] },
      freshLeaf,
    );
    expect(tea.prompt).toContain("ice cubes");
  });

  it("counts a one-character word only as the head of its word: 暑期班 is a class, 上班族 is not", () => {
    expect(detectKind({ product: "暑期班" }).id).toBe("education");
    expect(detectKind({ product: "电动三轮车" }).id).toBe("automotive");
    expect(detectKind({ product: "车厘子" }).id).toBe("food");
    const ramen = detectKind({ product: "手工牛肉酱，香辣味", audience: "上班族" });
    expect(ramen.id).toBe("food");
    expect(ramen.scores.map((s) => s.kind)).not.toContain("education");
  });

  it("reads a zh product no word list knows through its dictionary glosses", () => {
    // Neither word is in the zh lists; CC-CEDICT renders them "pastry", "blanket".
    const pastry = detectKind({ product: "雪花酥" });
    expect(pastry.id).toBe("food");
    expect(pastry.reason).toContain("(gloss)");
    expect(detectKind({ product: "电热毯" }).id).toBe("home");
  });

  it("keeps a coordinated English head together: a meditation and sleep app is an app", () => {
    expect(detectKind({ product: "Meditation and sleep app" }).id).toBe("app");
    expect(detectKind({ product: "Weekend spa hotel in the mountains" }).id).toBe("travel");
  });

  it("lets the preset's tone word the headlines and order the kind's calls to action", async () => {
    const brief = { product: "Cold brew coffee", formats: ["instagram-square"] } as const;
    const withTone = (tone: string) => ({ ...stride, tone });
    const playful = await rephrase(brief, withTone("playful, fun"));
    const premium = await rephrase(brief, withTone("premium, elegant"));
    const warm = await rephrase(brief, withTone("warm, friendly"));
    expect(playful.copy.headline).toBe("Hello, Cold Brew Coffee!");
    expect(premium.copy.headline).toBe("Cold Brew Coffee, Refined");
    expect(warm.copy.headline).toBe("Cold Brew Coffee, Made with Care");
    expect(playful.copy.cta).toBe("Grab yours");
    expect(warm.copy.cta).toBe("Try it today");
    for (const r of [playful, premium, warm]) {
      expect(r.copyCandidates.map((c) => c.headline)).toHaveLength(3);
      for (const c of r.copyCandidates) {
        expect(EN_KIND_COPY.food.cta).toContain(c.cta);
        expect(findBannedTerms(c.headline)).toEqual([]);
      }
    }
    const zh = async (tone: string) =>
      (await rephrase({ ...brief, language: "zh", product: "桂花乌龙茶" }, withTone(tone))).copy;
    expect((await zh("活泼，清新")).headline).toBe("桂花乌龙茶，元气满满");
    expect((await zh("高端，典雅")).headline).toBe("桂花乌龙茶，臻享雅致");
    expect((await zh("温暖")).headline).toBe("桂花乌龙茶，暖心相伴");
    expect(ZH_KIND_COPY.food.cta).toContain((await zh("活泼")).cta);
  });

  it("keeps a playful or premium tone off kinds it does not suit", async () => {
    const r = await rephrase(
      { product: "Savings account", formats: ["instagram-square"] },
      { ...stride, tone: "playful, premium" },
    );
    expect(r.copy.headline).toBe("Savings Account, Made Simple");
  });

  it("title-cases the audience in English headlines, keeps it as typed in sublines", async () => {
    const r = await rephrase(
      { product: "Oat milk", audience: "home baristas", formats: ["story"] },
      stride,
    );
    expect(r.copyCandidates.map((c) => c.headline)).toContain("Oat Milk for Home Baristas");
    const withHeadline = await rephrase(
      {
        product: "Oat milk",
        audience: "home baristas",
        headline: "Froth Like a Pro",
        formats: ["story"],
      },
      stride,
    );
    expect(withHeadline.copyCandidates.map((c) => c.subline)).toContain(
      "A treat for home baristas",
    );
  });
});
