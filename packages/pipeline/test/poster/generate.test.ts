import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import {
  BrandPreset,
  Brief,
  type FormatName,
  PosterReport,
  type PosterCopy,
  type Rephrased,
} from "@hyperposter/domain";
import { describe, expect, it } from "vitest";
import { ProceduralBackend } from "../../src/backgrounds";
import { type PosterSet, generatePosterSet } from "../../src/poster";

const examples = fileURLToPath(new URL("../../../../examples/", import.meta.url));
const presets = (JSON.parse(readFileSync(`${examples}presets.json`, "utf8")) as unknown[]).map(
  (p) => BrandPreset.parse(p),
);
const preset = (slug: string) => {
  const p = presets.find((x) => x.slug === slug);
  if (!p?.logo) throw new Error(slug);
  return {
    preset: p,
    logo: { bytes: readFileSync(`${examples}${p.logo}`), mime: "image/svg+xml" },
  };
};

function rephrased(prompt: string, copy: PosterCopy): Rephrased {
  return {
    prompt,
    negativePrompt: "text, watermark",
    copy,
    copyCandidates: [copy],
    tokenCount: 20,
    trace: [],
    warnings: [],
    backend: "rules",
  };
}

async function run(
  slug: string,
  language: "en" | "zh",
  prompt: string,
  copy: PosterCopy,
  formats: FormatName[],
  ocr = true,
  fontFiles: { heading?: Buffer; body?: Buffer } = {},
): Promise<PosterSet> {
  const { preset: p, logo } = preset(slug);
  const brief = Brief.parse({ language, product: "test product", formats, preset: slug });
  return generatePosterSet({
    brief,
    preset: p,
    rephrased: rephrased(prompt, copy),
    backend: new ProceduralBackend(),
    logo,
    fontFiles,
    seed: 7,
    ocr,
  });
}

/** The golden checks: measured properties every delivered asset must meet. */
function expectGolden(set: PosterSet) {
  PosterReport.parse(set.report);
  for (const a of set.assets) {
    const label = `${a.format}: ${a.quality.reasons.join("; ")}`;
    expect(a.passed, label).toBe(true);
    for (const c of a.quality.contrast)
      expect(c.ratio, `${label} ${c.element}`).toBeGreaterThanOrEqual(c.threshold);
    const s = a.layout.safeArea;
    for (const e of a.layout.elements.filter((x) => x.kind !== "underlay")) {
      expect(e.box.x, `${label} ${e.kind}`).toBeGreaterThanOrEqual(s.left - 0.5);
      expect(e.box.y, `${label} ${e.kind}`).toBeGreaterThanOrEqual(s.top - 0.5);
      expect(e.box.x + e.box.width, `${label} ${e.kind}`).toBeLessThanOrEqual(
        a.layout.width - s.right + 0.5,
      );
      expect(e.box.y + e.box.height, `${label} ${e.kind}`).toBeLessThanOrEqual(
        a.layout.height - s.bottom + 0.5,
      );
    }
    expect(a.quality.overlap.findings, label).toEqual([]);
    if (!a.quality.ocr.skipped) expect(a.quality.ocr.share, label).toBeGreaterThanOrEqual(0.95);
    expect(a.files.length).toBeGreaterThan(0);
    expect(a.backgroundPng.subarray(1, 4).toString()).toBe("PNG");
  }
}

