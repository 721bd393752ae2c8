import { FORMATS, PosterLayout } from "@hyperposter/domain";
import { describe, expect, it } from "vitest";
import { planLayout, templatesFor } from "../../src/compose";
import { resolveFamily } from "../../src/fonts/resolve";

describe("banners say what they drop", () => {
  it("records the leaderboard's dropped subline with the reason in en and zh", () => {
    const family = resolveFamily("Inter", "en").family;
    const input = {
      copy: { headline: "Oat Milk", subline: "Buy 2, get the 3rd free", cta: "Shop now" },
      heading: family,
      body: family,
    };
    const leaderboard = FORMATS["banner-leaderboard"];
    const square = FORMATS["instagram-square"];
    const board = planLayout({
      ...input,
      format: leaderboard,
      template: templatesFor(leaderboard)[0]!,
    });
    expect(board.subline).toBeUndefined();
    expect(board.dropped).toEqual([
      expect.objectContaining({
        field: "subline",
        text: "Buy 2, get the 3rd free",
        reason: expect.stringContaining("728×90"),
        reasonZh: expect.stringContaining("副标题未显示"),
      }),
    ]);
    const social = planLayout({ ...input, format: square, template: templatesFor(square)[0]! });
    expect(social.subline).toBeDefined();
    expect(social.dropped).toBeUndefined();
    // The stored layout schema carries the list.
    expect(PosterLayout.shape.dropped.safeParse(board.dropped).success).toBe(true);
  });
});
