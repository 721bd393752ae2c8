import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../src/services/auth";
import { callerAs, startHarness, type Harness, TEST_PRESET } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness("history");
});
afterAll(() => h?.stop());

describe("history", () => {
  it("pages newest first with a cursor and filters by preset, status and day", async () => {
    const { user, workspace } = await signUp(h.db, {
      name: "H",
      email: "h@brand.test",
      password: "0123456789",
      workspaceName: "History Team",
    });
    const api = callerAs(h.deps, user);
    const ws = { workspaceSlug: workspace.slug };
    const { colors, fonts } = TEST_PRESET;
    const a = await api.preset.create({ ...ws, preset: { name: "A", colors, fonts } });
    const b = await api.preset.create({ ...ws, preset: { name: "B", colors, fonts } });
    const versionOf = async (presetId: string) =>
      (await h.db.brandPresetVersion.findFirstOrThrow({ where: { presetId } })).id;
    const rows: Array<{ preset: string; status: "SUCCEEDED" | "FAILED"; day: string }> = [
      { preset: a.id, status: "SUCCEEDED", day: "2026-11-01" },
      { preset: a.id, status: "FAILED", day: "2026-11-02" },
      { preset: b.id, status: "SUCCEEDED", day: "2026-11-03" },
      { preset: b.id, status: "SUCCEEDED", day: "2026-11-03" },
      { preset: a.id, status: "SUCCEEDED", day: "2026-11-04" },
    ];
    for (const [i, row] of rows.entries())
      await h.db.generation.create({
        data: {
          workspaceId: workspace.id,
          presetVersionId: await versionOf(row.preset),
          brief: { product: `Product ${i}`, formats: ["story"] },
          rephrased: { prompt: `prompt ${i}`, copy: { headline: `Headline ${i}`, cta: "Buy" } },
          seed: i,
          variants: 1,
          formats: ["story"],
          backend: "procedural",
          traceId: `t${i}`,
          status: row.status,
          createdAt: new Date(`${row.day}T10:00:0${i}Z`),
        },
      });

    const first = await api.history.list({ ...ws, limit: 2 });
    expect(first.items.map((i) => i.brief?.product)).toEqual(["Product 4", "Product 3"]);
    expect(first.items[0]).toMatchObject({
      prompt: "prompt 4",
      copy: { headline: "Headline 4" },
      preset: { name: "A" },
    });
    const second = await api.history.list({ ...ws, limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((i) => i.brief?.product)).toEqual(["Product 2", "Product 1"]);
    const third = await api.history.list({ ...ws, limit: 2, cursor: second.nextCursor! });
    expect(third.items.map((i) => i.brief?.product)).toEqual(["Product 0"]);
    expect(third.nextCursor).toBeNull();

    expect((await api.history.list({ ...ws, presetId: b.id })).items).toHaveLength(2);
    expect((await api.history.list({ ...ws, status: "FAILED" })).items.map((i) => i.seed)).toEqual([
      1,
    ]);
    const day = await api.history.list({ ...ws, from: "2026-11-02", to: "2026-11-03" });
    expect(day.items.map((i) => i.seed)).toEqual([3, 2, 1]);
  });
});
