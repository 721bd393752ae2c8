import { grantCredits } from "@hyperposter/billing";
import { rephrase, syntheticPhoto, writeTinySegmentationModel } from "@hyperposter/pipeline";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { segmenterFromSettings } from "../src/services/segmenter";
import {
  PNG_BASE64,
  TEST_PRESET,
  callerAs,
  errorOf,
  makeUser,
  makeWorkspace,
  startHarness,
  type Harness,
} from "./harness";

// The workspace product library: photos checked like logos, cut out at
// upload, reused by generations; uncertain cut-outs need a person's yes.

const examples = fileURLToPath(new URL("../../../examples/products/", import.meta.url));
const BOTTLE = readFileSync(`${examples}cold-brew-bottle.jpg`);
const CUP = readFileSync(`${examples}fruit-tea-cup.png`);
const b64 = (bytes: Buffer) => bytes.toString("base64");
const fieldOf = (error: { cause?: unknown }) => (error.cause as { field?: string }).field;

let h: Harness;
let owner: ReturnType<typeof callerAs>;
let ownerUser: Awaited<ReturnType<typeof makeUser>>;
let viewer: ReturnType<typeof callerAs>;
let stranger: ReturnType<typeof callerAs>;
let presetId: string;
const ws = { workspaceSlug: "shop" };
const brief = { product: "cold brew", formats: ["banner-medium-rectangle"] };
let firstGenerationId = "";

beforeAll(async () => {
  h = await startHarness("products");
  const o = await makeUser(h.db, "owner@shop.test");
  const v = await makeUser(h.db, "viewer@shop.test");
  const s = await makeUser(h.db, "s@else.test");
  const shop = await makeWorkspace(h.db, "shop", [
    { userId: o.id, role: "OWNER" },
    { userId: v.id, role: "VIEWER" },
  ]);
  await makeWorkspace(h.db, "else", [{ userId: s.id, role: "OWNER" }]);
  await grantCredits(h.db, {
    workspaceId: shop.id,
    amount: 50,
    cause: { type: "admin", actionId: "products:grant" },
  });
  owner = callerAs(h.deps, o);
  ownerUser = o;
  viewer = callerAs(h.deps, v);
  stranger = callerAs(h.deps, s);
  presetId = (await owner.preset.create({ ...ws, preset: TEST_PRESET })).id;
});
afterAll(() => h?.stop());

