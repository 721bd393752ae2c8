import { describe, expect, it } from "vitest";
import { predictDroppedCopy } from "../src/copy-fit";

describe("predictDroppedCopy", () => {
  it("keeps the example offers on the 728×90 strip (they fit on a second line)", () => {
    for (const offer of ["第二杯半价", "Buy 2, get the 3rd free"])
      expect(
        predictDroppedCopy({ offer, cta: "Shop now" }, ["banner-leaderboard", "instagram-square"]),
      ).toEqual([]);
  });

  it("warns when a long subline cannot fit the strip, naming the field, in en and zh", () => {
    const subline =
      "Slow-roasted single-origin beans, delivered fresh to your door every other Tuesday morning";
    const drops = predictDroppedCopy({ headline: "Cold Brew", subline, cta: "Order now" }, [
      "banner-leaderboard",
      "banner-skyscraper",
    ]);
    expect(drops).toEqual([
      expect.objectContaining({ format: "banner-leaderboard", field: "subline", text: subline }),
    ]);
    expect(drops[0]?.reason).toMatch(/728×90/);
    expect(drops[0]?.reasonZh).toMatch(/第二行/);
    expect(
      predictDroppedCopy(
        {
          offer:
            "满三百减五十，全场月饼礼盒第二件半价，会员再享九折优惠，限时三天，先到先得，送完即止，欢迎选购",
        },
        ["banner-leaderboard"],
      )[0]?.field,
    ).toBe("offer");
  });

  it("says the 300×250 rectangle drops the subline only with a product photo", () => {
    const copy = { subline: "Fresh every morning" };
    expect(predictDroppedCopy(copy, ["banner-medium-rectangle"])).toEqual([]);
    expect(
      predictDroppedCopy(copy, ["banner-medium-rectangle"], { withProduct: true }),
    ).toHaveLength(1);
  });

  it("predicts nothing without a subline or an offer, and for social and print formats", () => {
    expect(predictDroppedCopy({ headline: "Hi" }, ["banner-leaderboard"])).toEqual([]);
    expect(
      predictDroppedCopy({ subline: "x".repeat(200) }, ["instagram-square", "print-a4", "story"]),
    ).toEqual([]);
  });
});
