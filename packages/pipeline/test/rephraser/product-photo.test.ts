import { Brief } from "@hyperposter/domain";
import { describe, expect, it } from "vitest";
import { rephrase } from "../../src/rephraser";
import { presetNamed } from "./helpers";

const preset = presetNamed("roastery");

describe("the product photo's description in the image prompt", () => {
  it("adds the described material, colours and details after the user's subject", async () => {
    const r = await rephrase(
      {
        product: "cold brew coffee",
        style: "minimal",
        formats: ["instagram-square"],
        productDescription: {
          source: "vision",
          name: "Cold brew bottle",
          category: "bottle",
          material: "amber glass",
          colors: ["brown", "cream"],
          details: ["kraft paper label", "black screw cap"],
        },
      },
      preset,
    );
    // The user's intent still opens the prompt.
    expect(r.prompt.startsWith("cold brew coffee, minimal")).toBe(true);
    expect(r.prompt).toContain("brown and cream amber glass");
    expect(r.prompt).toContain("bottle");
    expect(r.prompt).toContain("kraft paper label");
    expect(r.tokenCount).toBeLessThanOrEqual(77);
    expect(r.trace).toContainEqual(
      expect.objectContaining({ action: "added", slot: "product-photo", term: "bottle" }),
    );
  });

  it("without a description the prompt is unchanged", async () => {
    const brief = { product: "cold brew coffee", formats: ["story"] };
    const a = await rephrase(brief, preset);
    const b = await rephrase({ ...brief, productDescription: { colors: [], details: [] } }, preset);
    expect(b.prompt).toBe(a.prompt);
  });

  it("feeds the local analysis (named colours only) and leaves words the brief says", async () => {
    const r = await rephrase(
      {
        product: "tan leather bottle",
        formats: ["story"],
        productDescription: { source: "local", colors: ["brown", "tan"] },
      },
      preset,
    );
    expect(r.prompt.startsWith("tan leather bottle")).toBe(true);
    expect(r.prompt).toContain("in brown and tan");
    expect(r.trace.find((t) => t.slot === "product-photo")?.reason).toMatch(/colours read from/);
  });

  it("renders a Chinese description through the lexicon, never CJK to CLIP", async () => {
    const r = await rephrase(
      {
        language: "zh",
        product: "月饼礼盒",
        formats: ["story"],
        productDescription: { source: "vision", material: "纸", colors: ["红色", "金色"] },
      },
      presetNamed("jade-moon"),
    );
    expect(r.prompt).toMatch(/red and gold/);
    expect(r.prompt).not.toMatch(/\p{Script=Han}/u);
  });

  it("keeps the photo terms when the prompt is over budget and generic terms go first", async () => {
    const r = await rephrase(
      {
        product: "cold brew coffee with oat milk and vanilla syrup",
        style: "moody dramatic studio editorial magazine cover",
        formats: ["story"],
        productDescription: { material: "glass", colors: ["amber"], details: ["cork stopper"] },
      },
      preset,
    );
    expect(r.prompt).toContain("amber glass");
    expect(r.tokenCount).toBeLessThanOrEqual(77);
  });

  it("refuses a malformed description naming the field", () => {
    const bad = Brief.safeParse({
      product: "x",
      formats: ["story"],
      productDescription: { colors: "red" },
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path.join(".")).toBe("productDescription.colors");
    const extra = Brief.safeParse({
      product: "x",
      formats: ["story"],
      productDescription: { colour: ["red"] },
    });
    expect(extra.success).toBe(false);
  });
});
