import { describe, expect, it } from "vitest";
import {
  AppError,
  BrandPreset,
  Brief,
  ISSUE_CODES,
  ISSUE_SENTENCES,
  issueSentence,
  issuesFromZod,
  MAX_SEED,
  parseInput,
  SeedInput,
  seedFromText,
} from "../src/index";

/** Words a Chinese sentence may carry: the field's label, and the examples it quotes. */
const ALLOWED_LATIN = /LABEL|U\+0000|UTF-16|https|example|com|name|A2B3C/g;

describe("the issue mapping", () => {
  it.each(ISSUE_CODES)("%s has an English and a Chinese sentence", (code) => {
    const params = { min: 2, max: 9, choices: ["a", "b"] };
    const en = ISSUE_SENTENCES[code].en("LABEL", params);
    const zh = ISSUE_SENTENCES[code].zh("LABEL", params);
    expect(en).toMatch(/LABEL/);
    expect(en).toMatch(/[.]$/);
    expect(zh).toMatch(/LABEL/);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(zh).toMatch(/。$/);
    // No English word in a Chinese sentence besides the label and quoted examples.
    expect(zh.replace(ALLOWED_LATIN, "").replace(/\b[ab]\b/g, "")).not.toMatch(/[A-Za-z]{2,}/);
  });

  it("maps the brief's problems to codes with their numbers", () => {
    const long = "x".repeat(2000);
    const result = Brief.safeParse({ product: long, offer: "", formats: [] });
    expect(result.success).toBe(false);
    const issues = issuesFromZod(result.error!.issues, { root: "brief" });
    expect(issues).toEqual([
      { field: "brief.product", code: "too_long", params: { max: 200 } },
      { field: "brief.offer", code: "empty" },
      { field: "brief.formats", code: "empty_list" },
    ]);
  });

  it("tells a missing field from a wrong type when it has the input", () => {
    const input = { formats: ["instagram-square"], headline: 5 };
    const issues = issuesFromZod(Brief.safeParse(input).error!.issues, { input });
    expect(issues.map((i) => [i.field, i.code])).toEqual([
      ["product", "required"],
      ["headline", "not_text"],
    ]);
  });

  it("names custom checks by their code", () => {
    const preset = {
      slug: "Bad Slug",
      name: "",
      colors: {
        primary: "#12",
        secondary: "#000000",
        accent: "#000000",
        background: "#FFFFFF",
        text: "#000000",
      },
      fonts: { heading: "Inter", body: "Inter\u0000" },
    };
    const issues = issuesFromZod(BrandPreset.safeParse(preset).error!.issues);
    expect(issues.map((i) => [i.field, i.code])).toEqual([
      ["slug", "slug"],
      ["name", "empty"],
      ["colors.primary", "hex_color"],
      ["fonts.body", "nul"],
    ]);
    const repeated = issuesFromZod(
      Brief.safeParse({ product: "Tea", formats: ["print-a4", "print-a4"] }).error!.issues,
    );
    expect(repeated).toEqual([{ field: "formats", code: "repeated" }]);
  });

  it("parseInput throws both sentences and every issue", () => {
    try {
      parseInput(Brief, { product: " ", formats: ["print-a4"] }, "brief");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      const e = error as AppError;
      expect(e.message).toBe("brief.product must not be empty.");
      expect(e.messageZh).toBe("brief.product不能为空。");
      expect(e.issues).toEqual([{ field: "brief.product", code: "empty" }]);
    }
    expect(issueSentence({ field: "x", code: "empty" }, "zh", "产品")).toBe("产品不能为空。");
  });
});

describe("seeds", () => {
  it("takes 0…2^32−1 and nothing else", () => {
    expect(SeedInput.parse(0)).toBe(0);
    expect(SeedInput.parse(MAX_SEED)).toBe(4294967295);
    const code = (value: unknown) =>
      issuesFromZod(SeedInput.safeParse(value).error!.issues)[0]?.code;
    expect(code(1.5)).toBe("not_integer");
    expect(code(-5)).toBe("too_small");
    expect(code(MAX_SEED + 1)).toBe("too_large");
    // 20 digits: a whole number past what a double holds exactly; the range is what is wrong.
    expect(code(Number("12345678901234567890"))).toBe("too_large");
  });

  it("reads a typed seed without dropping characters", () => {
    expect(seedFromText("")).toEqual({ seed: undefined, issue: null });
    expect(seedFromText(" 42 ")).toEqual({ seed: 42, issue: null });
    for (const text of ["1.5", "-5", "abc-12", "1e3"])
      expect(seedFromText(text).issue?.code, text).toBe("not_integer");
    expect(seedFromText("12345678901234567890").issue?.code).toBe("too_large");
    expect(issueSentence(seedFromText("1.5").issue!, "en", "Seed")).toBe(
      "Seed must be a whole number from 0 to 4,294,967,295, digits only.",
    );
  });
});
