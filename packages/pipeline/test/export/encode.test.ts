import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FORMATS } from "@hyperposter/domain";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { renderProcedural } from "../../src/backgrounds";
import { composePoster, loadLogo } from "../../src/compose";
import { encodeAll, encodingsFor } from "../../src/export";
import { type CatalogFamily, FONT_CATALOG } from "../../src/fonts";

const logoFile = fileURLToPath(new URL("../../../../examples/logo-jade-moon.svg", import.meta.url));
function family(name: string): CatalogFamily {
  const f = FONT_CATALOG.find((x) => x.name === name);
  if (!f) throw new Error(`catalog lacks ${name}`);
  return f;
}
const serif = family("Noto Serif SC");
const sans = family("Noto Sans SC");
const brand = {
  primary: "#8B1E24",
  secondary: "#E9C46A",
  accent: "#F4A261",
  background: "#1D1A2F",
  text: "#FFF8E7",
};
const copy = { headline: "月圆人团圆", subline: "十二种口味 一盒尽享", cta: "立即抢购" };

async function compose(name: "instagram-square" | "print-a4") {
  const format = FORMATS[name];
  const logo = await loadLogo(readFileSync(logoFile), "image/svg+xml");
  const input = {
    format,
    copy,
    brand,
    heading: serif,
    body: sans,
    template: "headline-top" as const,
    logo,
  };
  const bg = renderProcedural(
    {
      prompt: "国风 中秋",
      negativePrompt: "",
      width: format.width,
      height: format.height,
      seed: 3,
      variants: 1,
      palette: Object.values(brand),
      calmZones: [],
    },
    0,
  );
  const c = await composePoster(input, bg);
  return { ...c, background: await c.background(), format, logo };
}

describe("exports", { timeout: 60_000 }, () => {
  it("encodes PNG, JPEG and WebP of the right size for screens", async () => {
    const c = await compose("instagram-square");
    const files = await encodeAll({ ...c, title: "t", encodings: encodingsFor(c.format) });
    expect(files.map((f) => f.encoding)).toEqual(["png", "jpeg", "webp"]);
    for (const f of files) {
      const meta = await sharp(f.bytes).metadata();
      expect(meta.format).toBe(f.encoding === "jpeg" ? "jpeg" : f.encoding);
      expect([meta.width, meta.height]).toEqual([1080, 1080]);
    }
  });

  it("writes print as a vector-text PDF with embedded subset fonts and a 300 dpi background", async () => {
    const c = await compose("print-a4");
    const [pdf] = await encodeAll({ ...c, title: "Mooncake", encodings: ["pdf"] });
    if (!pdf) throw new Error("no pdf");
    const text = pdf.bytes.toString("latin1");
    expect(text.startsWith("%PDF-")).toBe(true);
    // A4 in points.
    expect(text).toMatch(/\/MediaBox \[0 0 595(\.\d+)? 84[12](\.\d+)?\]/);
    // Text stays text: subset TrueType fonts with a ToUnicode map.
    expect(text).toMatch(/\/FontFile2/);
    expect(text).toMatch(/\/ToUnicode/);
    expect((text.match(/\/BaseFont \/[A-Z]{6}\+/g) ?? []).length).toBeGreaterThanOrEqual(2);
    // The background goes in at full resolution (2480 px wide = 300 dpi on A4).
    expect(text).toMatch(/\/Width 2480/);
    expect(pdf.bytes.length).toBeLessThan(12_000_000);
  });
});
