import { holdCredits, ledgerEntries } from "@hyperposter/billing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../src/services/auth";
import { grantCredits } from "../src/services/credits";
import {
  callerAs,
  errorOf,
  fakeRequest,
  makeUser,
  startHarness,
  type Harness,
  TEST_PRESET,
} from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness("history_review");
});
afterAll(() => h?.stop());

let seq = 0;
async function team(label: string) {
  seq += 1;
  const { user, workspace } = await signUp(h.db, {
    name: label,
    email: `${label}${seq}@brand.test`,
    password: "0123456789",
    workspaceName: `${label} Team ${seq}`,
  });
  const api = callerAs(h.deps, user);
  const ws = { workspaceSlug: workspace.slug };
  const preset = await api.preset.create({ ...ws, preset: { ...TEST_PRESET, name: "P" } });
  const version = await h.db.brandPresetVersion.findFirstOrThrow({
    where: { presetId: preset.id },
  });
  return { user, workspace, api, ws, versionId: version.id };
}

/** A finished generation with one stored PNG asset and a background layer. */
async function finished(
  t: Awaited<ReturnType<typeof team>>,
  product: string,
  copy: { headline: string; subline?: string; cta: string },
  status: "SUCCEEDED" | "FAILED" | "RUNNING" = "SUCCEEDED",
) {
  const g = await h.db.generation.create({
    data: {
      workspaceId: t.workspace.id,
      presetVersionId: t.versionId,
      brief: { product, formats: ["instagram-square"] },
      rephrased: { prompt: "p", copy, copyCandidates: [copy] },
      seed: 1,
      variants: 1,
      formats: ["instagram-square"],
      backend: "procedural",
      traceId: "t",
      status,
    },
  });
  const assetKey = `${t.workspace.id}/${g.id}/0/instagram-square.png`;
  const backgroundKey = `${t.workspace.id}/${g.id}/0/instagram-square.background.png`;
  await h.deps.storage.put(assetKey, Buffer.from("png"), "image/png");
  await h.deps.storage.put(backgroundKey, Buffer.from("bg"), "image/png");
  const output = await h.db.generationOutput.create({
    data: {
      workspaceId: t.workspace.id,
      generationId: g.id,
      variant: 0,
      format: "instagram-square",
      status: "SUCCEEDED",
      layout: {},
      quality: {},
      passed: true,
      files: {
        create: [
          {
            workspaceId: t.workspace.id,
            role: "ASSET",
            encoding: "PNG",
            mime: "image/png",
            storageKey: assetKey,
            bytes: 3,
            width: 1080,
            height: 1080,
          },
        ],
      },
    },
  });
  return { id: g.id, outputId: output.id, assetKey, backgroundKey };
}

