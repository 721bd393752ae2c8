import { loadPresetInputs } from "@hyperposter/jobs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { patchRestPreset, listRestPresets } from "../src/rest/presets";
import { signUp } from "../src/services/auth";
import { PNG_BASE64, TEST_PRESET, callerAs, errorOf, startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness("style_refs");
});
afterAll(() => h?.stop());

const jpeg = (r: number) =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: { r, g: 90, b: 30 } } })
    .jpeg()
    .toBuffer()
    .then((b) => b.toString("base64"));

async function team(email: string, workspaceName: string) {
  const { user, workspace } = await signUp(h.db, {
    name: "Ref",
    email,
    password: "0123456789",
    workspaceName,
  });
  return { api: callerAs(h.deps, user), ws: { workspaceSlug: workspace.slug }, workspace };
}

describe("preset style references", () => {
  it("uploads, saves with strengths, versions, compares and reads them back", async () => {
    const { api, ws, workspace } = await team("refs@brand.test", "Refs Team");
    const mood = await api.preset.uploadStyleReference({
      ...ws,
      fileName: "mood.jpg",
      contentBase64: await jpeg(200),
    });
    expect(mood).toMatchObject({ mime: "image/jpeg", width: 64, height: 48 });
    expect((await fetch(mood.url)).status).toBe(200);
    const grain = await api.preset.uploadStyleReference({
      ...ws,
      fileName: "grain.png",
      contentBase64: PNG_BASE64,
    });
    expect(grain.mime).toBe("image/png");

    const created = await api.preset.create({
      ...ws,
      preset: {
        ...TEST_PRESET,
        name: "Refs",
        // The strength defaults to 0.6 when left out.
        styleReferences: [{ fileId: mood.id }, { fileId: grain.id, strength: 0.25 }],
      },
    });
    expect(created.styleReferences.map((r) => [r.originalName, r.strength])).toEqual([
      ["mood.jpg", 0.6],
      ["grain.png", 0.25],
    ]);

    const edited = await api.preset.update({
      ...ws,
      presetId: created.id,
      preset: { ...created.data, styleReferences: [{ fileId: grain.id, strength: 1 }] },
    });
    expect(edited.version).toBe(2);
    expect(edited.styleReferences.map((r) => [r.id, r.strength])).toEqual([[grain.id, 1]]);
    // Version 1 keeps its two references.
    const v1 = await h.db.brandPresetVersion.findFirstOrThrow({
      where: { presetId: created.id, version: 1 },
      include: { styleReferences: { orderBy: { position: "asc" } } },
    });
    expect(v1.styleReferences.map((r) => [r.fileId, r.strength])).toEqual([
      [mood.id, 0.6],
      [grain.id, 0.25],
    ]);
    const same = await api.preset.update({
      ...ws,
      presetId: created.id,
      preset: { ...edited.data, styleReferences: [{ fileId: grain.id, strength: 1 }] },
    });
    expect(same).toMatchObject({ version: 2, unchanged: true });
    const compared = await api.preset.compare({ ...ws, presetId: created.id, from: 1, to: 2 });
    expect(compared.changes).toEqual([
      {
        field: "styleReferences",
        before: "mood.jpg 60 %, grain.png 25 %",
        after: "grain.png 100 %",
      },
    ]);
    const restored = await api.preset.restore({ ...ws, presetId: created.id, version: 1 });
    expect(restored.styleReferences.map((r) => r.id)).toEqual([mood.id, grain.id]);
    const copy = await api.preset.duplicate({ ...ws, presetId: created.id });
    expect(copy.styleReferences.map((r) => [r.id, r.strength])).toEqual([
      [mood.id, 0.6],
      [grain.id, 0.25],
    ]);

    // What the worker reads for a generation of version 1.
    const inputs = await loadPresetInputs(h.db, h.deps.storage, v1.id);
    expect(inputs?.styleReferences.map((r) => r.strength)).toEqual([0.6, 0.25]);
    expect(inputs?.preset.styleReferences).toEqual([
      { file: mood.id, strength: 0.6 },
      { file: grain.id, strength: 0.25 },
    ]);
    const decoded = await sharp(inputs!.styleReferences[0]!.bytes).metadata();
    expect([decoded.width, decoded.height]).toEqual([64, 48]);

    // The agency API shows them and a PATCH re-weighs them by id.
    const rest = { ...h.deps, apiBase: "http://api.test/api/v1" };
    const listed = await listRestPresets(rest, workspace.id);
    const restPreset = listed.data.find((p) => p.id === created.id)!;
    expect(restPreset.style_references.map((r) => [r.id, r.strength])).toEqual([
      [mood.id, 0.6],
      [grain.id, 0.25],
    ]);
    const patched = await patchRestPreset(rest, workspace.id, created.id, {
      style_references: [{ id: mood.id, strength: 0.9 }],
    });
    expect(patched.style_references.map((r) => [r.id, r.strength])).toEqual([[mood.id, 0.9]]);
    const kept = await patchRestPreset(rest, workspace.id, created.id, { tone: "calm" });
    expect(kept.style_references.map((r) => r.id)).toEqual([mood.id]);
  });

  it("refuses bad input with a 4xx sentence naming the field", async () => {
    const { api, ws } = await team("bad-refs@brand.test", "Bad Refs");
    const other = await team("other-refs@brand.test", "Other Refs");
    const theirs = await other.api.preset.uploadStyleReference({
      ...other.ws,
      fileName: "theirs.png",
      contentBase64: PNG_BASE64,
    });
    const mine = await api.preset.uploadStyleReference({
      ...ws,
      fileName: "mine.png",
      contentBase64: PNG_BASE64,
    });
    const logo = await api.preset.uploadLogo({
      ...ws,
      fileName: "l.png",
      contentBase64: PNG_BASE64,
    });

    const refused = async (call: Promise<unknown>) => {
      const e = await errorOf(call);
      return { code: e.code, message: e.message };
    };
    // Not an image (the type is read from the bytes, not the name).
    expect(
      await refused(
        api.preset.uploadStyleReference({
          ...ws,
          fileName: "x.png",
          contentBase64: Buffer.from("<html>not an image</html>").toString("base64"),
        }),
      ),
    ).toEqual({ code: "BAD_REQUEST", message: "file must be a PNG, JPEG or WebP image." });
    // An SVG is a logo's format, not a reference's.
    expect(
      (
        await refused(
          api.preset.uploadStyleReference({
            ...ws,
            fileName: "x.svg",
            contentBase64: Buffer.from(
              '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>',
            ).toString("base64"),
          }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    // A PNG header that declares 20000×20000 pixels.
    const huge = Buffer.from(PNG_BASE64, "base64");
    huge.writeUInt32BE(20_000, 16);
    huge.writeUInt32BE(20_000, 20);
    const tooLarge = await refused(
      api.preset.uploadStyleReference({
        ...ws,
        fileName: "huge.png",
        contentBase64: huge.toString("base64"),
      }),
    );
    expect(tooLarge.code).toBe("BAD_REQUEST");
    expect(tooLarge.message).toMatch(/^file is too large an image; a style reference may be/);
    expect(
      await refused(
        api.preset.uploadStyleReference({ ...ws, fileName: "e.png", contentBase64: "" }),
      ),
    ).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^file is empty/) });

    const save = (styleReferences: { fileId: string; strength?: number }[]) =>
      refused(api.preset.create({ ...ws, preset: { ...TEST_PRESET, styleReferences } }));
    expect(await save([{ fileId: theirs.id }])).toEqual({
      code: "NOT_FOUND",
      message: "styleReferences.0.fileId does not name a style reference image in this workspace.",
    });
    expect((await save([{ fileId: mine.id }, { fileId: logo.id }])).message).toBe(
      "styleReferences.1.fileId does not name a style reference image in this workspace.",
    );
    expect((await save([{ fileId: mine.id }, { fileId: mine.id }])).message).toBe(
      "styleReferences must not hold the same image twice.",
    );
    const strength = await errorOf(
      api.preset.create({
        ...ws,
        preset: { ...TEST_PRESET, styleReferences: [{ fileId: mine.id, strength: 1.5 }] },
      }),
    );
    expect(strength.code).toBe("BAD_REQUEST");
    expect(JSON.stringify(strength.cause ?? strength.message)).toContain("strength");
    const five = await errorOf(
      api.preset.create({
        ...ws,
        preset: {
          ...TEST_PRESET,
          styleReferences: Array.from({ length: 5 }, () => ({ fileId: mine.id })),
        },
      }),
    );
    expect(five.code).toBe("BAD_REQUEST");
    expect(JSON.stringify(five.cause ?? five.message)).toContain("styleReferences");
  });
});
