import { describe, expect, it } from "vitest";
import { localeFromAcceptLanguage } from "./accept-language";

describe("localeFromAcceptLanguage", () => {
  it("follows the browser's first language we speak", () => {
    expect(localeFromAcceptLanguage("zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh");
    expect(localeFromAcceptLanguage("zh-TW")).toBe("zh");
    expect(localeFromAcceptLanguage("en-US,en;q=0.9")).toBe("en");
    expect(localeFromAcceptLanguage("fr-FR,fr;q=0.9,zh;q=0.5,en;q=0.4")).toBe("zh");
    expect(localeFromAcceptLanguage("en;q=0.5, zh;q=0.8")).toBe("zh");
  });

  it("answers null when it cannot tell", () => {
    expect(localeFromAcceptLanguage(undefined)).toBeNull();
    expect(localeFromAcceptLanguage("")).toBeNull();
    expect(localeFromAcceptLanguage("de-DE,fr")).toBeNull();
    expect(localeFromAcceptLanguage("zh;q=0, en;q=0")).toBeNull();
  });
});
