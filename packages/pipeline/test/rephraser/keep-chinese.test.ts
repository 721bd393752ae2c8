import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeLlmTextEncoder } from "@hyperposter/pipeline/diffusion/builder";
import { rephrase } from "../../src/rephraser";
import { textEncoderKindOf } from "../../src/diffusion/text-encoders/kind";
import { CJK_ANYWHERE, loadExample, presetNamed } from "./helpers";

describe("rephraser for a model whose text encoder is a bilingual LLM", () => {
  it("keeps the zh brief's Chinese in the prompt instead of translating it (tea, mooncake)", async () => {
    // The zh briefs of /work/shared/briefs, as the repo's examples/ carries them.
    for (const name of ["tea-zh", "mooncake-zh"]) {
      const { brief, preset } = loadExample(name);
      const kept = await rephrase(brief, preset, { promptLanguage: "keep-chinese" });
      const translated = await rephrase(brief, preset);
      expect(kept.prompt.startsWith(brief.product)).toBe(true);
      expect(CJK_ANYWHERE.test(translated.prompt)).toBe(false);
      expect(kept.trace.some((t) => t.action === "translated" && t.slot === "subject")).toBe(false);
    }
  });

  it("keeps untranslatable words such as 热气腾腾 (the translate mode renders them through the dictionary)", async () => {
    const brief = {
      language: "zh",
      product: "冬至吃火锅",
      style: "热气腾腾，一家人围坐",
      formats: ["story"],
    };
    const kept = await rephrase(brief, presetNamed("jade-moon"), {
      promptLanguage: "keep-chinese",
    });
    expect(kept.prompt).toContain("热气腾腾");
    expect(kept.prompt).toContain("冬至吃火锅");
    expect(kept.trace.filter((t) => t.action === "untranslated")).toEqual([]);
  });

  it("picks the mode from the model folder: a Qwen text encoder is llm, an SD folder clip", () => {
    const dir = mkdtempSync(join(tmpdir(), "hp-kind-"));
    try {
      writeLlmTextEncoder(join(dir, "qwen"));
      expect(textEncoderKindOf(join(dir, "qwen"))).toBe("llm");
      expect(textEncoderKindOf(join(dir, "missing"))).toBe("clip");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
