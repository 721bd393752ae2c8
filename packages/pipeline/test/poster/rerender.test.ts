import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BrandPreset, Brief, type PosterCopy } from "@hyperposter/domain";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ProceduralBackend } from "../../src/backgrounds";
import { generatePosterSet, layoutsFor, rerenderPoster } from "../../src/poster";

const examples = fileURLToPath(new URL("../../../../examples/", import.meta.url));
const presets = (JSON.parse(readFileSync(`${examples}presets.json`, "utf8")) as unknown[]).map(
  (p) => BrandPreset.parse(p),
);
const roastery = presets.find((p) => p.slug === "roastery");
if (!roastery?.logo) throw new Error("roastery preset missing");
const logo = { bytes: readFileSync(`${examples}${roastery.logo}`), mime: "image/svg+xml" };
const original: PosterCopy = {
  headline: "Cold Brew, Warm Weekend",
  subline: "Slow-steeped for 18 hours",
  cta: "Order now",
};

async function generated() {
  const brief = Brief.parse({
    language: "en",
    product: "cold brew",
    formats: ["instagram-square", "banner-leaderboard"],
    preset: "roastery",
  });
  return generatePosterSet({
    brief,
    preset: roastery as BrandPreset,
    rephrased: {
      prompt: "cold brew, golden hour",
      negativePrompt: "text",
      copy: original,
      copyCandidates: [original],
      tokenCount: 10,
      trace: [],
      warnings: [],
      backend: "rules",
    },
    backend: new ProceduralBackend(),
    logo,
    seed: 11,
    ocr: false,
  });
}

const headlineOf = (layout: { elements: { kind: string; text?: string }[] }) =>
  layout.elements.find((e) => e.kind === "headline")?.text;

describe("rerenderPoster", { timeout: 60_000 }, () => {
  it("re-composes new copy over the stored background, gated, without touching the background", async () => {
    const set = await generated();
    const square = set.assets.find((a) => a.format === "instagram-square");
    if (!square) throw new Error("no square");
    const copy = {
      headline: "Iced Latte Days",
      subline: "Oat milk at no extra cost",
      cta: "Find a café",
    };
    const out = await rerenderPoster({
      format: "instagram-square",
      copy,
      template: square.layout.template,
      preset: roastery as BrandPreset,
      language: "en",
      backgroundPng: square.backgroundPng,
      logo,
    });
    expect(headlineOf(out.layout)).toBe("Iced Latte Days");
    expect(out.layout.elements.find((e) => e.kind === "subline")?.text).toBe(copy.subline);
    expect(out.layout.template).toBe(square.layout.template);
    expect(out.passed, out.quality.reasons.join("; ")).toBe(true);
    expect(out.quality.ocr.skipped).toBe(true);
    expect(out.files.map((f) => f.encoding)).toEqual(["png", "jpeg", "webp"]);
    // Same background: a corner no element covers is pixel-identical; the text area is not.
    const region = async (png: Buffer, top: number) =>
      sharp(png).extract({ left: 1000, top, width: 60, height: 60 }).raw().toBuffer();
    const before = square.files[0]?.bytes as Buffer;
    const after = out.files[0]?.bytes as Buffer;
    expect((await region(after, 10)).equals(await region(before, 10))).toBe(true);
    expect(after.equals(before)).toBe(false);
  });

  it("moves an asset to another of its format's templates", async () => {
    const set = await generated();
    const square = set.assets.find((a) => a.format === "instagram-square");
    if (!square) throw new Error("no square");
    const other = layoutsFor("instagram-square").find((t) => t !== square.layout.template);
    if (!other) throw new Error("square has one template");
    const out = await rerenderPoster({
      format: "instagram-square",
      copy: original,
      template: other,
      preset: roastery as BrandPreset,
      language: "en",
      backgroundPng: square.backgroundPng,
      logo,
    });
    expect(out.layout.template).toBe(other);
    expect(headlineOf(out.layout)).toBe(original.headline);
  });

  it("refuses a template the format does not have and a background of another size", async () => {
    const set = await generated();
    const square = set.assets.find((a) => a.format === "instagram-square");
    const strip = set.assets.find((a) => a.format === "banner-leaderboard");
    if (!square || !strip) throw new Error("missing assets");
    const base = { copy: original, preset: roastery as BrandPreset, language: "en" as const };
    await expect(
      rerenderPoster({
        ...base,
        format: "banner-leaderboard",
        template: "split",
        backgroundPng: strip.backgroundPng,
      }),
    ).rejects.toThrow(/no split template/);
    await expect(
      rerenderPoster({
        ...base,
        format: "banner-leaderboard",
        template: "banner-strip",
        backgroundPng: square.backgroundPng,
      }),
    ).rejects.toThrow(/not 728×90/);
  });
});