describe("product library", () => {
  it("takes a JPEG on white: a new product named after the file, cut out with confidence", async () => {
    const { product, photo } = await owner.product.upload({
      ...ws,
      fileName: "cold-brew_bottle.jpg",
      contentBase64: b64(BOTTLE),
    });
    expect(product.name).toBe("cold brew bottle");
    expect(product.photos.map((p) => p.id)).toEqual([photo.id]);
    expect(photo).toMatchObject({
      method: "backdrop",
      backdrop: "plain",
      width: 600,
      height: 800,
      needsConfirmation: false,
    });
    expect(photo.confidence).toBeGreaterThanOrEqual(0.6);
    // The cut-out is a PNG with real transparency, cropped to the bottle.
    const cut = await fetch(photo.cutoutUrl);
    expect(cut.headers.get("content-type")).toBe("image/png");
    const meta = await sharp(Buffer.from(await cut.arrayBuffer())).metadata();
    expect(meta.hasAlpha).toBe(true);
    expect(meta.height).toBe(photo.cutoutHeight);
    expect(photo.cutoutHeight).toBeLessThan(800);
    expect((await fetch(photo.photoUrl)).headers.get("content-type")).toBe("image/jpeg");
  });

  it("with SEGMENTATION_MODEL set, cuts the upload with the ONNX model (the tiny built one)", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "seg-")), "tiny.onnx");
    writeTinySegmentationModel(path, 64);
    const segmenter = segmenterFromSettings({ SEGMENTATION_MODEL: path });
    const withModel = callerAs({ ...h.deps, ...(segmenter ? { segmenter } : {}) }, ownerUser);
    const { product, photo } = await withModel.product.upload({
      ...ws,
      fileName: "model-cut.jpg",
      contentBase64: b64(BOTTLE),
    });
    expect(photo.method).toBe("model");
    expect(photo.cutoutWidth).toBeLessThan(600);
    await owner.product.delete({ ...ws, productId: product.id });
  });

  it("uses a PNG's own alpha as is, and takes a WebP as a second photo of the same product", async () => {
    const cup = await owner.product.upload({
      ...ws,
      name: "  Fruit tea  ",
      fileName: "cup.png",
      contentBase64: b64(CUP),
    });
    expect(cup.product.name).toBe("Fruit tea");
    expect(cup.photo).toMatchObject({ method: "alpha", confidence: 1, backdrop: "transparent" });
    const webp = await sharp(BOTTLE).webp({ quality: 90 }).toBuffer();
    const second = await owner.product.upload({
      ...ws,
      productId: cup.product.id,
      fileName: "side.webp",
      contentBase64: b64(webp),
    });
    expect(second.product.photos).toHaveLength(2);
    // Stored as the intake re-encoded it (WebP becomes PNG).
    expect((await fetch(second.photo.photoUrl)).headers.get("content-type")).toBe("image/png");
  });

  it("refuses what is not a PNG, JPEG or WebP photo, naming the field", async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    for (const [fileName, bytes, message] of [
      ["logo.svg", svg, /PNG, JPEG or WebP/],
      ["noise.jpg", Buffer.from("not an image at all"), /PNG, JPEG or WebP/],
      ["empty.png", Buffer.alloc(0), /empty/],
      ["dot.png", Buffer.from(PNG_BASE64, "base64"), /no product/],
    ] as const) {
      const error = await errorOf(
        owner.product.upload({ ...ws, fileName, contentBase64: b64(bytes) }),
      );
      expect(error.code, fileName).toBe("BAD_REQUEST");
      expect(error.message, fileName).toMatch(message);
      expect(fieldOf(error), fileName).toBe("file");
    }
    const tooBig = await errorOf(
      owner.product.upload({
        ...ws,
        fileName: "huge.png",
        contentBase64: b64(
          await sharp({ create: { width: 5000, height: 10, channels: 3, background: "#fff" } })
            .png()
            .toBuffer(),
        ),
      }),
    );
    expect(tooBig.message).toMatch(/a photo may be at most 4096 pixels/);
  });

  it("lists, renames and deletes; viewers read, only editors write; other workspaces see nothing", async () => {
    const list = await viewer.product.list(ws);
    expect(list.map((p) => p.name)).toEqual(["Fruit tea", "cold brew bottle"]);
    const bottle = list[1]!;
    const renamed = await owner.product.rename({ ...ws, productId: bottle.id, name: "Cold brew" });
    expect(renamed.name).toBe("Cold brew");
    const badName = await errorOf(owner.product.rename({ ...ws, productId: bottle.id, name: " " }));
    expect(fieldOf(badName)).toBe("name");
    expect(
      (
        await errorOf(
          viewer.product.upload({ ...ws, fileName: "b.jpg", contentBase64: b64(BOTTLE) }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect((await errorOf(viewer.product.delete({ ...ws, productId: bottle.id }))).code).toBe(
      "FORBIDDEN",
    );
    const foreign = await errorOf(
      stranger.product.get({ workspaceSlug: "else", productId: bottle.id }),
    );
    expect(foreign.code).toBe("NOT_FOUND");
    expect(fieldOf(foreign)).toBe("productId");
    expect(await stranger.product.list({ workspaceSlug: "else" })).toEqual([]);
    const photoId = bottle.photos[0]!.id;
    const elsewhere = await errorOf(
      stranger.generation.create({
        workspaceSlug: "else",
        presetId: "x",
        variants: 1,
        brief,
        productPhotoId: photoId,
      }),
    );
    expect(elsewhere.code).toBe("NOT_FOUND");
  });

  it("a generation carries a confident photo; an uncertain one waits for a person to confirm it", async () => {
    const [bottle] = (await owner.product.list(ws)).filter((p) => p.name === "Cold brew");
    const photoId = bottle!.photos[0]!.id;
    const made = await owner.generation.create({
      ...ws,
      presetId,
      variants: 1,
      brief,
      productPhotoId: photoId,
    });
    const view = await owner.generation.get({ ...ws, generationId: made.generationId });
    expect(view.product).toEqual({
      productId: bottle!.id,
      photoId,
      name: "Cold brew",
      report: null,
    });
    firstGenerationId = made.generationId;
    // "Same seed again" resubmits with the same photo.
    expect(
      (await owner.generation.source({ ...ws, generationId: made.generationId })).productPhotoId,
    ).toBe(photoId);

    // A product on a busy backdrop: the cut-out is a guess.
    const busy = syntheticPhoto(4);
    expect(busy.backdrop).toBe("busy");
    const png = await sharp(Buffer.from(busy.photo.data), {
      raw: { width: busy.photo.width, height: busy.photo.height, channels: 4 },
    })
      .removeAlpha()
      .png()
      .toBuffer();
    const { photo } = await owner.product.upload({
      ...ws,
      fileName: "busy.png",
      contentBase64: b64(png),
    });
    expect(photo.confidence).toBeLessThan(0.6);
    expect(photo.needsConfirmation).toBe(true);
    const refused = await errorOf(
      owner.generation.create({ ...ws, presetId, variants: 1, brief, productPhotoId: photo.id }),
    );
    expect(refused.code).toBe("BAD_REQUEST");
    expect(fieldOf(refused)).toBe("productPhotoId");
    expect(refused.message).toMatch(/uncertain.*confirm it, or upload a PNG/);
    expect((await errorOf(viewer.product.confirmCutout({ ...ws, photoId: photo.id }))).code).toBe(
      "FORBIDDEN",
    );
    const confirmed = await owner.product.confirmCutout({ ...ws, photoId: photo.id });
    expect(confirmed.needsConfirmation).toBe(false);
    expect(confirmed.confirmedAt).not.toBeNull();
    await owner.generation.create({
      ...ws,
      presetId,
      variants: 1,
      brief,
      productPhotoId: photo.id,
    });
  });

  it("a deleted product or removed photo leaves the library and cannot start a generation", async () => {
    const [cup] = (await owner.product.list(ws)).filter((p) => p.name === "Fruit tea");
    const [first, second] = cup!.photos;
    const after = await owner.product.removePhoto({ ...ws, photoId: second!.id });
    expect(after.photos.map((p) => p.id)).toEqual([first!.id]);
    await owner.product.delete({ ...ws, productId: cup!.id });
    expect((await owner.product.list(ws)).map((p) => p.name)).not.toContain("Fruit tea");
    const gone = await errorOf(
      owner.generation.create({ ...ws, presetId, variants: 1, brief, productPhotoId: first!.id }),
    );
    expect(gone.code).toBe("NOT_FOUND");
    expect(fieldOf(gone)).toBe("productPhotoId");
  });
});

describe("fill the brief from the photo", () => {
  it("without a vision endpoint, names the cut-out's colours and shape", async () => {
    const { photo } = await owner.product.upload({
      ...ws,
      fileName: "bottle-again.jpg",
      contentBase64: b64(BOTTLE),
    });
    const d = await owner.product.describe({ ...ws, photoId: photo.id, language: "en" });
    expect(d).toMatchObject({ source: "local", name: null, orientation: "tall", note: null });
    expect(d.colors.length).toBeGreaterThan(0);
    expect(d.colors.join(" ")).toMatch(/brown|tan|beige|umber|coffee|chocolate/i);
  });

  it("asks the vision endpoint with the photo, and falls back to the local analysis when it fails", async () => {
    const { createServer } = await import("node:http");
    const seen: string[] = [];
    let answer = JSON.stringify({
      name: "冷萃咖啡瓶",
      category: "饮料",
      material: "玻璃",
      colors: ["深棕色"],
      details: ["牛皮纸标签"],
    });
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        seen.push(body);
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ choices: [{ message: { content: answer } }] }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    try {
      const o = await h.db.user.findUniqueOrThrow({ where: { email: "owner@shop.test" } });
      const withVlm = callerAs(
        {
          ...h.deps,
          vlm: { baseUrl: `http://127.0.0.1:${port}/v1`, model: "vision", retries: 0 },
        },
        o,
      );
      const [product] = (await owner.product.list(ws)).filter((p) => p.name === "Cold brew");
      const photoId = product!.photos[0]!.id;
      const d = await withVlm.product.describe({ ...ws, photoId, language: "zh" });
      expect(d).toMatchObject({
        source: "vision",
        name: "冷萃咖啡瓶",
        material: "玻璃",
        colors: ["深棕色"],
      });
      // The same description, ready for brief.productDescription: the image prompt names it in English.
      expect(d.productDescription).toMatchObject({
        source: "vision",
        material: "玻璃",
        colors: ["深棕色"],
      });
      const r = await rephrase(
        {
          language: "zh",
          product: "冷萃咖啡",
          formats: ["story"],
          productDescription: d.productDescription,
        },
        { ...TEST_PRESET, slug: "shop-preset" },
      );
      expect(r.prompt).toMatch(/glass/);
      expect(r.prompt).not.toMatch(/\p{Script=Han}/u);
      expect(seen[0]).toContain("data:image/jpeg;base64,");
      expect(seen[0]).toContain("用简体中文回答");
      answer = "not json at all";
      const fallback = await withVlm.product.describe({ ...ws, photoId, language: "en" });
      expect(fallback.source).toBe("local");
      expect(fallback.productDescription).toEqual({
        source: "local",
        colors: fallback.colors,
        details: [],
      });
      expect(fallback.note).toMatch(/vision endpoint gave no usable answer.*not JSON/);
    } finally {
      server.close();
    }
  });
});

describe("reruns", () => {
  it("leave out a product deleted from the library; the generation itself keeps it", async () => {
    const [bottle] = (await owner.product.list(ws)).filter((p) => p.name === "Cold brew");
    await owner.product.delete({ ...ws, productId: bottle!.id });
    const source = await owner.generation.source({ ...ws, generationId: firstGenerationId });
    expect(source.productPhotoId).toBeNull();
    const view = await owner.generation.get({ ...ws, generationId: firstGenerationId });
    expect(view.product?.name).toBe("Cold brew");
  });
});
