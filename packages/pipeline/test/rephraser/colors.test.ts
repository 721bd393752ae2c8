import { describe, expect, it } from "vitest";
import { deltaE2000, hexToLab, nameColor } from "../../src/rephraser";

describe("CIEDE2000", () => {
  // Sharma, Wu & Dalal (2005), test data pairs 1, 7, 13, 19, 25, 34.
  it.each([
    [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
    [[50, 0, 0], [50, -1, 2], 2.3669],
    [[50, 2.5, 0], [56, -27, -3], 31.903],
    [[50, 2.5, 0], [50, 0, -2.5], 4.3065],
    [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
    [[2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514], 0.9082],
  ] as const)("matches the published value for %j vs %j", (a, b, expected) => {
    const d = deltaE2000({ L: a[0], a: a[1], b: a[2] }, { L: b[0], a: b[1], b: b[2] });
    expect(d).toBeCloseTo(expected, 3);
  });

  it("converts sRGB to Lab (D65)", () => {
    const white = hexToLab("#FFFFFF");
    expect(white.L).toBeCloseTo(100, 1);
    expect(Math.abs(white.a)).toBeLessThan(0.01);
    const red = hexToLab("#FF0000");
    expect(red.L).toBeCloseTo(53.24, 1);
    expect(red.a).toBeCloseTo(80.09, 0);
    expect(red.b).toBeCloseTo(67.2, 0);
  });
});

describe("nameColor", () => {
  it.each([
    ["#3B2314", "dark chocolate brown"],
    ["#FFFFFF", "white"],
    ["#111111", "black"],
    ["#FF4F9A", "hot pink"],
    ["#2A9D8F", "teal"],
    ["#E34234", "vermilion"],
    ["#1E3A8A", "cobalt blue"],
  ])("names %s %s", (hex, name) => {
    expect(nameColor(hex).name).toBe(name);
  });
});