describe("generatePosterSet", { timeout: 90_000 }, () => {
  it("renders the hard banners (728×90, 160×600) and a square in English, gated with OCR", async () => {
    const set = await run(
      "roastery",
      "en",
      "cold brew, golden hour",
      {
        headline: "Cold Brew, Warm Weekend",
        subline: "Buy one, get one free this weekend",
        cta: "Order now",
      },
      ["banner-leaderboard", "banner-skyscraper", "instagram-square"],
    );
    expectGolden(set);
    const leaderboard = set.assets.find((a) => a.format === "banner-leaderboard");
    expect(leaderboard?.layout.template).toBe("banner-strip");
    expect(leaderboard?.files.map((f) => f.mime)).toEqual([
      "image/png",
      "image/jpeg",
      "image/webp",
    ]);
  });

  it("sets a 40+ character Chinese headline with amounts and emoji on a story and a medium rectangle", async () => {
    const headline = "中秋限定🎑全场八折，7月1日起满300减50，十二种口味月饼礼盒一盒尽享团圆好味道";
    expect([...headline].length).toBeGreaterThan(40);
    const set = await run(
      "jade-moon",
      "zh",
      "国风 明月 灯笼",
      { headline, subline: "送礼的上班族首选", cta: "立即抢购" },
      ["story", "banner-medium-rectangle"],
      false,
    );
    expectGolden(set);
    for (const a of set.assets) {
      const head = a.layout.elements.find((e) => e.kind === "headline");
      const lines = head?.lines?.map((l) => l.text) ?? [];
      expect(lines.join("")).toBe(headline);
      const joined = lines.join("\n");
      for (const whole of ["7月1日", "满300减50", "全场", "🎑"])
        expect(joined, a.format).toContain(whole);
      expect(a.quality.missingGlyphs).toEqual([]);
    }
  });

  it("sets a preset's uploaded fonts (TTF heading, CFF body) on screen and print, gated with OCR", async () => {
    const set = await run(
      "stride",
      "en",
      "white running sneaker, studio",
      { headline: "Go Further", subline: "New collection drop", cta: "Shop now" },
      ["instagram-square", "print-a4"],
      true,
      {
        heading: readFileSync(`${examples}fonts/BebasNeue-Regular.ttf`),
        body: readFileSync(`${examples}fonts/SourceSerif4-Bold.otf`),
      },
    );
    expectGolden(set);
    expect(set.report.fonts).toEqual({ heading: "Bebas Neue", body: "Source Serif 4" });
    expect(set.report.warnings.join(" ")).not.toMatch(/catalog/);
    for (const a of set.assets) {
      const family = (kind: string) => a.layout.elements.find((e) => e.kind === kind)?.fontFamily;
      expect(family("headline"), a.format).toMatch(/^"HP upload [0-9a-f]{16}"$/);
      expect(family("subline"), a.format).toMatch(/^"HP upload [0-9a-f]{16}"$/);
      expect(family("headline")).not.toBe(family("subline"));
      expect(a.quality.ocr.share, a.format).toBeGreaterThanOrEqual(0.95);
    }
    // The PDF embeds (subsets of) the brand's own fonts, so print shops see them.
    const pdf = set.assets
      .find((a) => a.format === "print-a4")
      ?.files.find((f) => f.encoding === "pdf");
    const text = pdf?.bytes.toString("latin1") ?? "";
    expect(text).toMatch(/\/FontName \/[A-Z]{6}\+BebasNeue-Regular/);
    expect(text).toMatch(/\/FontName \/[A-Z]{6}\+SourceSerif4-Bold/);
  });

  it("sets a Chinese poster in an uploaded Chinese brand font", async () => {
    const zcool = readFileSync(
      createRequire(import.meta.url).resolve(
        "@expo-google-fonts/zcool-kuaile/400Regular/ZCOOLKuaiLe_400Regular.ttf",
      ),
    );
    const set = await run(
      "jade-moon",
      "zh",
      "国风 明月 灯笼",
      { headline: "月圆人团圆", subline: "十二种口味 一盒尽享", cta: "立即抢购" },
      ["instagram-square"],
      true,
      { heading: zcool },
    );
    expectGolden(set);
    expect(set.report.fonts.heading).toBe("ZCOOL KuaiLe");
    expect(set.assets[0]?.quality.missingGlyphs).toEqual([]);
  });

  it("delivers an asset it cannot repair marked failed, with its reasons and what was tried", async () => {
    // 齄 is GB2312 but missing from the Noto SC builds @fontsource ships: no repair can draw it.
    const set = await run(
      "fresh-leaf",
      "zh",
      "清新",
      { headline: "齄鼻新品上市", cta: "立即尝鲜" },
      ["banner-medium-rectangle"],
      false,
    );
    const [asset] = set.assets;
    expect(asset?.passed).toBe(false);
    expect(asset?.quality.missingGlyphs).toEqual(["齄"]);
    expect(asset?.quality.reasons.join()).toMatch(/glyphs: no font draws 齄/);
    // No layout can fix a missing glyph, so the loop does not churn through templates.
    expect(asset?.repairs).toHaveLength(1);
    expect(asset?.repairs[0]?.passed).toBe(false);
    expect(asset?.files.map((f) => f.encoding)).toEqual(["png", "jpeg", "webp"]);
    expect(set.report.passed).toBe(false);
  });

  it("stops when its signal is aborted, and reports progress until then", async () => {
    const { preset: p, logo } = preset("stride");
    const brief = Brief.parse({
      language: "en",
      product: "x",
      formats: ["banner-leaderboard", "story"],
    });
    const controller = new AbortController();
    const stages: string[] = [];
    const run = generatePosterSet(
      {
        brief,
        preset: p,
        rephrased: rephrased("studio", { headline: "Go", cta: "Shop" }),
        backend: new ProceduralBackend(),
        logo,
        seed: 1,
        ocr: false,
      },
      {
        signal: controller.signal,
        onProgress: (e) => {
          stages.push(e.stage);
          if (e.stage === "done") controller.abort();
        },
      },
    );
    await expect(run).rejects.toThrow();
    expect(stages).toContain("done");
    expect(stages.filter((s) => s === "done")).toHaveLength(1);
  });

  it("is deterministic: same inputs and seed give the same background and layout", async () => {
    const copy = { headline: "Sneaker. Go Further.", cta: "Shop now" };
    const a = await run(
      "stride",
      "en",
      "minimalist studio product shot",
      copy,
      ["link-ad-landscape"],
      false,
    );
    const b = await run(
      "stride",
      "en",
      "minimalist studio product shot",
      copy,
      ["link-ad-landscape"],
      false,
    );
    expect(a.assets[0]?.backgroundPng.equals(b.assets[0]?.backgroundPng ?? Buffer.alloc(0))).toBe(
      true,
    );
    expect(a.assets[0]?.layout).toEqual(b.assets[0]?.layout);
  });
});
