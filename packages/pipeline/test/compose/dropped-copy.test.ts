import { FORMATS, PosterLayout, predictDroppedCopy } from "@hyperposter/domain";
import { describe, expect, it } from "vitest";
import { planLayout, templatesFor } from "../../src/compose";
import { resolveFamily } from "../../src/fonts/resolve";

const leaderboard = FORMATS["banner-leaderboard"];
const strip = templatesFor(leaderboard)[0]!;

function planStrip(
  copy: { headline: string; subline?: string; cta: string },
  lang: "en" | "zh",
  logoAspect: number | undefined = 3,
) {
  const family = resolveFamily(lang === "zh" ? "Noto Sans SC" : "Inter", lang).family;
  return planLayout({
    copy,
    heading: family,
    body: family,
    format: leaderboard,
    template: strip,
    ...(logoAspect ? { logoAspect } : {}),
  });
}

describe("banners say what they drop", () => {
  it("keeps the example offers on the 728×90 strip as a second line at a legible size", () => {
    for (const [copy, lang] of [
      [{ headline: "Oat Milk", subline: "Buy 2, get the 3rd free", cta: "Shop now" }, "en"],
      [{ headline: "桂花乌龙茶，温暖上新", subline: "第二杯半价", cta: "立即购买" }, "zh"],
    ] as const) {
      const p = planStrip(copy, lang);
      expect(p.dropped, copy.subline).toBeUndefined();
      expect(p.subline?.text).toBe(copy.subline);
      expect(p.subline?.set.size).toBeGreaterThanOrEqual(p.geometry.bodyMinSize);
      expect(p.headline?.set.lines).toHaveLength(1);
      // Stacked inside the strip's column, headline above, no overlap.
      const head = p.headline!.box;
      const sub = p.subline!.box;
      expect(sub.y).toBeGreaterThanOrEqual(head.y + head.height - 0.5);
      expect(sub.y + sub.height).toBeLessThanOrEqual(leaderboard.height - 8 + 0.5);
      expect(sub.x + sub.width).toBeLessThanOrEqual(p.cta.button.x);
    }
  });

  it("records a subline too long for the strip with the reason in en and zh", () => {
    const subline =
      "Slow-roasted single-origin beans, delivered fresh to your door every other Tuesday morning";
    const board = planStrip({ headline: "Oat Milk", subline, cta: "Shop now" }, "en");
    expect(board.subline).toBeUndefined();
    expect(board.dropped).toEqual([
      expect.objectContaining({
        field: "subline",
        text: subline,
        reason: expect.stringContaining("728×90"),
        reasonZh: expect.stringContaining("未显示"),
      }),
    ]);
    // The Chinese reason has no English word in it (only the pixel size).
    expect(board.dropped?.[0]?.reasonZh).not.toMatch(/[A-Za-z]{2,}/);
    const family = resolveFamily("Inter", "en").family;
    const square = FORMATS["instagram-square"];
    const social = planLayout({
      copy: { headline: "Oat Milk", subline, cta: "Shop now" },
      heading: family,
      body: family,
      format: square,
      template: templatesFor(square)[0]!,
    });
    expect(social.subline).toBeDefined();
    expect(social.dropped).toBeUndefined();
    expect(PosterLayout.shape.dropped.safeParse(board.dropped).success).toBe(true);
  });

  it("the studio's prediction (domain predictDroppedCopy) agrees with the composer", () => {
    const LONG_ZH =
      "满三百减五十，全场月饼礼盒第二件半价，会员再享九折优惠，限时三天，先到先得，送完即止，欢迎选购";
    const cases: [string, string, "en" | "zh", boolean][] = [
      ["Oat Milk", "Buy 2, get the 3rd free", "en", true],
      ["Cold Brew, Warm Weekend", "Slow-steeped for 18 hours", "en", true],
      ["Cold Brew", "Free delivery on every order over fifty dollars", "en", true],
      [
        "Oat Milk",
        "Slow-roasted single-origin beans, delivered fresh to your door every other Tuesday morning",
        "en",
        false,
      ],
      [
        "Running Shoes",
        "Lightweight cushioning for every mile of your marathon training plan, from the first jog to race day",
        "en",
        false,
      ],
      ["桂花乌龙茶", "第二杯半价", "zh", true],
      ["中秋月饼礼盒", "满三百减五十，会员再享九折", "zh", true],
      ["新品水果茶", "鲜果现切，每一口都是夏天的味道，下单即送吸管杯", "zh", true],
      ["中秋月饼礼盒", LONG_ZH, "zh", false],
    ];
    for (const [headline, subline, lang, keeps] of cases) {
      const cta = lang === "zh" ? "立即购买" : "Shop now";
      const kept = planStrip({ headline, subline, cta }, lang).subline !== undefined;
      expect(kept, `composer on "${subline}"`).toBe(keeps);
      const predicted =
        predictDroppedCopy({ headline, subline, cta }, ["banner-leaderboard"]).length === 0;
      expect(predicted, `prediction on "${subline}"`).toBe(kept);
      // Without a logo the strip's text runs the whole width: more fits, and the prediction knows.
      const bare = planStrip({ headline, subline, cta }, lang, 0).subline !== undefined;
      const bareGuess =
        predictDroppedCopy({ headline, subline, cta }, ["banner-leaderboard"], { withLogo: false })
          .length === 0;
      expect(bareGuess, `prediction without a logo on "${subline}"`).toBe(bare);
    }
  });
});
