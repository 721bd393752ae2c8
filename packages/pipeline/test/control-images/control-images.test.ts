import { FORMATS } from "@hyperposter/domain";
import { describe, expect, it } from "vitest";
import { planLayout, templatesFor } from "../../src/compose";
import {
  canny,
  compositePlacedProduct,
  layoutMap,
  layoutRegions,
  placedProductCanny,
} from "../../src/control-images";
import { resolveFamily } from "../../src/fonts/resolve";
import type { RgbaImage } from "../../src/product/cutout";

/** A product-like cut-out: an opaque disc of `color` on transparency, soft 1 px rim. */
function disc(size: number, color: [number, number, number]): RgbaImage {
  const data = new Uint8ClampedArray(size * size * 4);
  const r = size / 2 - 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x + 0.5 - size / 2, y + 0.5 - size / 2);
      const a = Math.max(0, Math.min(1, r - d + 0.5));
      data.set([...color, Math.round(a * 255)], (y * size + x) * 4);
    }
  }
  return { width: size, height: size, data };
}

const at = (img: { width: number; data: Uint8Array }, x: number, y: number) =>
  Array.from(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));

describe("canny of the placed product cut-out", () => {
  it("draws the cut-out into its box scaled from the poster to the generation size", () => {
    // Poster 200×100, generation 100×50: the box (100,20)–(160,80) lands on (50,10)–(80,40).
    const img = compositePlacedProduct(
      disc(30, [250, 240, 200]),
      { x: 100, y: 20, width: 60, height: 60 },
      { width: 200, height: 100 },
      { width: 100, height: 50 },
    );
    expect(at(img, 65, 25)).toEqual([250, 240, 200]); // the disc's centre
    expect(at(img, 51, 11)).toEqual([0, 0, 0]); // the box's corner: transparent → black behind a light product
    expect(at(img, 20, 25)).toEqual([0, 0, 0]);
  });

  it("gives white edges on black only along the product's outline, three equal channels", () => {
    const size = { width: 96, height: 64 };
    const box = { x: 40, y: 10, width: 40, height: 40 };
    const edges = placedProductCanny(disc(40, [30, 60, 140]), box, size, size);
    let count = 0;
    for (let y = 0; y < size.height; y++) {
      for (let x = 0; x < size.width; x++) {
        const [r, g, b] = at(edges, x, y);
        expect(r === g && g === b && (r === 0 || r === 255)).toBe(true);
        if (r !== 255) continue;
        count++;
        // On the rim of the disc (radius 18 around the box centre), never elsewhere.
        const d = Math.hypot(x + 0.5 - 60, y + 0.5 - 30);
        expect(d).toBeGreaterThan(15.5);
        expect(d).toBeLessThan(20.5);
      }
    }
    // Most of the circumference (2π·18 ≈ 113 px) is traced.
    expect(count).toBeGreaterThan(80);
  });

  it("a dark product goes on white so its silhouette still makes an edge; default thresholds are 100/200", () => {
    const size = { width: 48, height: 48 };
    const box = { x: 8, y: 8, width: 32, height: 32 };
    const dark = compositePlacedProduct(disc(32, [10, 10, 10]), box, size, size);
    expect(at(dark, 1, 1)).toEqual([255, 255, 255]);
    const edges = placedProductCanny(disc(32, [10, 10, 10]), box, size, size);
    const direct = canny({ ...dark, channels: 3 }, { low: 100, high: 200 });
    edges.data.forEach((v, i) => {
      if (i % 3 === 0) expect(v).toBe(direct[i / 3]);
    });
    expect(direct.filter((v) => v === 255).length).toBeGreaterThan(60);
  });
});

describe("layout map", () => {
  it("marks every pixel a copy region touches as empty (ADE20K wall) and leaves the rest free", () => {
    const map = layoutMap(
      {
        width: 200,
        height: 100,
        copy: [{ x: 10, y: 10, width: 50, height: 20 }],
        product: { x: 120, y: 30, width: 40, height: 60 },
      },
      { width: 100, height: 50 },
    );
    // (10,10)–(60,30) → (5,5)–(30,15)
    expect(at(map, 5, 5)).toEqual([120, 120, 120]);
    expect(at(map, 29, 14)).toEqual([120, 120, 120]);
    expect(at(map, 30, 14)).toEqual([0, 0, 0]);
    expect(at(map, 4, 5)).toEqual([0, 0, 0]);
    expect(at(map, 70, 30)).toEqual([0, 0, 0]); // product left free by default
    const withProduct = layoutMap(
      { width: 200, height: 100, copy: [], product: { x: 120, y: 30, width: 40, height: 60 } },
      { width: 100, height: 50 },
      { product: [255, 0, 0], padding: 0 },
    );
    expect(at(withProduct, 70, 30)).toEqual([255, 0, 0]);
    // A fractional edge counts as touched: (0.5 px → 1 px wide).
    const thin = layoutMap(
      { width: 100, height: 100, copy: [{ x: 10.2, y: 10, width: 0.5, height: 1 }] },
      { width: 100, height: 100 },
    );
    expect(at(thin, 10, 10)).toEqual([120, 120, 120]);
    expect(at(thin, 11, 10)).toEqual([0, 0, 0]);
  });

  it("takes the headline, subline, button and logo of a real planned layout", () => {
    const format = FORMATS["instagram-portrait"];
    const inter = resolveFamily("Inter", "en").family;
    const template = templatesFor(format)[0];
    if (!template) throw new Error("no template");
    const plan = planLayout({
      format,
      copy: {
        headline: "Cold Brew, Warm Weekend",
        subline: "Buy one, get one free",
        cta: "Order now",
      },
      heading: inter,
      body: inter,
      template,
      productAspect: 0.5,
      logoAspect: 3,
    });
    const regions = layoutRegions(plan);
    expect(regions.copy).toHaveLength(4);
    expect(regions.product).toEqual(plan.product);
    const size = { width: 512, height: 640 };
    const map = layoutMap(regions, size);
    const sx = size.width / format.width;
    const sy = size.height / format.height;
    for (const r of regions.copy) {
      const cx = Math.floor((r.x + r.width / 2) * sx);
      const cy = Math.floor((r.y + r.height / 2) * sy);
      expect(at(map, cx, cy)).toEqual([120, 120, 120]);
    }
    const p = regions.product;
    if (!p) throw new Error("no product");
    expect(
      at(map, Math.floor((p.x + p.width / 2) * sx), Math.floor((p.y + p.height / 2) * sy)),
    ).toEqual([0, 0, 0]);
  });
});
