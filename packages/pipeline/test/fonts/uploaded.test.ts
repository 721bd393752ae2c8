import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { createCanvas } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import {
  FONT_CATALOG,
  FontFileError,
  cssFont,
  describeFontFile,
  fontStack,
  resolveFamily,
  sniffFontFormat,
  uploadedFamily,
} from "../../src/fonts";

// Brand fonts a workspace uploads: read by the same code at upload and at
// render time, registered with Skia once per file, drawn at their own weight,
// with the catalog filling in what they lack.

const fonts = fileURLToPath(new URL("../../../../examples/fonts/", import.meta.url));
const require = createRequire(import.meta.url);
const BEBAS = readFileSync(`${fonts}BebasNeue-Regular.ttf`);
const SOURCE_SERIF = readFileSync(`${fonts}SourceSerif4-Bold.otf`);
const ZCOOL = readFileSync(
  require.resolve("@expo-google-fonts/zcool-kuaile/400Regular/ZCOOLKuaiLe_400Regular.ttf"),
);
const interFile = (ext: "woff" | "woff2") =>
  readFileSync(require.resolve(`@fontsource/inter/files/inter-latin-700-normal.${ext}`));

/** A copy of an SFNT font with its OS/2 fsType (licence flags) set to `value`. */
function withFsType(bytes: Buffer, value: number): Buffer {
  const copy = Buffer.from(bytes);
  const tables = copy.readUInt16BE(4);
  for (let i = 0; i < tables; i++) {
    const record = 12 + i * 16;
    if (copy.toString("latin1", record, record + 4) === "OS/2") {
      copy.writeUInt16BE(value, copy.readUInt32BE(record + 8) + 8);
      return copy;
    }
  }
  throw new Error("no OS/2 table");
}

function problemOf(bytes: Buffer): string {
  try {
    describeFontFile(bytes);
  } catch (error) {
    if (error instanceof FontFileError) return error.problem;
    throw error;
  }
  return "accepted";
}

describe("describing an uploaded font file", () => {
  it("reads family, style, weight and coverage from TTF, OTF (CFF), WOFF and WOFF2", () => {
    expect(describeFontFile(BEBAS).info).toEqual({
      family: "Bebas Neue",
      style: "Regular",
      weight: 400,
      italic: false,
      format: "ttf",
      glyphs: 497,
      latin: true,
      cjk: 0,
    });
    expect(describeFontFile(SOURCE_SERIF).info).toMatchObject({
      family: "Source Serif 4",
      style: "Bold",
      weight: 700,
      format: "otf",
      latin: true,
    });
    for (const ext of ["woff", "woff2"] as const)
      expect(describeFontFile(interFile(ext)).info).toMatchObject({
        family: "Inter",
        weight: 700,
        format: ext,
      });
    const zcool = describeFontFile(ZCOOL).info;
    expect(zcool).toMatchObject({ family: "ZCOOL KuaiLe", format: "ttf", latin: true });
    expect(zcool.cjk).toBeGreaterThan(6000);
  });

  it("knows the container from the bytes, not the name", () => {
    expect(sniffFontFormat(BEBAS)).toBe("ttf");
    expect(sniffFontFormat(SOURCE_SERIF)).toBe("otf");
    expect(sniffFontFormat(Buffer.from("ttcf\0\u0002\0\0"))).toBe("collection");
    expect(sniffFontFormat(Buffer.from("%PDF-1.7"))).toBeNull();
  });

  it("refuses what is not one drawable font, or may not be embedded", () => {
    expect(problemOf(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBe("not-a-font");
    expect(problemOf(Buffer.concat([Buffer.from("ttcf"), BEBAS.subarray(4)]))).toBe("collection");
    expect(problemOf(BEBAS.subarray(0, 2000))).toBe("unreadable");
    // OS/2 fsType 0x0002 "restricted licence", 0x0200 bitmap only, 0x0100 no subsetting.
    for (const flags of [0x0002, 0x0200, 0x0100])
      expect(problemOf(withFsType(BEBAS, flags)), flags.toString(16)).toBe("no-embedding");
    // "Preview & print" (0x0004) and "editable" (0x0008) allow what our PDFs do.
    expect(problemOf(withFsType(BEBAS, 0x0004))).toBe("accepted");
    expect(problemOf(withFsType(SOURCE_SERIF, 0x0008))).toBe("accepted");
  });
});

describe("drawing with an uploaded font", () => {
  it("registers a file once and resolves a preset role to it", () => {
    const first = uploadedFamily(BEBAS);
    expect(uploadedFamily(Buffer.from(BEBAS))).toBe(first);
    expect(first).toMatchObject({ kind: "uploaded", name: "Bebas Neue", script: "latin" });
    expect(resolveFamily("Bebas Neue", "en", BEBAS)).toEqual({ family: first });
    // Without the file the name is not in the catalog: the usual fallback and warning.
    expect(resolveFamily("Bebas Neue", "en").warning).toMatch(/not in the open-font catalog/);
    expect(uploadedFamily(ZCOOL).script).toBe("cjk");
  });

  it("sets text in the uploaded face at its own weight, the catalog filling in what it lacks", () => {
    const bebas = uploadedFamily(BEBAS);
    const plain = fontStack(bebas, 800, "COLD BREW");
    expect(plain.families).toBe(`"${bebas.face.alias}"`);
    expect(plain.weight).toBe(400);
    expect(plain.missing).toEqual([]);
    // Cyrillic is not in Bebas Neue: Inter (same script) comes first, then Chinese.
    const mixed = fontStack(bebas, 800, "ЖАР 月饼");
    const inter = FONT_CATALOG.find((f) => f.name === "Inter")!;
    expect(mixed.families.split(", ").slice(0, 3)).toEqual([
      `"${bebas.face.alias}"`,
      `"HP Inter 400"`,
      `"HP Noto Sans SC 400"`,
    ]);
    expect(mixed.missing).toEqual([]);
    expect(inter.weights).toContain(400);
    const zcool = uploadedFamily(ZCOOL);
    const zh = fontStack(zcool, 900, "月圆人团圆 Mid-Autumn");
    expect(zh.families).toBe(`"${zcool.face.alias}"`);
    expect(zh.missing).toEqual([]);
  });

  it("draws the brand's glyphs, not a fallback's", () => {
    const ink = (font: string) => {
      const canvas = createCanvas(420, 90);
      const ctx = canvas.getContext("2d");
      ctx.font = font;
      ctx.fillText("HAMBURG 2026", 10, 70);
      const pixels = Buffer.from(ctx.getImageData(0, 0, 420, 90).data);
      return { width: ctx.measureText("HAMBURG 2026").width, pixels };
    };
    const bebas = fontStack(uploadedFamily(BEBAS), 400, "HAMBURG 2026");
    const inter = fontStack(FONT_CATALOG[0]!, 400, "HAMBURG 2026");
    const drawn = ink(cssFont(bebas, 60));
    const fallback = ink(cssFont(inter, 60));
    // Bebas Neue is a condensed face: the same caps run far narrower than in Inter.
    expect(drawn.width).toBeLessThan(fallback.width * 0.75);
    expect(drawn.pixels.equals(fallback.pixels)).toBe(false);
  });
});
