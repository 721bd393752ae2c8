import { describe, expect, it } from "vitest";
import {
  Brief,
  BrandPreset,
  FileName,
  findUnsafeInput,
  MAX_INPUT_DEPTH,
  textProblem,
} from "../src";

describe("the edge rule for text", () => {
  it("allows what people type: any script, emoji, tab and newlines", () => {
    for (const ok of ["Mooncake 月饼 🥮", "line\nbreak\r\n", "tab\there", "é", "𝒳"])
      expect(textProblem(ok)).toBeNull();
  });

  it("refuses NUL, other C0 controls and lone surrogates", () => {
    expect(textProblem("a\u0000b")).toBe("nul");
    expect(textProblem("bell\u0007")).toBe("control");
    expect(textProblem("esc\u001b[31m")).toBe("control");
    expect(textProblem("\uD800")).toBe("surrogate");
    expect(textProblem("x\uDC00y")).toBe("surrogate");
    expect(textProblem("\uDBFF\uDBFF\uDC00")).toBe("surrogate");
  });

  it("finds the field at fault anywhere in a body, keys included", () => {
    expect(findUnsafeInput({ brief: { product: "ok", offer: "a\u0000" } })).toEqual({
      field: "brief.offer",
      problem: "nul",
    });
    expect(findUnsafeInput({ list: ["ok", "\uD83D"] })).toEqual({
      field: "list.1",
      problem: "surrogate",
    });
    expect(findUnsafeInput({ nested: { ["k\u0000"]: 1 } })?.problem).toBe("nul");
    expect(findUnsafeInput({ a: 1, b: [true, null, "fine"] })).toBeNull();
  });

  it("refuses bodies nested deeper than the cap without recursing", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnsafeInput(deep)).toEqual({ field: expect.any(String), problem: "too-deep" });
    let fine: unknown = 1;
    for (let i = 0; i < MAX_INPUT_DEPTH - 1; i++) fine = { x: fine };
    expect(findUnsafeInput(fine)).toBeNull();
  });

  it("is part of the brief and preset schemas, naming the field", () => {
    const brief = Brief.safeParse({ product: "Tea\u0000", formats: ["instagram-post"] });
    expect(brief.success).toBe(false);
    expect(brief.error?.issues[0]?.path).toEqual(["product"]);
    expect(brief.error?.issues[0]?.message).toMatch(/^product contains a NUL character/);
    const preset = BrandPreset.safeParse({
      slug: "ok",
      name: "Name \uD800",
      colors: {
        primary: "#000000",
        secondary: "#000000",
        accent: "#000000",
        background: "#FFFFFF",
        text: "#000000",
      },
      fonts: { heading: "Inter", body: "Inter" },
    });
    expect(preset.error?.issues[0]?.message).toMatch(/^name contains a broken character/);
  });

  it("keeps file names to a name: NFC, no folders, bounded", () => {
    expect(FileName.parse(" cafe\u0301.png ")).toBe("caf\u00e9.png");
    expect(FileName.safeParse("../../etc/passwd").success).toBe(false);
    expect(FileName.safeParse("C:\\fakepath\\logo.png").success).toBe(false);
    expect(FileName.safeParse("x".repeat(201)).success).toBe(false);
    expect(FileName.safeParse("logo\u0000.png").success).toBe(false);
  });
});
