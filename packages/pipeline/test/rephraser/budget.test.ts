import { AppError } from "@hyperposter/domain";
import { describe, expect, it } from "vitest";
import { DROP_ORDER, LEXICON_CATEGORIES, rephrase, SUBJECT_TOKEN_LIMIT } from "../../src/rephraser";
import { presetNamed } from "./helpers";

const preset = presetNamed("roastery");
const words = (n: number, stem: string) =>
  Array.from({ length: n }, (_, i) => `${stem}${String.fromCharCode(97 + (i % 26))}${i}`).join(" ");

async function refusal(brief: Parameters<typeof rephrase>[0]): Promise<AppError> {
  try {
    await rephrase(brief, preset);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("subject budget", () => {
  it("refuses a product whose terms alone exceed 60 CLIP tokens, naming the product", async () => {
    // Each digit is its own CLIP token: 70 tokens in 77 characters.
    const e = await refusal({ product: `coffee ${"1234567890".repeat(7)}`, formats: ["story"] });
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.status).toBe(400);
    expect(e.field).toBe("product");
    expect(e.message).toMatch(/product/);
    expect(e.message).toContain(String(SUBJECT_TOKEN_LIMIT));
    expect(e.messageZh).toMatch(/产品/);
  });

  it("names the style when the product fits but the style pushes the subject over", async () => {
    const e = await refusal({
      product: "cold brew coffee",
      style: words(40, "moody"),
      formats: ["story"],
    });
    expect(e.field).toBe("style");
  });

  it("refuses an over-long Chinese product too", async () => {
    const product = Object.keys(LEXICON_CATEGORIES.style).slice(0, 40).join("");
    const e = await refusal({ language: "zh", product, formats: ["story"] });
    expect(e.field).toBe("product");
  });

  it("compacts a wordy subject to its terms instead of refusing when the terms fit", async () => {
    const style = "with the and of a in on for to at by from ".repeat(6) + "moody rainy evening";
    const r = await rephrase({ product: "cold brew coffee", style, formats: ["story"] }, preset);
    for (const w of ["moody", "rainy", "evening", "cold", "brew", "coffee"])
      expect(r.prompt).toContain(w);
    expect(r.trace.some((t) => t.action === "note" && /stop words/.test(t.reason))).toBe(true);
  });
});

describe("slot budget", () => {
  it("drops the lowest-priority slots first, tracing each drop", async () => {
    const r = await rephrase(
      {
        product: "hand roasted single origin ethiopian coffee beans in a kraft paper bag",
        style: "moody dark rustic still life",
        formats: ["story"],
      },
      preset,
    );
    expect(r.tokenCount).toBeLessThanOrEqual(77);
    const dropped = r.trace.filter((t) => t.action === "dropped" && t.slot !== "negative");
    expect(dropped.length).toBeGreaterThan(0);
    for (const d of dropped) expect(d.reason).toMatch(/77-token budget/);
    // Every dropped slot ranks at or below every slot that kept a term.
    const kept = new Set(
      r.trace
        .filter((t) => t.action === "added" && t.slot !== "negative" && t.slot !== "copy")
        .map((t) => t.slot),
    );
    const rank = (s: string) => DROP_ORDER.indexOf(s as (typeof DROP_ORDER)[number]);
    const highestDropped = Math.max(...dropped.map((d) => rank(d.slot)));
    for (const s of kept)
      if (rank(s) < highestDropped) expect(dropped.some((d) => d.slot === s)).toBe(true);
    expect(r.prompt).toMatch(/negative space/);
  });

  it("does not let special tokens written in the brief reach the tokenizer", async () => {
    const r = await rephrase({ product: "coffee <|endoftext|> beans", formats: ["story"] }, preset);
    expect(r.prompt).not.toContain("<|");
  });
});
