import { FORMATS, type QualityResult } from "@hyperposter/domain";
import { describe, expect, it } from "vitest";
import { type Attempt, nextAttempt } from "../../src/poster/attempts";

const ok = { passed: true, findings: [] };
function result(fail: { contrast?: boolean; safe?: boolean; ocr?: boolean }): QualityResult {
  return {
    passed: false,
    reasons: ["x"],
    contrast: [
      {
        element: "headline",
        ratio: fail.contrast ? 1.5 : 9,
        meanRatio: 9,
        threshold: 3,
        passed: !fail.contrast,
      },
    ],
    safeArea: fail.safe ? { passed: false, findings: ["headline leaves the safe area"] } : ok,
    overlap: ok,
    readability: { rea: 0, gradient: 0, threshold: 0.025, passed: true },
    ocr: {
      skipped: false,
      blocks: [],
      share: fail.ocr ? 0.5 : 1,
      threshold: 0.95,
      passed: !fail.ocr,
      ms: 0,
    },
    missingGlyphs: [],
    ms: 0,
  };
}

describe("repair order", () => {
  const square = FORMATS["instagram-square"];

  it("starts with the preferred template, then adds its underlay, then a panel, then the next template", () => {
    const tried: Attempt[] = [];
    const first = nextAttempt(square, tried, undefined);
    expect(first).toMatchObject({ template: "bottom-band", underlay: "auto", scale: 1 });
    if (!first) return;
    tried.push(first);
    const second = nextAttempt(square, tried, result({ contrast: true }));
    expect(second).toMatchObject({ template: "bottom-band", underlay: "scrim" });
    if (!second) return;
    tried.push(second);
    const third = nextAttempt(square, tried, result({ contrast: true }));
    expect(third).toMatchObject({ template: "bottom-band", underlay: "panel" });
    if (!third) return;
    tried.push(third);
    const fourth = nextAttempt(square, tried, result({ contrast: true }));
    expect(fourth?.template).toBe("headline-top");
  });

  it("answers geometry failures with smaller type before switching templates", () => {
    const first: Attempt = {
      template: "bottom-band",
      underlay: "auto",
      scale: 1,
      action: "initial",
    };
    expect(nextAttempt(square, [first], result({ safe: true }))).toMatchObject({
      template: "bottom-band",
      scale: 0.85,
    });
  });

  it("gives up (undefined) once every candidate has been tried on a single-template format", () => {
    const strip = FORMATS["banner-leaderboard"];
    const tried: Attempt[] = [];
    for (
      let a = nextAttempt(strip, tried, undefined);
      a;
      a = nextAttempt(strip, tried, result({ contrast: true, safe: true }))
    ) {
      tried.push(a);
      expect(tried.length).toBeLessThan(10);
    }
    expect(tried.every((t) => t.template === "banner-strip")).toBe(true);
    expect(new Set(tried.map((t) => `${t.underlay}/${t.scale}`)).size).toBe(tried.length);
  });
});
