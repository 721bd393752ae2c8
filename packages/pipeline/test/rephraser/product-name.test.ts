import { PRODUCT_KINDS, type BriefInput, type FormatName } from "@hyperposter/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rephrase } from "../../src/rephraser";
import { cutsProductName, productNames } from "../../src/rephraser/copywriter";
import { presetNamed } from "./helpers";

// One format per class, plus every banner: banners have the tightest limits.
const FORMAT_SETS: FormatName[][] = [
  ["banner-medium-rectangle"],
  ["banner-leaderboard"],
  ["banner-skyscraper"],
  ["instagram-square", "story"],
  ["link-ad-landscape"],
  ["print-a4"],
  ["print-a3"],
];
const PRESETS = ["roastery", "stride", "jade-moon", "fresh-leaf"].map(presetNamed);

// Name words no headline template uses, plus made-up words, so a word of the
// product in a headline can only have come from the product.
const enWord = fc.oneof(
  fc.constantFrom(
    "osmanthus",
    "oolong",
    "kombucha",
    "lasagne",
    "puffer",
    "sunscreen",
    "earbuds",
    "invoicing",
    "trattoria",
    "pottery",
    "hatchback",
    "hamper",
    "bedding",
    "quartz",
    "cedar",
    "saffron",
  ),
  fc.stringMatching(/^q[a-z]{3,9}$/),
);
const zhWord = fc.constantFrom(
  "桂花",
  "乌龙茶",
  "牛肉酱",
  "螺蛳粉",
  "咖啡豆",
  "冰丝",
  "袖套",
  "马桶盖",
  "蓝牙",
  "耳机",
  "高山",
  "红茶",
  "羊绒",
  "围巾",
  "陶瓷",
  "花瓶",
  "枸杞",
  "茶叶",
);

const enProduct = fc
  .tuple(
    fc.array(enWord, { minLength: 1, maxLength: 7 }),
    fc.option(fc.array(enWord, { minLength: 1, maxLength: 3 })),
  )
  .map(([head, tail]) => (tail ? `${head.join(" ")} with ${tail.join(" ")}` : head.join(" ")));
const zhProduct = fc
  .tuple(
    fc.array(zhWord, { minLength: 1, maxLength: 6 }),
    fc.option(fc.array(zhWord, { minLength: 1, maxLength: 2 })),
  )
  .map(([head, tail]) => (tail ? `${head.join("")}，${tail.join("")}` : head.join("")));

describe("headlines keep the product", () => {
  it("never cuts the product's name, in either language, for every format class and kind", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.tuple(fc.constant("en" as const), enProduct),
          fc.tuple(fc.constant("zh" as const), zhProduct),
        ),
        fc.constantFrom(...FORMAT_SETS),
        fc.constantFrom(...PRODUCT_KINDS),
        fc.constantFrom(...PRESETS),
        fc.boolean(),
        async ([language, product], formats, kind, preset, withExtras) => {
          const brief: BriefInput = {
            language,
            product,
            kind,
            formats,
            ...(withExtras
              ? language === "en"
                ? { offer: "Buy 2, get the 3rd free", audience: "busy parents" }
                : { offer: "第二杯半价", audience: "大学生" }
              : {}),
          };
          const r = await rephrase(brief, preset);
          const names = productNames(product, language).map((n) => n.toLowerCase());
          for (const c of r.copyCandidates) {
            expect(cutsProductName(c.headline, product, language), c.headline).toBe(false);
            // A headline that uses any word of the product uses a whole name.
            const line = c.headline.toLowerCase();
            const words =
              language === "en"
                ? product
                    .toLowerCase()
                    .split(/[\s,]+/)
                    .filter((w) => w.length >= 3 && w !== "with")
                : [];
            if (words.some((w) => line.includes(w)))
              expect(
                names.some((n) => line.includes(n)),
                c.headline,
              ).toBe(true);
          }
        },
      ),
      { numRuns: 150, seed: 20261206 },
    );
  });

  it("recognises the cuts the issue saw", () => {
    expect(cutsProductName("乌龙茶，温暖上新", "桂花乌龙茶", "zh")).toBe(true);
    expect(cutsProductName("桂花乌龙茶，温暖上新", "桂花乌龙茶", "zh")).toBe(false);
    expect(cutsProductName("Say Hello to Oolong Tea", "Osmanthus oolong tea", "en")).toBe(true);
    expect(cutsProductName("Osmanthus Oolong Tea, Refined", "Osmanthus oolong tea", "en")).toBe(
      false,
    );
    // The head phrase is the product's name; the clause after it describes it.
    expect(
      cutsProductName(
        "Cold Brew Coffee, Made to Savour",
        "Cold brew coffee in a glass bottle",
        "en",
      ),
    ).toBe(false);
    // "New" is not part of the name.
    expect(cutsProductName("夏日水果茶", "新品水果茶", "zh")).toBe(false);
    expect(cutsProductName("Made to Savour", "Osmanthus oolong tea", "en")).toBe(false);
  });
});
