import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BrandPreset, Brief } from "@hyperposter/domain";
import { describe, expect, it } from "vitest";
import { ProceduralBackend } from "../../src/backgrounds";
import { rephraseBrief } from "../../src/cli/rephrase-brief";
import type { ImageBackend, RenderRequest } from "../../src/image-backend";
import { placeWords, promptsForRequest } from "../../src/image-backend/product-space";
import { generatePosterSet } from "../../src/poster";
import { cutOutProduct } from "../../src/product/cutout";

// With a generative backend the background is made for the layout: the
// product's region is asked for as empty space, and the real cut-out stands
// exactly there afterwards.

const examples = fileURLToPath(new URL("../../../../examples/", import.meta.url));

const base: RenderRequest = {
  prompt: "cold brew coffee on a sunny cafe table",
  negativePrompt: "text, watermark",
  width: 1080,
  height: 1080,
  seed: 1,
  variants: 1,
  palette: ["#333333"],
  calmZones: [],
};

describe("product space in the image prompt", () => {
  it("names where the product region is, in thirds of the poster", () => {
    expect(placeWords({ x: 0, y: 700, width: 300, height: 300 }, 1080, 1080)).toBe("lower left");
    expect(placeWords({ x: 400, y: 400, width: 280, height: 280 }, 1080, 1080)).toBe("center");
    expect(placeWords({ x: 800, y: 400, width: 200, height: 280 }, 1080, 1080)).toBe("right side");
    expect(placeWords({ x: 400, y: 10, width: 280, height: 200 }, 1080, 1080)).toBe("upper center");
  });

  it("asks for empty space there and keeps a second product out; without a product the prompts are unchanged", () => {
    expect(promptsForRequest(base)).toEqual({
      prompt: base.prompt,
      negativePrompt: base.negativePrompt,
    });
    const withProduct = promptsForRequest({
      ...base,
      productZone: { x: 60, y: 560, width: 380, height: 460 },
    });
    expect(withProduct.prompt).toBe(
      "cold brew coffee on a sunny cafe table, an empty uncluttered area on the lower left with a plain surface, nothing placed there",
    );
    expect(withProduct.negativePrompt).toMatch(/^text, watermark, .*duplicate product/);
  });

  it("the backend is told the product's region, which is where the composer puts the cut-out", async () => {
    const brief = Brief.parse(JSON.parse(readFileSync(`${examples}coffee-en.json`, "utf8")));
    const presets = BrandPreset.array().parse(
      JSON.parse(readFileSync(`${examples}presets.json`, "utf8")),
    );
    const preset = presets.find((p) => p.slug === brief.preset) ?? presets[0]!;
    const requests: RenderRequest[] = [];
    const procedural = new ProceduralBackend();
    const recording: ImageBackend = {
      name: "recording",
      render: (request, options) => {
        requests.push(request);
        return procedural.render(request, options);
      },
    };
    const cutout = await cutOutProduct(readFileSync(`${examples}products/cold-brew-bottle.jpg`));
    const set = await generatePosterSet({
      brief,
      preset,
      rephrased: await rephraseBrief(brief, preset),
      backend: recording,
      product: { cutout },
      formats: ["instagram-square", "banner-leaderboard"],
      seed: 5,
      ocr: false,
      encodings: () => ["png"],
    });
    for (const asset of set.assets) {
      const request = requests.find((r) => r.width === asset.layout.width);
      const box = asset.layout.elements.find((e) => e.kind === "product")?.box;
      expect(request?.productZone, asset.format).toBeDefined();
      expect(box, asset.format).toBeDefined();
      expect(request?.productZone).toEqual(box);
      expect(promptsForRequest(request!).prompt).toMatch(/empty uncluttered area/);
    }
  });
});
