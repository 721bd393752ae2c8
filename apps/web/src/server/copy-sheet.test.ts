import type { GenerationView } from "@hyperposter/domain";
import { describe, expect, it } from "vitest";
import { copySheet } from "./copy-sheet";

const view = {
  id: "g1",
  createdAt: "2026-12-06T03:00:00.000Z",
  seed: 4_294_967_295,
  formats: ["instagram-square", "print-a4"],
  rephrased: {
    prompt: "osmanthus oolong tea, warm light",
    negativePrompt: "blurry, watermark",
    copy: { headline: "桂花乌龙茶", subline: "温暖上新", cta: "立即购买" },
    variantCopies: [
      { headline: "桂花乌龙茶", subline: "温暖上新", cta: "立即购买" },
      { headline: "一口桂花香", cta: "马上尝鲜" },
    ],
    warnings: [],
  },
} as unknown as GenerationView;

describe("copySheet", () => {
  it("carries each variant's copy, both prompts and the seed in JSON and text", () => {
    const { json, txt } = copySheet(view, {
      brief: null,
      preset: { id: "p1", name: "Tea house", version: 3 },
    });
    const data = JSON.parse(json);
    expect(data.seed).toBe(4_294_967_295);
    expect(data.prompt).toBe("osmanthus oolong tea, warm light");
    expect(data.negativePrompt).toBe("blurry, watermark");
    expect(data.variants).toEqual([
      { variant: 1, headline: "桂花乌龙茶", subline: "温暖上新", cta: "立即购买" },
      { variant: 2, headline: "一口桂花香", subline: null, cta: "马上尝鲜" },
    ]);
    expect(txt).toContain("Seed: 4294967295");
    expect(txt).toContain("Preset: Tea house (version 3)");
    expect(txt).toContain("Variant 2\n  Headline: 一口桂花香\n  Call to action: 马上尝鲜");
    expect(txt).toContain("Negative prompt: blurry, watermark");
  });

  it("says nothing of copy for a generation that never got one", () => {
    const { json } = copySheet({ ...view, rephrased: null }, { brief: null, preset: null });
    expect(JSON.parse(json).variants).toEqual([]);
  });
});
