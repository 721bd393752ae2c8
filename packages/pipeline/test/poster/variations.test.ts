import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BrandPreset, Brief, variantCopy } from "@hyperposter/domain";
import { describe, expect, it } from "vitest";
import { ProceduralBackend } from "../../src/backgrounds";
import { generatePosterSet } from "../../src/poster";
import { rephrase } from "../../src/rephraser";

const examples = fileURLToPath(new URL("../../../../examples/", import.meta.url));
const preset = (JSON.parse(readFileSync(`${examples}presets.json`, "utf8")) as unknown[])
  .map((p) => BrandPreset.parse(p))
  .find((p) => p.slug === "roastery");
if (!preset) throw new Error("examples/presets.json lacks roastery");

describe("More variations vary the copy", { timeout: 90_000 }, () => {
  it("a series' next variants carry other headline and call-to-action candidates", async () => {
    const brief = Brief.parse({
      language: "en",
      product: "Osmanthus oolong tea",
      offer: "Buy 2, get the 3rd free",
      audience: "tea lovers",
      formats: ["instagram-square"],
    });
    const rephrased = await rephrase(brief, preset);
    const headlines = new Set(rephrased.copyCandidates.map((c) => c.headline));
    const ctas = new Set(rephrased.copyCandidates.map((c) => c.cta));
    // The rules write several candidates for this kind: variants can differ.
    expect(headlines.size).toBeGreaterThan(1);
    expect(ctas.size).toBeGreaterThan(1);

    const render = (variantOffset: number) =>
      generatePosterSet({
        brief,
        preset,
        rephrased,
        backend: new ProceduralBackend(),
        seed: 11,
        variants: 1,
        variantOffset,
        ocr: false,
      });
    // The first generation made variant 1; "More variations" continues at 2.
    const [first, more] = await Promise.all([render(0), render(1)]);
    const a = first.assets[0]?.copy;
    const b = more.assets[0]?.copy;
    expect(a).toEqual(variantCopy(rephrased, 0));
    expect(b).toEqual(variantCopy(rephrased, 1));
    expect(b?.headline).not.toBe(a?.headline);
    expect(b?.cta).not.toBe(a?.cta);
  });
});
