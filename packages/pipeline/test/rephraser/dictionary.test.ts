import { describe, expect, it } from "vitest";
import { rephrase } from "../../src/rephraser";
import { cedict, chooseSense, cleanSense } from "../../src/rephraser/dictionary/cedict";
import { CJK_ANYWHERE, presetNamed, untranslatedTerms } from "./helpers";

describe("CC-CEDICT fallback", () => {
  it("cleans senses into prompt phrases and skips cross-references", () => {
    expect(cleanSense("(bound form) cream")).toEqual(["cream"]);
    expect(cleanSense("office workers (as social group)")).toEqual(["office workers"]);
    expect(cleanSense("surname Ban")).toEqual([]);
    expect(cleanSense("variant of 嬭|奶[nai3]")).toEqual([]);
    expect(cleanSense("to suffer (shock, injury, defeat etc)")).toEqual(["to suffer"]);
  });

  it("chooses the first sense for products, a short one for style keywords", () => {
    const d = cedict();
    expect(d.size).toBeGreaterThan(100_000);
    expect(chooseSense(d.get("上班族")!, "subject")).toBe("office workers");
    expect(chooseSense(d.get("送礼")!, "subject")).toBe("give a present");
    expect(chooseSense(d.get("一家人")!, "subject")).toBe("whole family");
    for (const w of d.values())
      for (const s of w.senses) expect(s).not.toMatch(/[,<]|\p{Script=Han}/u);
  });

  it("keeps 热气腾腾 in the hot-pot prompt and translates the rest of the brief", async () => {
    const r = await rephrase(
      { language: "zh", product: "冬至吃火锅", style: "热气腾腾，一家人围坐", formats: ["story"] },
      presetNamed("jade-moon"),
    );
    expect(r.prompt).toContain("steaming hot");
    expect(r.prompt).toContain("whole family");
    expect(r.prompt).not.toMatch(CJK_ANYWHERE);
    expect(untranslatedTerms(r)).toEqual([]);
    expect(r.trace.some((t) => t.reason.startsWith("CC-CEDICT"))).toBe(true);
  });

  it("follows cross-references and names places, so travel and food briefs translate whole", async () => {
    const d = cedict();
    // CC-CEDICT only says "see 云南省", "abbr. for 体格检查", "see 柳州市" for these.
    expect(d.get("云南")?.senses[0]).toMatch(/^yunnan/);
    expect(d.get("柳州")?.senses).toEqual(["liuzhou"]);
    expect(d.get("体检")?.senses[0]).toBe("physical examination");
    for (const product of [
      "云南六日游",
      "长城一日游",
      "柳州螺蛳粉",
      "暑期班",
      "体检套餐",
      "云南小粒咖啡豆",
    ]) {
      const r = await rephrase(
        { language: "zh", product, formats: ["instagram-square"] },
        presetNamed("fresh-leaf"),
      );
      expect(untranslatedTerms(r), product).toEqual([]);
      expect(r.prompt).not.toMatch(CJK_ANYWHERE);
    }
  });
});
