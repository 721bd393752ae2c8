import { describe, expect, it } from "vitest";
import { fileSentence } from "./errors";
import { fileSize } from "./files";
import { timeAgo } from "./time";

describe("what the UI prints", () => {
  const now = Date.parse("2026-12-04T12:00:00Z");
  const ago = (ms: number) => new Date(now - ms).toISOString();

  it("says how long ago in the largest whole unit, in either language", () => {
    expect(timeAgo(ago(20_000), "en", now)).toBe("this minute");
    expect(timeAgo(ago(5 * 60_000 + 59_000), "en", now)).toBe("5 minutes ago");
    expect(timeAgo(ago(3 * 3_600_000), "en", now)).toBe("3 hours ago");
    expect(timeAgo(ago(26 * 3_600_000), "en", now)).toBe("yesterday");
    expect(timeAgo(ago(5 * 60_000), "zh", now)).toBe("5分钟前");
    // A clock slightly ahead of the server's never reads as the future.
    expect(timeAgo(ago(-30_000), "en", now)).toBe("this minute");
  });

  it("turns upload errors into sentences about the file", () => {
    expect(fileSentence("file must be a TTF, OTF, WOFF or WOFF2 font.")).toBe(
      "This file must be a TTF, OTF, WOFF or WOFF2 font.",
    );
    expect(fileSentence("file's licence flags forbid embedding it.")).toBe(
      "This file's licence flags forbid embedding it.",
    );
    expect(fileSentence("Could not reach the server.")).toBe("Could not reach the server.");
  });

  it("prints file sizes people read", () => {
    expect(fileSize(57_676)).toBe("56 KB");
    expect(fileSize(300)).toBe("1 KB");
    expect(fileSize(1_514_968)).toBe("1.4 MB");
  });
});
