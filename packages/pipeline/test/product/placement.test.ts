import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  BrandPreset,
  Brief,
  FORMATS,
  FORMAT_NAMES,
  type Box,
  PosterReport,
} from "@hyperposter/domain";
import fc from "fast-check";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ProceduralBackend } from "../../src/backgrounds";
import { rephraseBrief } from "../../src/cli/rephrase-brief";
import { planLayout, templatesFor } from "../../src/compose";
import { isSmallBanner } from "../../src/compose/templates";
import { resolveFamily } from "../../src/fonts/resolve";
import { generatePosterSet } from "../../src/poster";
import { cutOutProduct } from "../../src/product/cutout";
import { intersection } from "../../src/quality";

const examples = fileURLToPath(new URL("../../../../examples/", import.meta.url));
const inter = resolveFamily("Inter", "en").family;
const noto = resolveFamily("Noto Sans SC", "zh").family;

const inside = (b: Box, f: (typeof FORMATS)[keyof typeof FORMATS]) =>
  b.x >= f.safeArea.left - 0.5 &&
  b.y >= f.safeArea.top - 0.5 &&
  b.x + b.width <= f.width - f.safeArea.right + 0.5 &&
  b.y + b.height <= f.height - f.safeArea.bottom + 0.5;

describe("product placement", () => {
  it("never lets the product meet the copy or the logo, whatever its aspect (1:4 to 4:1), on every format and template", () => {
    fc.assert(
      fc.property(
        fc.double({ min: Math.log(0.25), max: Math.log(4), noNaN: true }),
        fc.constantFrom(...FORMAT_NAMES),
        fc.nat(2),
        fc.constantFrom(
          {
            headline: "Cold Brew, Warm Weekend",
            subline: "Buy one, get one free",
            cta: "Order now",
          },
          { headline: "New collection drop for runners", cta: "Shop the drop" },
          { headline: "月圆人团圆", subline: "十二种口味 一盒尽享", cta: "立即抢购" },
          // The brief's longest headlines: no room beside the product on the small banners.
          {
            headline:
              "Our slow-steeped single-origin cold brew, bottled fresh every morning and delivered to your door before breakfast",
            subline: "Free delivery over $30",
            cta: "Order now",
          },
          {
            headline:
              "中秋限定手工月饼礼盒，十二种经典与创新口味，选用上等食材，传统工艺慢火烘焙，送礼自用两相宜，全国包邮次日送达，数量有限售完即止，欢迎提前预订",
            cta: "立即抢购",
          },
        ),
        fc.boolean(),
        (logAspect, name, t, copy, withLogo) => {
          const format = FORMATS[name];
          const templates = templatesFor(format);
          const template = templates[t % templates.length];
          if (!template) return;
          const zh = /\p{Script=Han}/u.test(copy.headline);
          const plan = planLayout({
            format,
            copy,
            heading: zh ? noto : inter,
            body: zh ? noto : inter,
            template,
            productAspect: Math.exp(logAspect),
            ...(withLogo ? { logoAspect: 3 } : {}),
          });
          const product = plan.product;
          expect(product, `${name} ${template}`).toBeDefined();
          if (!product) return;
          expect(product.width / product.height).toBeCloseTo(Math.exp(logAspect), 3);
          if (!plan.headline) {
            // The product alone: only on the small banners, and it says so.
            expect(isSmallBanner(format, template), `${name} ${template} product alone`).toBe(true);
            expect(plan.dropped?.map((d) => d.field)).toContain("headline");
          }
          const others: Array<[string, Box]> = [
            ...(plan.headline ? [["headline", plan.headline.box] as [string, Box]] : []),
            ["cta", plan.cta.button],
            ...(plan.subline ? [["subline", plan.subline.box] as [string, Box]] : []),
            ...(plan.logo ? [["logo", plan.logo] as [string, Box]] : []),
          ];
          for (const [kind, box] of others)
            expect(intersection(product, box), `${name} ${template}: ${kind}`).toBeLessThanOrEqual(
              1,
            );
          expect(inside(product, format), `${name} ${template} safe area`).toBe(true);
        },
      ),
      { numRuns: 600, seed: 14 },
    );
  });
});