describe("history search, favourites, delete", () => {
  it("finds generations by product and copy, Chinese included, and treats % and _ literally", async () => {
    const t = await team("search");
    const tea = await finished(t, "桂花乌龙茶", {
      headline: "秋日限定，温暖上新",
      cta: "立即购买",
    });
    const shoe = await finished(t, "Trail Runner 2", { headline: "Run Further", cta: "Shop now" });
    await finished(t, "100% Cotton Tee", { headline: "Soft all day", cta: "Buy" });
    const other = await team("other");
    await finished(other, "桂花乌龙茶", { headline: "别人的", cta: "买" });

    const ids = async (q: string) =>
      (await t.api.history.list({ ...t.ws, q })).items.map((i) => i.id);
    expect(await ids("乌龙")).toEqual([tea.id]); // product, and never another workspace's row
    expect(await ids("温暖")).toEqual([tea.id]); // generated headline
    expect(await ids("run further")).toEqual([shoe.id]); // any case
    expect(await ids("SHOP")).toEqual([shoe.id]); // call to action
    expect((await ids("%")).length).toBe(1); // only the "100% Cotton" row
    expect(await ids("_")).toEqual([]);
    expect(await ids("headline")).toEqual([]); // JSON keys are not searched
    expect((await ids("  ")).length).toBe(3); // blank: no search
    const tooLong = await errorOf(t.api.history.list({ ...t.ws, q: "x".repeat(101) }));
    expect(tooLong.code).toBe("BAD_REQUEST");
  });

  it("stars for the team, lists favourites only, and refuses viewers and other workspaces", async () => {
    const t = await team("fav");
    const a = await finished(t, "A", { headline: "A", cta: "A" });
    await finished(t, "B", { headline: "B", cta: "B" });
    await t.api.history.favorite({ ...t.ws, generationId: a.id, favorite: true });
    const favs = await t.api.history.list({ ...t.ws, favorites: true });
    expect(favs.items.map((i) => [i.id, i.favorite])).toEqual([[a.id, true]]);
    await t.api.history.favorite({ ...t.ws, generationId: a.id, favorite: false });
    expect((await t.api.history.list({ ...t.ws, favorites: true })).items).toEqual([]);

    const viewer = await makeUser(h.db, `viewer${seq}@brand.test`);
    await h.db.membership.create({
      data: { userId: viewer.id, workspaceId: t.workspace.id, role: "VIEWER" },
    });
    const asViewer = callerAs(h.deps, viewer);
    expect(
      (await errorOf(asViewer.history.favorite({ ...t.ws, generationId: a.id, favorite: true })))
        .code,
    ).toBe("FORBIDDEN");
    expect((await errorOf(asViewer.history.delete({ ...t.ws, generationId: a.id }))).code).toBe(
      "FORBIDDEN",
    );
    const other = await team("fav-other");
    expect(
      (
        await errorOf(
          other.api.history.favorite({ ...other.ws, generationId: a.id, favorite: true }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect(
      (await errorOf(other.api.history.delete({ ...other.ws, generationId: a.id }))).code,
    ).toBe("NOT_FOUND");
  });

  it("shows a thumbnail of the first asset and deletes a generation with its files, credits untouched", async () => {
    const t = await team("del");
    const g = await finished(t, "Lamp", { headline: "Light", cta: "Buy" });
    // A hold that points at the generation: the ledger is why the row itself must stay.
    await grantCredits(h.deps, { workspaceId: t.workspace.id, amount: 10, actionId: `g:${g.id}` });
    await h.db.$transaction((tx) =>
      holdCredits(tx, { workspaceId: t.workspace.id, generationId: g.id, amount: 6 }),
    );
    const before = await ledgerEntries(h.db, t.workspace.id);
    expect(before.some((e) => e.generationId === g.id)).toBe(true);
    const listed = (await t.api.history.list(t.ws)).items[0];
    expect(listed?.thumbnail?.url).toContain("instagram-square.png");
    expect(await h.deps.storage.list(`${t.workspace.id}/${g.id}/`)).toHaveLength(2);

    const running = await finished(t, "Busy", { headline: "B", cta: "B" }, "RUNNING");
    expect((await errorOf(t.api.history.delete({ ...t.ws, generationId: running.id }))).code).toBe(
      "CONFLICT",
    );

    const result = await t.api.history.delete({ ...t.ws, generationId: g.id });
    expect(result.deletedFiles).toBe(2);
    expect(await h.deps.storage.list(`${t.workspace.id}/${g.id}/`)).toEqual([]);
    expect(await h.db.generation.count({ where: { id: g.id, deletedAt: null } })).toBe(0);
    expect((await t.api.history.list(t.ws)).items.map((i) => i.id)).toEqual([running.id]);
    expect((await errorOf(t.api.generation.get({ ...t.ws, generationId: g.id }))).code).toBe(
      "NOT_FOUND",
    );
    expect(await h.db.outputFile.count({ where: { storageKey: g.assetKey } })).toBe(0);
    // Credits untouched: the ledger is exactly what it was.
    expect(await ledgerEntries(h.db, t.workspace.id)).toEqual(before);
    // The running one's files are still there.
    expect(await h.deps.storage.list(`${t.workspace.id}/${running.id}/`)).toHaveLength(2);
    expect((await errorOf(t.api.history.delete({ ...t.ws, generationId: g.id }))).code).toBe(
      "NOT_FOUND",
    );
  });
});

describe("review links", () => {
  const tokenOf = (url: string) => url.split("/review/")[1] ?? "";

  it("lets someone without an account approve and comment; the team sees the state", async () => {
    const t = await team("rev");
    const g = await finished(t, "Mug", { headline: "Warm hands", cta: "Buy" });
    const link = await t.api.review.create({ ...t.ws, generationId: g.id });
    const token = tokenOf(link.url);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only the hash is stored.
    expect(await h.db.reviewLink.count({ where: { tokenHash: token } })).toBe(0);
    expect((await t.api.history.list(t.ws)).items[0]?.review?.state).toBe("WAITING");

    const anon = callerAs(h.deps, null, fakeRequest({}, "203.0.113.9"));
    const view = await anon.review.open({ token });
    expect(view.assets).toHaveLength(1);
    expect(view.assets[0]?.url).toContain("instagram-square.png");
    expect(view.copy?.headline).toBe("Warm hands");

    await anon.review.comment({
      token,
      name: "Client Li",
      outputId: g.outputId,
      body: "标题再大一点",
    });
    await anon.review.comment({ token, name: "Client Li", body: "Overall fine." });
    await anon.review.decide({ token, name: "Client Li", decision: "APPROVED" });

    const item = (await t.api.history.list(t.ws)).items[0];
    expect(item?.review).toMatchObject({ state: "APPROVED", comments: 2, decidedBy: "Client Li" });
    const links = await t.api.review.list({ ...t.ws, generationId: g.id });
    expect(links.links[0]?.comments.map((c) => [c.outputId, c.body])).toEqual([
      [g.outputId, "标题再大一点"],
      [null, "Overall fine."],
    ]);
    expect((await anon.review.open({ token })).comments).toHaveLength(2);
  });

  it("refuses bad, revoked and expired tokens, hostile comments, and strangers' assets", async () => {
    const t = await team("revbad");
    const g = await finished(t, "Pen", { headline: "Write", cta: "Buy" });
    const other = await finished(t, "Ink", { headline: "Ink", cta: "Buy" });
    const anon = callerAs(h.deps, null);
    for (const token of ["", "short", "x".repeat(43) + "y", "../../etc/passwd"]) {
      expect((await errorOf(anon.review.open({ token }))).code).toBe("BAD_REQUEST");
    }
    const unknown = await errorOf(anon.review.open({ token: "A".repeat(43) }));
    expect(unknown.code).toBe("NOT_FOUND");

    const link = await t.api.review.create({ ...t.ws, generationId: g.id, days: 1 });
    const token = tokenOf(link.url);
    const name = "Eve";
    expect((await errorOf(anon.review.comment({ token, name, body: "x".repeat(2001) }))).code).toBe(
      "BAD_REQUEST",
    );
    expect((await errorOf(anon.review.comment({ token, name: " ", body: "hi" }))).code).toBe(
      "BAD_REQUEST",
    );
    expect((await errorOf(anon.review.comment({ token, name, body: "a\u0000b" }))).code).toBe(
      "BAD_REQUEST",
    );
    expect(
      (await errorOf(anon.review.comment({ token, name, body: "hi", outputId: other.outputId })))
        .code,
    ).toBe("BAD_REQUEST");
    expect(
      (
        await errorOf(
          anon.review.decide({ token, name, decision: "MAYBE" as unknown as "APPROVED" }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    expect(
      (await errorOf(t.api.review.create({ ...t.ws, generationId: g.id, days: 31 }))).code,
    ).toBe("BAD_REQUEST");

    await h.db.reviewLink.update({
      where: { id: link.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await errorOf(anon.review.open({ token }));
    expect(expired.code).toBe("NOT_FOUND");
    expect(expired.message).toContain("expired");

    const second = await t.api.review.create({ ...t.ws, generationId: g.id });
    await t.api.review.revoke({ ...t.ws, linkId: second.id });
    const revoked = await errorOf(
      anon.review.decide({ token: tokenOf(second.url), name, decision: "APPROVED" }),
    );
    expect(revoked.code).toBe("NOT_FOUND");
    expect(revoked.message).toContain("withdrawn");

    const stranger = await team("revstranger");
    expect(
      (await errorOf(stranger.api.review.create({ ...stranger.ws, generationId: g.id }))).code,
    ).toBe("NOT_FOUND");
    expect(
      (await errorOf(stranger.api.review.revoke({ ...stranger.ws, linkId: link.id }))).code,
    ).toBe("NOT_FOUND");
  });

  it("rate-limits comments per link", async () => {
    const t = await team("revrate");
    const g = await finished(t, "Cap", { headline: "Cap", cta: "Buy" });
    const link = await t.api.review.create({ ...t.ws, generationId: g.id });
    const token = tokenOf(link.url);
    const key = `review:link:${link.id}`;
    await h.db.rateLimitEvent.createMany({ data: Array.from({ length: 60 }, () => ({ key })) });
    const anon = callerAs(h.deps, null);
    expect((await errorOf(anon.review.comment({ token, name: "Spam", body: "again" }))).code).toBe(
      "TOO_MANY_REQUESTS",
    );
  });
});
