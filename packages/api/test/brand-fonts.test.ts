import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../src/services/auth";
import { FONT_MAX_BYTES } from "../src/services/font-files";
import { PNG_BASE64, callerAs, errorOf, httpCall, startHarness, type Harness } from "./harness";

// A workspace's own fonts: uploaded once into its library, checked with the
// pipeline's reader, chosen per preset role, kept per version, never shared
// across workspaces.

const fonts = fileURLToPath(new URL("../../../examples/fonts/", import.meta.url));
const BEBAS = readFileSync(`${fonts}BebasNeue-Regular.ttf`);
const SERIF = readFileSync(`${fonts}SourceSerif4-Bold.otf`);
const ZCOOL = readFileSync(
  createRequire(import.meta.url).resolve(
    "@expo-google-fonts/zcool-kuaile/400Regular/ZCOOLKuaiLe_400Regular.ttf",
  ),
);
const b64 = (bytes: Buffer) => bytes.toString("base64");

/** The TTF with its OS/2 fsType set to "restricted licence embedding". */
function restricted(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  for (let i = 0; i < copy.readUInt16BE(4); i++) {
    const record = 12 + i * 16;
    if (copy.toString("latin1", record, record + 4) === "OS/2")
      copy.writeUInt16BE(0x0002, copy.readUInt32BE(record + 8) + 8);
  }
  return copy;
}

const colors = {
  primary: "#111111",
  secondary: "#F5F5F0",
  accent: "#FF3D7F",
  background: "#FAFAF7",
  text: "#111111",
};

let h: Harness;
let api: ReturnType<typeof callerAs>;
let other: ReturnType<typeof callerAs>;
let ws: { workspaceSlug: string };
let otherWs: { workspaceSlug: string };

beforeAll(async () => {
  h = await startHarness("fonts");
  const a = await signUp(h.db, {
    name: "Fe",
    email: "fe@brand.test",
    password: "0123456789",
    workspaceName: "Stride",
  });
  const b = await signUp(h.db, {
    name: "Ot",
    email: "ot@brand.test",
    password: "0123456789",
    workspaceName: "Other Co",
  });
  api = callerAs(h.deps, a.user);
  other = callerAs(h.deps, b.user);
  ws = { workspaceSlug: a.workspace.slug };
  otherWs = { workspaceSlug: b.workspace.slug };
});
afterAll(() => h?.stop());

describe("font library", () => {
  it("takes TTF, OTF and a Chinese font, describing each from its own tables", async () => {
    const bebas = await api.font.upload({
      ...ws,
      fileName: "BebasNeue-Regular.ttf",
      contentBase64: b64(BEBAS),
    });
    expect(bebas).toMatchObject({
      family: "Bebas Neue",
      style: "Regular",
      weight: 400,
      format: "ttf",
      latin: true,
      cjk: 0,
      script: "latin",
      originalName: "BebasNeue-Regular.ttf",
    });
    const serif = await api.font.upload({
      ...ws,
      fileName: "brand serif.otf",
      contentBase64: b64(SERIF),
    });
    expect(serif).toMatchObject({ family: "Source Serif 4", weight: 700, format: "otf" });
    const zcool = await api.font.upload({
      ...ws,
      fileName: "zcool.ttf",
      contentBase64: b64(ZCOOL),
    });
    expect(zcool).toMatchObject({ family: "ZCOOL KuaiLe", script: "cjk" });
    expect(zcool.cjk).toBeGreaterThan(6000);

    // The same file again is the same library entry.
    const again = await api.font.upload({ ...ws, fileName: "copy.ttf", contentBase64: b64(BEBAS) });
    expect(again.id).toBe(bebas.id);
    const listed = await api.font.list(ws);
    expect(listed.uploaded.map((f) => f.family)).toEqual([
      "Bebas Neue",
      "Source Serif 4",
      "ZCOOL KuaiLe",
    ]);
    expect(listed.catalog.map((f) => f.name)).toEqual(["Inter", "Noto Sans SC", "Noto Serif SC"]);
    // Another workspace sees none of them.
    expect((await other.font.list(otherWs)).uploaded).toEqual([]);

    // The stored object is the font as HarfBuzz rebuilt it, not the upload.
    const link = await api.font.file({ ...ws, fontFileId: serif.id });
    expect(link).toMatchObject({ mime: "font/otf", family: "Source Serif 4" });
    const response = await fetch(link.url);
    const signed = new URL(link.url).searchParams;
    expect(signed.get("response-content-disposition")).toBe('attachment; filename="font.otf"');
    expect(signed.get("response-content-type")).toBe("font/otf");
    const stored = Buffer.from(await response.arrayBuffer());
    expect(stored.length).toBe(serif.bytes);
    expect(stored.subarray(0, 4).toString("latin1")).toBe("OTTO");
    expect(stored.equals(SERIF)).toBe(false);
  });

  it("refuses what it could not draw or embed, naming the file in a sentence", async () => {
    const cases: Array<[string, string, RegExp]> = [
      ["logo.png", PNG_BASE64, /must be a TTF, OTF, WOFF or WOFF2 font/],
      ["cut.ttf", b64(BEBAS.subarray(0, 3000)), /damaged or cut short/],
      ["set.ttc", b64(Buffer.concat([Buffer.from("ttcf"), BEBAS.subarray(4)])), /collection/],
      ["locked.ttf", b64(restricted(BEBAS)), /licence flags forbid embedding/],
      ["empty.ttf", "", /file is empty/],
    ];
    for (const [fileName, contentBase64, message] of cases) {
      const error = await errorOf(api.font.upload({ ...ws, fileName, contentBase64 }));
      expect(error.code, fileName).toBe("BAD_REQUEST");
      expect(error.message, fileName).toMatch(message);
      expect((error.cause as { field?: string }).field, fileName).toBe("file");
    }
    expect(await h.db.storedFile.count({ where: { kind: "FONT" } })).toBe(3);
  });

  it("refuses a file over the limit before storing anything, over HTTP as a 400", async () => {
    const cookie = (
      await httpCall(h.deps, "auth.signIn", { email: "fe@brand.test", password: "0123456789" })
    ).setCookie[0]!.split(";")[0]!;
    const big = Buffer.alloc(FONT_MAX_BYTES + 1024, 1);
    big.write("true", 0, "latin1");
    const res = await httpCall(
      h.deps,
      "font.upload",
      { ...ws, fileName: "huge.ttf", contentBase64: b64(big) },
      { cookie },
    );
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toMatch(/at most 15 MB/);
  });
});