const presets = (JSON.parse(readFileSync(`${examples}presets.json`, "utf8")) as unknown[]).map(
  (p) => BrandPreset.parse(p),
);
const BRIEFS: Array<[string, string]> = [
  ["coffee-en.json", "products/cold-brew-bottle.jpg"],
  ["sneaker-en.json", "products/sneaker-on-grey.jpg"],
  ["tea-zh.json", "products/fruit-tea-cup.png"],
  ["mooncake-zh.json", "products/mooncake-box-gradient.jpg"],
];

describe("example briefs with their product photos", { timeout: 300_000 }, () => {
  it.each(BRIEFS)(
    "%s with %s: every screen format passes the gate and shows the product",
    async (briefFile, photo) => {
      const brief = Brief.parse(JSON.parse(readFileSync(`${examples}${briefFile}`, "utf8")));
      const preset = presets.find((p) => p.slug === brief.preset) ?? presets[0];
      if (!preset) throw new Error("no preset");
      const cutout = await cutOutProduct(readFileSync(`${examples}${photo}`));
      expect(cutout.confidence).toBeGreaterThanOrEqual(0.6);
      const formats = FORMAT_NAMES.filter((f) => FORMATS[f].formatClass !== "print");
      const set = await generatePosterSet({
        brief,
        preset,
        rephrased: await rephraseBrief(brief, preset),
        backend: new ProceduralBackend(),
        ...(preset.logo
          ? { logo: { bytes: readFileSync(`${examples}${preset.logo}`), mime: "image/svg+xml" } }
          : {}),
        product: { cutout, name: photo },
        formats,
        seed: 3,
        ocr: false,
        encodings: () => ["png"],
      });
      const report = PosterReport.parse(set.report);
      expect(report.product?.method).toBe(cutout.method);
      for (const a of set.assets) {
        expect(a.passed, `${a.format}: ${a.quality.reasons.join("; ")}`).toBe(true);
        expect(a.quality.product?.passed).toBe(true);
        const el = a.layout.elements.find((e) => e.kind === "product");
        expect(el?.box).toEqual(a.product?.box);
        const r = report.assets.find((x) => x.format === a.format);
        expect(r?.product?.box).toEqual(el?.box);
        // Pixels: inside the product box the poster differs from the bare background.
        const box = el?.box as Box;
        const region = {
          left: Math.round(box.x + box.width * 0.3),
          top: Math.round(box.y + box.height * 0.3),
          width: Math.max(1, Math.round(box.width * 0.4)),
          height: Math.max(1, Math.round(box.height * 0.4)),
        };
        const png = a.files.find((f) => f.encoding === "png")?.bytes as Buffer;
        const poster = await sharp(png).removeAlpha().extract(region).raw().toBuffer();
        const bg = await sharp(a.backgroundPng).removeAlpha().extract(region).raw().toBuffer();
        let diff = 0;
        for (let i = 0; i < poster.length; i++) diff += Math.abs((poster[i] ?? 0) - (bg[i] ?? 0));
        expect(diff / poster.length, a.format).toBeGreaterThan(20);
      }
    },
  );
});

describe("product posters with OCR and print", { timeout: 300_000 }, () => {
  it("passes the full gate (OCR on) on a leaderboard and an A4 page, PDF included", async () => {
    const brief = Brief.parse(JSON.parse(readFileSync(`${examples}coffee-en.json`, "utf8")));
    const preset = presets.find((p) => p.slug === brief.preset);
    if (!preset?.logo) throw new Error("no preset");
    const set = await generatePosterSet({
      brief,
      preset,
      rephrased: await rephraseBrief(brief, preset),
      backend: new ProceduralBackend(),
      logo: { bytes: readFileSync(`${examples}${preset.logo}`), mime: "image/svg+xml" },
      product: {
        cutout: await cutOutProduct(readFileSync(`${examples}products/cold-brew-bottle.jpg`)),
      },
      formats: ["banner-leaderboard", "print-a4"],
      seed: 5,
    });
    for (const a of set.assets) {
      expect(a.passed, `${a.format}: ${a.quality.reasons.join("; ")}`).toBe(true);
      expect(a.quality.ocr.skipped).toBe(false);
      expect(a.product?.share).toBeGreaterThan(0);
    }
    const pdf = set.assets
      .find((a) => a.format === "print-a4")
      ?.files.find((f) => f.encoding === "pdf");
    expect(pdf?.bytes.subarray(0, 5).toString()).toBe("%PDF-");
  });
});
