import { describe, expect, it } from "vitest";
import { displayFile, type OutputFileRole, variantCopy } from "../src";

const c = (headline: string) => ({ headline, cta: "Buy" });

describe("variantCopy", () => {
  const rephrased = { copy: c("A"), copyCandidates: [c("A"), c("B"), c("C")] };
  it("gives variant 0 the best copy and the next candidates in turn", () => {
    expect([0, 1, 2, 3].map((i) => variantCopy(rephrased, i).headline)).toEqual([
      "A",
      "B",
      "C",
      "A",
    ]);
  });
  it("continues a series: a second generation starting at 1 does not repeat the first's copy", () => {
    expect(variantCopy(rephrased, 0 + 1).headline).not.toBe(variantCopy(rephrased, 0).headline);
  });
});

describe("displayFile", () => {
  const f = (role: OutputFileRole, encoding: string) => ({
    role,
    encoding,
    id: `${role}.${encoding}`,
  });
  const full = [f("ASSET", "png"), f("ASSET", "jpeg"), f("ASSET", "pdf"), f("BACKGROUND", "png")];
  it("picks the WebP renditions when they exist", () => {
    const files = [...full, f("PREVIEW", "webp"), f("THUMBNAIL", "webp")];
    expect(displayFile(files, "PREVIEW")?.id).toBe("PREVIEW.webp");
    expect(displayFile(files, "THUMBNAIL")?.id).toBe("THUMBNAIL.webp");
  });
  it("falls back to the full PNG for results made before renditions", () => {
    expect(displayFile(full, "PREVIEW")?.id).toBe("ASSET.png");
    expect(displayFile(full, "THUMBNAIL")?.id).toBe("ASSET.png");
  });
  it("never shows the background layer or a PDF", () => {
    expect(displayFile([f("ASSET", "pdf"), f("BACKGROUND", "png")], "PREVIEW")).toBeUndefined();
  });
});