describe("presets set in uploaded fonts", () => {
  it("takes the family from the file, keeps fonts per version and in duplicates", async () => {
    const { uploaded } = await api.font.list(ws);
    const bebas = uploaded.find((f) => f.family === "Bebas Neue")!;
    const serif = uploaded.find((f) => f.family === "Source Serif 4")!;
    const created = await api.preset.create({
      ...ws,
      preset: {
        name: "Stride Run",
        colors,
        // Whatever the client says, a role with a file is named after the file's family.
        fonts: { heading: "whatever the browser sent", body: "Inter" },
        headingFontFileId: bebas.id,
        bodyFontFileId: serif.id,
      },
    });
    expect(created.data.fonts).toEqual({ heading: "Bebas Neue", body: "Source Serif 4" });
    expect(created.fontFiles.heading?.id).toBe(bebas.id);
    expect(created.fontFiles.body?.family).toBe("Source Serif 4");

    const edited = await api.preset.update({
      ...ws,
      presetId: created.id,
      preset: {
        ...created.data,
        fonts: { heading: "Bebas Neue", body: "Inter" },
        headingFontFileId: bebas.id,
        bodyFontFileId: null,
      },
    });
    expect(edited).toMatchObject({ version: 2, data: { fonts: { body: "Inter" } } });
    expect(edited.fontFiles).toEqual({
      heading: expect.objectContaining({ id: bebas.id }),
      body: null,
    });
    const first = await h.db.brandPresetVersion.findFirstOrThrow({
      where: { presetId: created.id, version: 1 },
    });
    expect(first).toMatchObject({ headingFontFileId: bebas.id, bodyFontFileId: serif.id });

    const copy = await api.preset.duplicate({ ...ws, presetId: created.id });
    expect(copy.fontFiles.heading?.id).toBe(bebas.id);
  });

  it("a family name without its file must be in the catalog", async () => {
    const error = await errorOf(
      api.preset.create({
        ...ws,
        preset: { name: "Loose", colors, fonts: { heading: "Bebas Neue", body: "Inter" } },
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect((error.cause as { field?: string }).field).toBe("fonts.heading");
    expect(error.message).toMatch(/not in the font catalog or this workspace's fonts/);
  });

  it("another workspace's font cannot be attached or read", async () => {
    const theirs = await other.font.upload({
      ...otherWs,
      fileName: "b.ttf",
      contentBase64: b64(BEBAS),
    });
    const attach = await errorOf(
      api.preset.create({
        ...ws,
        preset: {
          name: "Borrowed",
          colors,
          fonts: { heading: "Inter", body: "Inter" },
          bodyFontFileId: theirs.id,
        },
      }),
    );
    expect(attach.code).toBe("NOT_FOUND");
    expect((attach.cause as { field?: string }).field).toBe("fonts.body");
    expect((await errorOf(api.font.file({ ...ws, fontFileId: theirs.id }))).code).toBe("NOT_FOUND");
  });
});
