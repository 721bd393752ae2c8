import * as fontkit from "fontkit";
import { describe, expect, it } from "vitest";
import { FONT_CATALOG, fontStack, resolveFamily, slicesOf } from "../../src/fonts";

/**
 * GB2312 hanzi decoded by the platform's own GB2312 table: level 1 (rows
 * 0xB0–0xD7, the 3,755 common characters) or all 6,763.
 */
function gb2312Hanzi(lastRow = 0xf7): string[] {
  const decoder = new TextDecoder("gb2312");
  const out: string[] = [];
  for (let hi = 0xb0; hi <= lastRow; hi++) {
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (/\p{Script=Han}/u.test(ch)) out.push(ch);
    }
  }
  return out;
}

describe("font catalog", { timeout: 60_000 }, () => {
  it("maps names and aliases, case- and quote-insensitively", () => {
    expect(resolveFamily("Noto Sans CJK SC", "zh").family.name).toBe("Noto Sans SC");
    expect(resolveFamily("'noto serif cjk sc'", "zh").family.name).toBe("Noto Serif SC");
    expect(resolveFamily("Inter", "en").family.name).toBe("Inter");
    expect(resolveFamily("Brand Grotesk, Inter", "en")).toEqual({ family: FONT_CATALOG[0] });
  });

  it("falls back with a warning for an unknown family, by language", () => {
    const en = resolveFamily("Comic Papyrus", "en");
    expect(en.family.name).toBe("Inter");
    expect(en.warning).toMatch(/Comic Papyrus/);
    const zh = resolveFamily("方正小标宋", "zh");
    expect(zh.family.name).toBe("Noto Sans SC");
    expect(zh.warning).toBeDefined();
  });

  it("covers GB2312: every level-1 hanzi, and all but 33 rare level-2 ones, which are reported", () => {
    const all = gb2312Hanzi();
    const level1 = gb2312Hanzi(0xd7);
    expect(all.length).toBe(6763);
    expect(level1.length).toBe(3755);
    for (const name of ["Noto Sans SC", "Noto Serif SC"]) {
      const family = FONT_CATALOG.find((f) => f.name === name);
      if (!family) throw new Error(name);
      expect(fontStack(family, 700, level1.join("")).missing, name).toEqual([]);
      // Google's Noto SC builds (what @fontsource ships) omit a few rare
      // characters; they must surface as missing, never draw as tofu.
      const missing = fontStack(family, 700, all.join("")).missing;
      expect(missing.length, name).toBeLessThanOrEqual(33);
      expect(missing, name).toContain("齄");
    }
  });

  it("has real glyphs (not just CSS ranges) for a sample of GB2312 hanzi", () => {
    const slices = slicesOf("@fontsource/noto-sans-sc", 400);
    const sample = gb2312Hanzi(0xd7).filter((_, i) => i % 53 === 0);
    const opened = new Map<string, fontkit.Font>();
    for (const ch of sample) {
      const cp = ch.codePointAt(0) ?? 0;
      const slice = slices.find((s) => s.ranges.some(([lo, hi]) => cp >= lo && cp <= hi));
      expect(slice, ch).toBeDefined();
      if (!slice) continue;
      let font = opened.get(slice.file);
      if (!font) {
        font = fontkit.openSync(slice.file) as fontkit.Font;
        opened.set(slice.file, font);
      }
      expect(font.hasGlyphForCodePoint(cp), ch).toBe(true);
    }
  });

  it("adds colour emoji and the other script only when the text needs them", () => {
    const inter = FONT_CATALOG[0];
    if (!inter) throw new Error("catalog empty");
    expect(fontStack(inter, 700, "Hello").families.split(",")).toHaveLength(1);
    const mixed = fontStack(inter, 700, "Sale 🎉 限时 ☕️");
    expect(mixed.families).toMatch(/Noto Sans SC/);
    expect(mixed.families).toMatch(/Twemoji/);
    expect(mixed.missing).toEqual([]);
    expect(fontStack(inter, 700, "\u{E000}").missing).toEqual(["\u{E000}"]);
  });
});

describe("emoji rendering", () => {
  it("draws emoji in colour from the bundled font (no tofu, no blank)", async () => {
    const { createCanvas } = await import("@napi-rs/canvas");
    const { fillRuns } = await import("../../src/compose/runs");
    const sans = FONT_CATALOG.find((f) => f.name === "Noto Sans SC");
    if (!sans) throw new Error("catalog");
    const stack = fontStack(sans, 700, "夏日🍉");
    const canvas = createCanvas(200, 80);
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#FFFFFF";
    ctx.fillRect(0, 0, 200, 80);
    ctx.fillStyle = "#000000";
    fillRuns(ctx, `700 48px ${stack.families}`, 48, "🍉", 10, 60);
    const px = ctx.getImageData(0, 0, 200, 80).data;
    let red = 0;
    let green = 0;
    for (let i = 0; i < px.length; i += 4) {
      const [r, g, b] = [px[i] ?? 0, px[i + 1] ?? 0, px[i + 2] ?? 0];
      if (r > 150 && g < 110 && b < 120) red++;
      if (g > 120 && r < 120 && b < 120) green++;
    }
    // A watermelon slice: red flesh and green rind, not black text-colour ink.
    expect(red).toBeGreaterThan(100);
    expect(green).toBeGreaterThan(20);
  });
});
