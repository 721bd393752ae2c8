import { BrandPreset, issuesFromZod } from "@hyperposter/domain";
import { describe, expect, it } from "vitest";
import { issueMessage } from "@/lib/errors";
import {
  addReference,
  referencesInput,
  strengthPercent,
  withStrengthPercent,
  withoutReference,
} from "./style-references-value";

const file = (id: string) => ({ id, url: `https://files.test/${id}`, name: `${id}.png` });

describe("style references in the preset editor", () => {
  it("adds at 60 %, at most 4, never the same file twice", () => {
    let list = addReference([], file("a"));
    expect(list).toEqual([{ ...file("a"), strength: 0.6 }]);
    expect(addReference(list, file("a"))).toBe(list);
    for (const id of ["b", "c", "d"]) list = addReference(list, file(id));
    expect(list.map((r) => r.id)).toEqual(["a", "b", "c", "d"]);
    expect(addReference(list, file("e"))).toBe(list);
  });

  it("maps the 0–100 % slider to a 0–1 strength and back, clamped", () => {
    const list = [
      { ...file("a"), strength: 0.6 },
      { ...file("b"), strength: 0.6 },
    ];
    const next = withStrengthPercent(list, 1, 25);
    expect(next.map((r) => r.strength)).toEqual([0.6, 0.25]);
    expect(withStrengthPercent(list, 0, 140)[0]!.strength).toBe(1);
    expect(withStrengthPercent(list, 0, -3)[0]!.strength).toBe(0);
    expect(strengthPercent(0.255)).toBe(26);
    expect(strengthPercent(0.6)).toBe(60);
    expect(referencesInput(withoutReference(next, 0))).toEqual([{ fileId: "b", strength: 0.25 }]);
  });

  it("names the field in the sentence of a refused save, in either language", () => {
    const sentences = (styleReferences: unknown[], locale: "en" | "zh" = "en") => {
      const parsed = BrandPreset.safeParse({
        slug: "brand",
        name: "Brand",
        colors: {
          primary: "#111111",
          secondary: "#222222",
          accent: "#333333",
          background: "#FFFFFF",
          text: "#000000",
        },
        fonts: { heading: "Inter", body: "Inter" },
        styleReferences,
      });
      return parsed.success
        ? []
        : issuesFromZod(parsed.error.issues).map((i) => issueMessage(i, locale));
    };
    expect(sentences([{ file: "a", strength: 1.5 }])).toEqual([
      "Style strength must be at most 1.",
    ]);
    const five = Array.from({ length: 5 }, (_, i) => ({ file: `f${i}` }));
    expect(sentences(five)).toEqual(["Style references can have at most 4 items."]);
    expect(sentences(five, "zh")).toEqual(["风格参考图最多 4 项。"]);
    expect(sentences(five.slice(1))).toEqual([]);
  });
});
