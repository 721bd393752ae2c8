import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NO_LINE_END, NO_LINE_START, fitText, measure } from "../../src/compose";
import { FONT_CATALOG, fontStack } from "../../src/fonts";

const family = (name: string) => {
  const f = FONT_CATALOG.find((x) => x.name === name);
  if (!f) throw new Error(name);
  return f;
};
const sans = family("Noto Sans SC");
const inter = family("Inter");

function set(
  text: string,
  maxWidth: number,
  opts: { maxLines?: number; minSize?: number; fam?: typeof sans } = {},
) {
  const stack = fontStack(opts.fam ?? sans, 800, text);
  const r = fitText({
    text,
    stack,
    maxWidth,
    maxHeight: 2000,
    maxLines: opts.maxLines ?? 8,
    minSize: opts.minSize ?? 12,
    maxSize: 120,
    lineHeight: 1.2,
  });
  return { ...r, widths: r.lines.map((l) => measure(stack, r.size, l)), stack };
}

const LONG_ZH =
  "限时优惠，全场八折！7月1日起满300减50，新品水果茶第二杯半价，中秋月饼礼盒十二种口味一盒尽享（数量有限）";

describe("line breaking", { timeout: 60_000 }, () => {
  it("sets a 40+ character Chinese headline inside the box, keeping dates, amounts and words whole", () => {
    expect([...LONG_ZH].length).toBeGreaterThan(40);
    for (const width of [900, 520, 300]) {
      const r = set(LONG_ZH, width);
      expect(r.lines.join("")).toBe(LONG_ZH);
      for (const w of r.widths) expect(w).toBeLessThanOrEqual(width + 0.5);
      const joined = r.lines.join("\n");
      for (const whole of ["7月1日", "满300减50", "全场", "八折", "第二杯", "半价"]) {
        expect(joined, `${whole} at ${width}`).toContain(whole);
      }
    }
  });

  it("never starts a line with closing punctuation nor ends one with an opening bracket (kinsoku)", () => {
    const pieces = [
      "新品",
      "上市",
      "，",
      "。",
      "、",
      "！",
      "？",
      "（",
      "）",
      "「",
      "」",
      "满300减50",
      "全场",
      "7月1日",
      "好",
      "茶",
      "Cold Brew",
      " ",
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { minLength: 4, maxLength: 30 }),
        fc.integer({ min: 120, max: 600 }),
        (parts, width) => {
          const text = parts.join("").trim();
          if (!text) return;
          const r = set(text, width, { minSize: 10 });
          r.lines.forEach((line, i) => {
            if (i > 0)
              expect(
                NO_LINE_START.has([...line][0] ?? ""),
                `line "${line}" of ${JSON.stringify(r.lines)}`,
              ).toBe(false);
            if (i < r.lines.length - 1)
              expect(NO_LINE_END.has([...line].at(-1) ?? ""), `line "${line}"`).toBe(false);
          });
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });

  it("breaks Latin only between words", () => {
    const text = "Cold Brew, Warm Weekend for everyone who loves slow mornings";
    const r = set(text, 420, { fam: inter });
    expect(r.lines.length).toBeGreaterThan(1);
    expect(r.lines.join(" ")).toBe(text);
    for (const w of r.widths) expect(w).toBeLessThanOrEqual(420.5);
  });

  it("shrinks a single over-wide word, and hyphenates it rather than clip when shrinking is not enough", () => {
    const word = "Supercalifragilisticexpialidocious";
    const shrunk = set(word, 500, { fam: inter, minSize: 12 });
    expect(shrunk.lines).toEqual([word]);
    expect(shrunk.widths[0]).toBeLessThanOrEqual(500.5);
    const hyphen = set(word, 150, { fam: inter, minSize: 24 });
    expect(hyphen.hyphenated).toBe(true);
    expect(hyphen.lines.length).toBeGreaterThan(1);
    expect(hyphen.lines.slice(0, -1).every((l) => l.endsWith("-"))).toBe(true);
    expect(hyphen.lines.join("").replaceAll("-", "")).toBe(word);
    for (const w of hyphen.widths) expect(w).toBeLessThanOrEqual(150.5);
  });

  it("keeps emoji whole, with a font for each, and mixes zh/en without breaking Latin words", () => {
    const text = "夏日限定 🍉🧋 Summer Tea Party 新品上市 ☀️";
    const r = set(text, 200);
    expect(r.stack.missing).toEqual([]);
    expect(r.lines.join("").replace(/\s/g, "")).toBe(text.replace(/\s/g, ""));
    const joined = r.lines.join("\n");
    for (const whole of ["Summer", "Tea", "Party", "🍉🧋", "☀️", "新品上市"])
      expect(joined).toContain(whole);
    for (const w of r.widths) expect(w).toBeLessThanOrEqual(200.5);
  });

  it("balances lines instead of leaving a one-character last line", () => {
    const r = set("月圆人团圆", 330, { maxLines: 2 });
    expect(r.lines.length).toBe(2);
    expect(Math.min(...r.lines.map((l) => [...l].length))).toBeGreaterThanOrEqual(2);
  });
});
