import { describe, expect, it } from "vitest";
import { safeNextPath } from "../src/safe-next";

describe("safeNextPath: only paths on this app", () => {
  it.each([
    "/w/acme/studio",
    "/w/acme/studio?tab=history#top",
    "/invite/abc-123_XYZ",
    "/",
    "/w/%E4%B8%AD%E6%96%87/presets",
  ])("keeps %s", (path) => {
    expect(safeNextPath(path)).toBe(path);
  });

  it.each([
    "/%5Cevil.com",
    "/%5cevil.com",
    "/%255Cevil.com",
    "/%09/evil.com",
    "/\t/evil.com",
    "/%0A/evil.com",
    "/%0d/evil.com",
    "/\\evil.com",
    "\\\\evil.com",
    "//evil.com",
    "/%2F/evil.com",
    "/%2fevil.com/../",
    "///evil.com",
    "https://evil.com",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,hi",
    "evil.com",
    " /w/acme",
    "/ /evil.com",
    "/%",
    "",
    null,
    undefined,
  ])("refuses %j", (next) => {
    expect(safeNextPath(next)).toBeNull();
  });
});
