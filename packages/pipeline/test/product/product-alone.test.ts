import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BrandPreset, Brief, FORMATS, type Box, type FormatName } from "@hyperposter/domain";
import { describe, expect, it } from "vitest";
import { ProceduralBackend } from "../../src/backgrounds";
import { rephraseBrief } from "../../src/cli/rephrase-brief";
import { planLayout, templatesFor } from "../../src/compose";
import { resolveFamily } from "../../src/fonts/resolve";
import { generatePosterSet } from "../../src/poster";
import { cutOutProduct } from "../../src/product/cutout";
import { intersection } from "../../src/quality";

// The small banners show the product beside the headline; when the headline
// cannot be set beside it even at the smallest legible size, the product alone.

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const inter = resolveFamily("Inter", "en").family;
const SMALL: FormatName[] = ["banner-leaderboard", "banner-skyscraper", "banner-medium-rectangle"];
const ASPECTS = [0.25, 0.5, 1, 2, 4];
const SHORT = {
  headline: "Cold Brew, Warm Weekend",
  subline: "Buy one, get one free",
  cta: "Order now",
};
const LONG = {
  headline:
    "Our slow-steeped single-origin cold brew, bottled fresh every morning and delivered to your door before breakfast",
  subline: "Free delivery over $30",
  cta: "Order now",
};

const inside = (b: Box, name: FormatName) => {
  const f = FORMATS[name];
  return (
    b.x >= f.safeArea.left - 0.5 &&
    b.y >= f.safeArea.top - 0.5 &&
    b.x + b.width <= f.width - f.safeArea.right + 0.5 &&
    b.y + b.height <= f.height - f.safeArea.bottom + 0.5
  );
};

describe("small banners: product beside the headline, or the product alone", () => {
  for (const name of SMALL) {
    const format = FORMATS[name];
    const template = templatesFor(format)[0]!;
    it(`${name} (${template}) over aspects 1:4…4:1`, () => {
      const rows: string[] = [];
      for (const aspect of ASPECTS) {
        const plan = (copy: typeof SHORT) =>
          planLayout({
            format,
            copy,
            heading: inter,
            body: inter,
            template,
            productAspect: aspect,
            logoAspect: 3,
          });
        const beside = plan(SHORT);
        expect(beside.headline, `${name} ${aspect} short headline is shown`).toBeDefined();
        expect(beside.product).toBeDefined();
        const alone = plan(LONG);
        expect(alone.headline, `${name} ${aspect} long headline is dropped`).toBeUndefined();
        expect(alone.dropped?.map((d) => d.field)).toEqual(["headline", "subline"]);
        expect(alone.dropped?.[0]?.reasonZh).toMatch(/标题/);
        const p = alone.product!;
        expect(p.width / p.height).toBeCloseTo(aspect, 3);
        expect(inside(p, name)).toBe(true);
        expect(intersection(p, alone.cta.button)).toBeLessThanOrEqual(1);
        if (alone.logo) expect(intersection(p, alone.logo)).toBeLessThanOrEqual(1);
        expect(inside(alone.cta.button, name)).toBe(true);
        // Alone, the product is at least as large as beside the headline.
        const area = (b: Box) => b.width * b.height;
        expect(area(p)).toBeGreaterThanOrEqual(area(beside.product!) - 1);
        rows.push(
          `${aspect}: beside ${Math.round(beside.product!.width)}×${Math.round(beside.product!.height)}, alone ${Math.round(p.width)}×${Math.round(p.height)}`,
        );
      }
      console.log(`${name}: ${rows.join(" | ")}`);
    });
  }
});

describe("the product alone through the quality gate", { timeout: 300_000 }, () => {
  it("a headline too long for the small banners: product, logo and CTA pass the gate (OCR on)", async () => {
    const presets = (
      JSON.parse(readFileSync(`${root}examples/presets.json`, "utf8")) as unknown[]
    ).map((p) => BrandPreset.parse(p));
    const preset = presets.find((p) => p.slug === "roastery")!;
    const brief = Brief.parse({
      product: "cold brew coffee",
      headline: LONG.headline,
      cta: LONG.cta,
      formats: [...SMALL, "instagram-square"],
    });
    const cutout = await cutOutProduct(
      readFileSync(`${root}examples/products/cold-brew-bottle.jpg`),
    );
    const set = await generatePosterSet({
      brief,
      preset,
      rephrased: await rephraseBrief(brief, preset),
      backend: new ProceduralBackend(),
      ...(preset.logo
        ? {
            logo: {
              bytes: readFileSync(`${root}examples/${preset.logo}`),
              mime: "image/svg+xml",
            },
          }
        : {}),
      product: { cutout, name: "bottle" },
      formats: brief.formats,
      seed: 5,
      encodings: () => ["png"],
    });
    const out = `${root}out/product-alone/`;
    mkdirSync(out, { recursive: true });
    for (const a of set.assets) {
      writeFileSync(`${out}${a.format}.png`, a.files[0]!.bytes);
      expect(a.passed, `${a.format}: ${a.quality.reasons.join("; ")}`).toBe(true);
      expect(a.quality.product?.passed).toBe(true);
      const kinds = a.layout.elements.map((e) => e.kind);
      expect(kinds).toContain("product");
      expect(kinds).toContain("cta");
      if (SMALL.includes(a.format)) {
        expect(kinds, a.format).not.toContain("headline");
        expect(a.layout.dropped?.[0]?.field).toBe("headline");
      } else {
        // A large format has room for both.
        expect(kinds).toContain("headline");
      }
    }
  });
});
