import { BrandPreset, Brief, ISSUE_CODES, issuesFromZod } from "@hyperposter/domain";
import { describe, expect, it } from "vitest";
import { DICTIONARIES } from "../i18n/dictionary";
import { fieldLabel, issueMessage, localError } from "./errors";

describe("error sentences in the UI's language", () => {
  it("names every field in both languages", () => {
    expect(Object.keys(DICTIONARIES.zh.fields).sort()).toEqual(
      Object.keys(DICTIONARIES.en.fields).sort(),
    );
    // Every field of the brief and the preset has a label of its own, not the fallback.
    const paths = [
      ...Object.keys(Brief.shape).map((k) => `brief.${k}`),
      ...Object.keys(BrandPreset.shape)
        .filter((k) => !["colors", "fonts", "logo", "fontFiles"].includes(k))
        .map((k) => `preset.${k}`),
      ...Object.keys(BrandPreset.shape.colors.shape).map((k) => `preset.colors.${k}`),
      "preset.fonts.heading",
      "preset.fonts.body",
      "presetId",
      "variants",
      "seed",
    ];
    for (const path of paths)
      for (const locale of ["en", "zh"] as const)
        expect(fieldLabel(path, locale), `${path} (${locale})`).not.toMatch(/^(This field|此项)$/);
  });

  it("says every code with the label, and Chinese without English words", () => {
    for (const code of ISSUE_CODES) {
      const zh = issueMessage({ field: "brief.product", code, params: { min: 1, max: 9 } }, "zh");
      expect(zh.startsWith("产品") || zh.includes("产品"), `${code}: ${zh}`).toBe(true);
      const en = issueMessage({ field: "brief.product", code, params: { min: 1, max: 9 } }, "en");
      expect(en, code).toMatch(/Product/);
    }
  });

  it("renders the brief's problems found before sending", () => {
    const payload = { product: "", formats: [] };
    const issues = issuesFromZod(Brief.safeParse(payload).error!.issues, {
      root: "brief",
      input: payload,
    });
    const error = localError(issues, "zh")!;
    expect(error.message).toBe("产品不能为空。");
    expect(error.fieldErrors["brief.formats"]).toBe("尺寸至少需要选择一项。");
  });

  it("a generic field takes the form's own label", () => {
    expect(
      issueMessage({ field: "name", code: "too_short", params: { min: 2 } }, "en", {
        name: "Workspace name",
      }),
    ).toBe("Workspace name must be at least 2 characters.");
  });
});
