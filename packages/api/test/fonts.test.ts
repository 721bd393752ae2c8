import { FONT_CATALOG } from "@hyperposter/pipeline";
import { describe, expect, it } from "vitest";
import { PRESET_FONTS, catalogFont } from "../src/services/fonts";

describe("preset fonts", () => {
  it("mirror the pipeline's font catalog exactly", () => {
    expect(PRESET_FONTS.map(({ name, script, aliases }) => ({ name, script, aliases }))).toEqual(
      FONT_CATALOG.map(({ name, script, aliases }) => ({ name, script, aliases })),
    );
  });

  it("resolve names and aliases in any case", () => {
    expect(catalogFont("noto sans cjk sc")?.name).toBe("Noto Sans SC");
    expect(catalogFont("HELVETICA")?.name).toBe("Inter");
    expect(catalogFont("Comic Sans")).toBeNull();
  });
});
