import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FORMATS } from "@hyperposter/domain";
import { decodePDFRawStream, PDFDocument, PDFName, PDFRawStream } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { renderProcedural } from "../../src/backgrounds";
import { composePoster, loadLogo } from "../../src/compose";
import {
  DEFAULT_CMYK_ICC,
  encodeAll,
  encodePng,
  PAPER_MM,
  printReadyPdf,
  PT_PER_MM,
  toCmykPdf,
} from "../../src/export";
import { FONT_CATALOG } from "../../src/fonts";

const logoFile = fileURLToPath(new URL("../../../../examples/logo-jade-moon.svg", import.meta.url));
const brand = {
  primary: "#8B1E24",
  secondary: "#E9C46A",
  accent: "#F4A261",
  background: "#1D1A2F",
  text: "#FFF8E7",
};

async function poster(name: "print-a4" | "print-a3") {
  const format = FORMATS[name];
  const sans = FONT_CATALOG.find((f) => f.name === "Noto Sans SC");
  if (!sans) throw new Error("catalog lacks Noto Sans SC");
  const logo = await loadLogo(readFileSync(logoFile), "image/svg+xml");
  const bg = renderProcedural(
    {
      prompt: "autumn tea",
      negativePrompt: "",
      width: format.width,
      height: format.height,
      seed: 7,
      variants: 1,
      palette: Object.values(brand),
      calmZones: [],
    },
    0,
  );
  const c = await composePoster(
    {
      format,
      copy: { headline: "桂花乌龙茶", subline: "秋日限定", cta: "立即购买" },
      brand,
      heading: sans,
      body: sans,
      template: "headline-top" as const,
      logo,
    },
    bg,
  );
  const background = await c.background();
  const [pdf] = await encodeAll({
    ...c,
    background,
    format,
    logo,
    title: "Tea",
    encodings: ["pdf"],
  });
  if (!pdf) throw new Error("no pdf");
  return { pdf: pdf.bytes, background: await encodePng(background) };
}

const mm = (pt: number) => Math.round((pt / PT_PER_MM) * 10) / 10;

async function boxesOf(bytes: Uint8Array) {
  const page = (await PDFDocument.load(bytes)).getPage(0);
  const size = (b: { width: number; height: number }) => [mm(b.width), mm(b.height)];
  return {
    media: size(page.getMediaBox()),
    trim: size(page.getTrimBox()),
    bleed: size(page.getBleedBox()),
    trimAt: [mm(page.getTrimBox().x), mm(page.getTrimBox().y)],
    bleedAt: [mm(page.getBleedBox().x), mm(page.getBleedBox().y)],
  };
}

/** The page's own drawing operators (decoded content streams). */
async function pageOperators(bytes: Uint8Array): Promise<string> {
  const page = (await PDFDocument.load(bytes)).getPage(0);
  const contents = page.node.Contents();
  const refs = contents && "asArray" in contents ? contents.asArray() : [contents];
  let text = "";
  for (const ref of refs) {
    const stream = page.doc.context.lookup(ref as never);
    if (stream instanceof PDFRawStream)
      text += Buffer.from(decodePDFRawStream(stream).decode()).toString("latin1");
  }
  return text;
}

describe("print-ready PDFs", { timeout: 120_000 }, () => {
  it("A4: 210x297 mm trim, 3 mm bleed each side, crop marks in the slug", async () => {
    const { pdf, background } = await poster("print-a4");
    const out = await printReadyPdf(
      { pdf, background },
      { trimMm: PAPER_MM["print-a4"], bleedMm: 3, cropMarks: true },
    );
    const boxes = await boxesOf(out);
    expect(boxes.trim).toEqual([210, 297]);
    expect(boxes.bleed).toEqual([216, 303]);
    // Slug: 3 mm bleed + 5 mm marks + 1 mm margin on each side.
    expect(boxes.media).toEqual([228, 315]);
    expect(boxes.trimAt).toEqual([9, 9]);
    expect(boxes.bleedAt).toEqual([6, 6]);
    const ops = await pageOperators(out);
    // 8 crop-mark strokes in registration colour (1 1 1 1 K), 0.25 pt wide.
    expect(ops).toContain("1 1 1 1 K");
    expect((ops.match(/\bl\b/g) ?? []).length).toBe(8);
    // Every mark lies outside the bleed box (6…222 x 6…309 mm) and touches a trim line.
    const segments = [...ops.matchAll(/(-?[\d.]+) (-?[\d.]+) m\s+(-?[\d.]+) (-?[\d.]+) l/g)].map(
      (m) => m.slice(1, 5).map((v) => mm(Number(v))),
    );
    expect(segments).toHaveLength(8);
    for (const [x1, y1, x2, y2] of segments as number[][]) {
      const inside = (x: number, y: number) => x > 6 && x < 222 && y > 6 && y < 309;
      expect(inside(x1!, y1!) || inside(x2!, y2!)).toBe(false);
      expect([9, 219].includes(x1!) || [9, 306].includes(y1!)).toBe(true);
    }
    // The poster page is placed whole (form XObject) over the background image.
    expect((ops.match(/\bDo\b/g) ?? []).length).toBe(2);
  });

  it("A3 without crop marks: media is the bleed box", async () => {
    const { pdf, background } = await poster("print-a3");
    const boxes = await boxesOf(
      await printReadyPdf(
        { pdf, background },
        { trimMm: PAPER_MM["print-a3"], bleedMm: 3, cropMarks: false },
      ),
    );
    expect(boxes.trim).toEqual([297, 420]);
    expect(boxes.bleed).toEqual([303, 426]);
    expect(boxes.media).toEqual([303, 426]);
  });

  const gs = (() => {
    try {
      execFileSync("gs", ["--version"]);
      return existsSync(DEFAULT_CMYK_ICC);
    } catch {
      return false;
    }
  })();

  it.runIf(gs || process.env.CI)(
    "CMYK through Ghostscript: only DeviceCMYK colour left, boxes kept",
    async () => {
      const { pdf, background } = await poster("print-a4");
      const rgb = await printReadyPdf(
        { pdf, background },
        { trimMm: PAPER_MM["print-a4"], bleedMm: 3, cropMarks: true },
      );
      expect(rgb.toString("latin1")).toMatch(/DeviceRGB/);
      const out = await toCmykPdf(rgb, { iccProfile: DEFAULT_CMYK_ICC });
      const doc = await PDFDocument.load(out);
      const spaces = new Set<string>();
      for (const [, object] of doc.context.enumerateIndirectObjects()) {
        if (!(object instanceof PDFRawStream)) continue;
        const cs = object.dict.get(PDFName.of("ColorSpace"));
        if (cs) spaces.add(cs.toString());
      }
      // Every image is CMYK; nothing RGB survives.
      expect([...spaces]).toContain("/DeviceCMYK");
      expect([...spaces].some((s) => s.includes("RGB"))).toBe(false);
      expect(out.toString("latin1")).not.toMatch(/DeviceRGB/);
      const boxes = await boxesOf(out);
      expect(boxes.trim).toEqual([210, 297]);
      expect(boxes.bleed).toEqual([216, 303]);
    },
  );
});
