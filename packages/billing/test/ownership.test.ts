import { execFileSync } from "node:child_process";
import { repoRoot } from "@hyperposter/devstack";
import { describe, expect, it } from "vitest";

describe("the ledger has one owner", () => {
  it("no code outside packages/billing names the ledger table", () => {
    // git grep exits 1 when nothing matches: that is the passing case.
    let hits = "";
    try {
      hits = execFileSync(
        "git",
        [
          "grep",
          "-n",
          "-i",
          "-E",
          "creditLedgerEntry|credit_ledger",
          "--",
          "apps",
          "packages",
          "e2e",
          ":!packages/billing",
          ":!packages/db/src/generated",
        ],
        { cwd: repoRoot, encoding: "utf8" },
      );
    } catch (error) {
      if ((error as { status?: number }).status !== 1) throw error;
    }
    expect(hits).toBe("");
  });
});
