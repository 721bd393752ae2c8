import { describe, expect, it } from "vitest";
import { catalogFont } from "../src/services/fonts";

describe("preset fonts", () => {
  it("resolve names and aliases in any case", () => {
    expect(catalogFont("noto sans cjk sc")?.name).toBe("Noto Sans SC");
    expect(catalogFont("  Noto Serif CJK SC ")?.name).toBe("Noto Serif SC");
    expect(catalogFont("HELVETICA")?.name).toBe("Inter");
    expect(catalogFont("Comic Sans")).toBeNull();
  });
});
