/**
 * The upload checks themselves, run inside the checker's worker threads
 * (./worker.mjs). Node loads this file with its built-in type stripping, so it
 * and what it imports use only erasable TypeScript and explicit `.ts` paths.
 *
 * Images are decoded in full and re-encoded; SVGs are rasterised to a PNG;
 * fonts are rebuilt by HarfBuzz's subsetter (every glyph and code point kept),
 * read back with fontkit and drawn once with Skia. What is stored is always
 * what these checks produced, never the upload.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { inflateSync } from "node:zlib";
import { GlobalFonts, createCanvas, loadImage } from "@napi-rs/canvas";
import sharp from "sharp";
import wawoff2 from "wawoff2";
import { FontFileError, describeFontFile, sniffFontFormat } from "../fonts/describe.ts";
import {
  INTAKE_LIMITS,
  type FontResult,
  type ImageKind,
  type ImageResult,
  type IntakeProblem,
  type IntakeRefusal,
  type IntakeResult,
  type IntakeTask,
} from "./types.ts";

class Refused extends Error {
  readonly problem: IntakeProblem;
  constructor(problem: IntakeProblem, detail: string) {
    super(detail);
    this.problem = problem;
  }
}

function refusal(problem: IntakeProblem, detail: string): IntakeRefusal {
  return { ok: false, problem, detail };
}

export async function runIntake(task: IntakeTask): Promise<IntakeResult> {
  const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
  try {
    return task.kind === "image" ? await intakeImage(bytes, task.accept) : await intakeFont(bytes);
  } catch (error) {
    if (error instanceof Refused) return refusal(error.problem, error.message);
    if (error instanceof FontFileError) return refusal(error.problem, error.message);
    return refusal(task.kind === "image" ? "image-damaged" : "unreadable", String(error));
  }
}

// ---------------------------------------------------------------- images

function rasterKind(b: Buffer): ImageKind | null {
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return "png";
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
  if (
    b.subarray(0, 4).toString("latin1") === "RIFF" &&
    b.subarray(8, 12).toString("latin1") === "WEBP"
  )
    return "webp";
  if (/^GIF8[79]a/.test(b.subarray(0, 6).toString("latin1"))) return "gif";
  return null;
}

function looksLikeSvg(b: Buffer): boolean {
  // UTF-16 (either byte order, with or without BOM) and UTF-7 are refused
  // later as encodings; here only "is this meant to be an SVG".
  const head = b.subarray(0, 4096).toString("latin1").replace(/\0/g, "");
  return /<svg[\s>]/i.test(head);
}

function sideCheck(width: number, height: number, what: string): void {
  const { maxSide, maxPixels } = INTAKE_LIMITS;
  if (!(width >= 1 && height >= 1))
    throw new Refused("image-damaged", `${what} size ${width}×${height} is not an image size`);
  if (width > maxSide || height > maxSide || width * height > maxPixels)
    throw new Refused("image-too-large", `${what} size ${width}×${height} is over the limits`);
}

/** Width and height a PNG/JPEG/GIF/WebP header declares, read before anything decodes it. */
export function declaredSize(b: Buffer, kind: ImageKind): { width: number; height: number } {
  const short = () => new Refused("image-damaged", `the ${kind} header is cut short`);
  if (kind === "png") {
    if (b.length < 33 || b.subarray(12, 16).toString("latin1") !== "IHDR") throw short();
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  }
  if (kind === "gif") {
    if (b.length < 10) throw short();
    return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  }
  if (kind === "webp") {
    const chunk = b.subarray(12, 16).toString("latin1");
    if (chunk === "VP8X" && b.length >= 30)
      return { width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 };
    if (chunk === "VP8L" && b.length >= 25) {
      const bits = b.readUInt32LE(21);
      return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
    if (chunk === "VP8 " && b.length >= 30)
      return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
    throw short();
  }
  // JPEG: walk the markers to the first start-of-frame.
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) throw new Refused("image-damaged", "the JPEG markers are damaged");
    const marker = b[i + 1] ?? 0;
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    const length = b.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    if (length < 2) throw new Refused("image-damaged", "the JPEG markers are damaged");
    i += 2 + length;
  }
  throw short();
}

async function intakeImage(bytes: Buffer, accept: ImageKind[]): Promise<ImageResult> {
  const kind = rasterKind(bytes) ?? (looksLikeSvg(bytes) ? "svg" : null);
  if (!kind || !accept.includes(kind))
    throw new Refused("image-type", `the file is ${kind ?? "not an image"}`);
  if (kind === "svg") return rasteriseSvg(bytes);
  const declared = declaredSize(bytes, kind);
  sideCheck(declared.width, declared.height, "declared");
  const { maxPixels } = INTAKE_LIMITS;
  // Decoded in full (a truncation, a bad CRC or a decoder warning fails here),
  // first frame only, EXIF orientation applied, every other chunk dropped.
  const decoded = sharp(bytes, {
    limitInputPixels: maxPixels,
    failOn: "warning",
    pages: 1,
    sequentialRead: true,
  }).rotate();
  const { data, info } =
    kind === "jpeg"
      ? await decoded
          .jpeg({ quality: 92, chromaSubsampling: "4:4:4" })
          .toBuffer({ resolveWithObject: true })
      : await decoded.png({ compressionLevel: 6 }).toBuffer({ resolveWithObject: true });
  sideCheck(info.width, info.height, "decoded");
  await drawOnce(data);
  return {
    ok: true,
    kind: "image",
    bytes: data,
    mime: kind === "jpeg" ? "image/jpeg" : "image/png",
    ext: kind === "jpeg" ? "jpg" : "png",
    source: kind,
    width: info.width,
    height: info.height,
  };
}

/**
 * An SVG is never stored: it is rasterised (librsvg through sharp, which loads
 * no file or network resource for an SVG given as bytes) to a PNG. Before that,
 * what a rasteriser should never see is refused outright: other encodings than
 * UTF-8, DOCTYPEs and entities (XXE, billion laughs).
 */
async function rasteriseSvg(bytes: Buffer): Promise<ImageResult> {
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe))
    throw new Refused("svg-encoding", "the SVG is UTF-16");
  if (bytes.subarray(0, 64).includes(0))
    throw new Refused("svg-encoding", "the SVG holds NUL bytes (UTF-16 or UTF-32)");
  const text = bytes.toString("utf8");
  if (!Buffer.from(text, "utf8").equals(bytes))
    throw new Refused("svg-encoding", "the SVG is not valid UTF-8");
  const declaredEncoding = /<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(text)?.[1];
  if (declaredEncoding && !/^utf-?8$/i.test(declaredEncoding))
    throw new Refused("svg-encoding", `the SVG declares the encoding ${declaredEncoding}`);
  if (/<!DOCTYPE|<!ENTITY|<!\[CDATA\[[\s\S]*<!ENTITY/i.test(text))
    throw new Refused("svg-unsafe", "the SVG declares a DOCTYPE or entities");
  if (activeSvg(text))
    throw new Refused("svg-unsafe", "the SVG holds scripts, handlers or external references");
  const probe = sharp(bytes, { limitInputPixels: INTAKE_LIMITS.maxPixels, failOn: "warning" });
  const meta = await probe.metadata();
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (!(width > 0 && height > 0))
    throw new Refused("image-damaged", "the SVG has no size librsvg can read");
  const side = INTAKE_LIMITS.svgRasterSide;
  const scale = side / Math.max(width, height);
  const density = Math.min(72 * 64, Math.max(0.01, 72 * scale));
  const { data, info } = await sharp(bytes, {
    density,
    limitInputPixels: INTAKE_LIMITS.maxPixels,
    failOn: "warning",
  })
    .resize({ width: side, height: side, fit: "inside", withoutEnlargement: false })
    .png({ compressionLevel: 6 })
    .toBuffer({ resolveWithObject: true });
  sideCheck(info.width, info.height, "rasterised");
  await drawOnce(data);
  return {
    ok: true,
    kind: "image",
    bytes: data,
    mime: "image/png",
    ext: "png",
    source: "svg",
    width: info.width,
    height: info.height,
  };
}

/**
 * Active content a logo has no use for, refused with a sentence (a rasteriser
 * would ignore it; this says so to the user and keeps such files out even of
 * logs). Character references are decoded first. Anything this misses is
 * still only rasterised.
 */
export function activeSvg(text: string): boolean {
  const decoded = text
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) =>
      String.fromCodePoint(Number.parseInt(h, 16) % 0x110000),
    )
    .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Number(d) % 0x110000))
    .split("")
    // Control characters are dropped, as browsers do inside URL schemes.
    .filter((ch) => ch.charCodeAt(0) >= 0x20 || ch === "\t" || ch === "\n" || ch === "\r")
    .join("");
  return (
    /<([\w.-]+:)?(script|foreignObject|iframe|embed|object|handler|listener)\b/i.test(decoded) ||
    /[\s"'/]on[a-z]+\s*=/i.test(decoded) ||
    /(java|vb|live)script:/i.test(decoded.replace(/\s+/g, "")) ||
    /@import|<\?xml-stylesheet|url\(\s*["']?\s*(https?:|\/\/|file:|data:(?!image\/(png|jpeg|gif|webp)))/i.test(
      decoded,
    ) ||
    /href\s*=\s*["']\s*(https?:|\/\/|file:|data:(?!image\/(png|jpeg|gif|webp)))/i.test(decoded) ||
    /<(set|animate|animateTransform|animateMotion)\b[^>]*attributeName\s*=\s*["']\s*(on|href|xlink:href)/i.test(
      decoded,
    )
  );
}

/** The poster engine's own decoder (Skia) draws the result at 64 px, as the composer would. */
async function drawOnce(png: Buffer): Promise<void> {
  let image;
  try {
    image = await loadImage(png);
  } catch (error) {
    throw new Refused("undrawable", `Skia could not decode the image (${String(error)})`);
  }
  if (!(image.width > 0 && image.height > 0))
    throw new Refused("undrawable", "Skia decoded an empty image");
  const canvas = createCanvas(64, 64);
  const ctx = canvas.getContext("2d");
  const scale = 64 / Math.max(image.width, image.height);
  ctx.drawImage(image, 0, 0, image.width * scale, image.height * scale);
  ctx.getImageData(0, 0, 64, 64);
}

// ---------------------------------------------------------------- fonts

/** The SFNT inside a WOFF, inflated table by table within the sizes its header declares. */
export function unwrapWoff(b: Buffer): Buffer {
  const limit = INTAKE_LIMITS.maxSfntBytes;
  if (b.length < 44) throw new Refused("unreadable", "the WOFF header is cut short");
  const flavor = b.readUInt32BE(4);
  const numTables = b.readUInt16BE(12);
  const totalSfntSize = b.readUInt32BE(16);
  if (totalSfntSize > limit)
    throw new Refused("font-too-large", `the WOFF declares ${totalSfntSize} bytes of font`);
  if (numTables === 0 || numTables > 200 || 44 + numTables * 20 > b.length)
    throw new Refused("unreadable", "the WOFF table directory is damaged");
  const tables: Array<{ tag: Buffer; data: Buffer; checksum: number }> = [];
  let total = 12 + 16 * numTables;
  for (let t = 0; t < numTables; t++) {
    const at = 44 + t * 20;
    const offset = b.readUInt32BE(at + 4);
    const compLength = b.readUInt32BE(at + 8);
    const origLength = b.readUInt32BE(at + 12);
    total += origLength + 3;
    if (origLength > limit || total > limit)
      throw new Refused("font-too-large", "the WOFF's tables declare more than the limit");
    if (offset + compLength > b.length || compLength > origLength)
      throw new Refused("unreadable", "a WOFF table lies outside the file");
    const packed = b.subarray(offset, offset + compLength);
    const data =
      compLength === origLength
        ? Buffer.from(packed)
        : inflateSync(packed, { maxOutputLength: Math.max(1, origLength) });
    if (data.length !== origLength)
      throw new Refused("unreadable", "a WOFF table inflates to another size than declared");
    tables.push({ tag: b.subarray(at, at + 4), data, checksum: b.readUInt32BE(at + 16) });
  }
  return sfnt(flavor, tables);
}

function sfnt(
  flavor: number,
  tables: Array<{ tag: Buffer; data: Buffer; checksum: number }>,
): Buffer {
  const n = tables.length;
  const pow = 2 ** Math.floor(Math.log2(n));
  const head = Buffer.alloc(12 + 16 * n);
  head.writeUInt32BE(flavor, 0);
  head.writeUInt16BE(n, 4);
  head.writeUInt16BE(pow * 16, 6);
  head.writeUInt16BE(Math.log2(pow), 8);
  head.writeUInt16BE(n * 16 - pow * 16, 10);
  const parts: Buffer[] = [head];
  let offset = head.length;
  tables.forEach((t, i) => {
    const at = 12 + 16 * i;
    t.tag.copy(head, at);
    head.writeUInt32BE(t.checksum >>> 0, at + 4);
    head.writeUInt32BE(offset, at + 8);
    head.writeUInt32BE(t.data.length, at + 12);
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}

function base128(b: Buffer, at: { i: number }): number {
  let value = 0;
  for (let k = 0; k < 5; k++) {
    const byte = b[at.i++];
    if (byte === undefined || (k === 0 && byte === 0x80)) throw new Error("bad UIntBase128");
    if (value & 0xfe000000) throw new Error("UIntBase128 overflows");
    value = (value << 7) | (byte & 0x7f);
    if ((byte & 0x80) === 0) return value >>> 0;
  }
  throw new Error("UIntBase128 too long");
}

/** Refuses a WOFF2 whose declared sizes exceed the limit, before anything inflates it. */
export function checkWoff2Sizes(b: Buffer): void {
  const limit = INTAKE_LIMITS.maxSfntBytes;
  if (b.length < 48) throw new Refused("unreadable", "the WOFF2 header is cut short");
  if (b.readUInt32BE(8) !== b.length)
    throw new Refused("unreadable", "the WOFF2 length field does not match the file");
  const numTables = b.readUInt16BE(12);
  const totalSfntSize = b.readUInt32BE(16);
  if (totalSfntSize > limit)
    throw new Refused("font-too-large", `the WOFF2 declares ${totalSfntSize} bytes of font`);
  if (numTables === 0 || numTables > 200)
    throw new Refused("unreadable", "the WOFF2 table directory is damaged");
  const at = { i: 48 };
  let total = 0;
  try {
    for (let t = 0; t < numTables; t++) {
      const flags = b[at.i++] ?? 0;
      let tag = "";
      if ((flags & 0x3f) === 63) {
        tag = b.subarray(at.i, at.i + 4).toString("latin1");
        at.i += 4;
      }
      const version = (flags >> 6) & 3;
      const known = flags & 0x3f;
      const isGlyfLoca = known === 10 || known === 11 || tag === "glyf" || tag === "loca";
      const origLength = base128(b, at);
      total += origLength;
      if ((isGlyfLoca && version === 0) || (!isGlyfLoca && version !== 0)) {
        const transformLength = base128(b, at);
        total += transformLength;
      }
      if (total > limit * 2)
        throw new Refused("font-too-large", "the WOFF2's tables declare more than the limit");
    }
  } catch (error) {
    if (error instanceof Refused) throw error;
    throw new Refused("unreadable", `the WOFF2 table directory is damaged (${String(error)})`);
  }
}

// The project's lib has no DOM (and so no WebAssembly types): the two constructors used here.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let hbModule: object | undefined;

function hbWasm(): object {
  if (!hbModule) {
    const require = createRequire(import.meta.url);
    hbModule = new Wasm.Module(
      readFileSync(require.resolve("harfbuzzjs/dist/harfbuzz-subset.wasm")),
    );
  }
  return hbModule;
}

interface HbExports {
  memory: { buffer: ArrayBuffer };
  malloc(n: number): number;
  free(p: number): void;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_keep_everything(input: number): void;
  hb_subset_input_get_flags(input: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED = 0x20;

/**
 * Rebuilds the font with HarfBuzz's subsetter, keeping every glyph, code point,
 * name and layout feature: each table it keeps is parsed (bounds-checked, as
 * HarfBuzz does for browsers) and written anew; tables it does not know are
 * dropped. A fresh wasm instance per font, so one font's heap never meets another's.
 */
export function rebuildFont(sfntBytes: Buffer): Buffer {
  const hb = new Wasm.Instance(hbWasm(), {}).exports as unknown as HbExports;
  const at = hb.malloc(sfntBytes.length);
  if (!at) throw new Refused("font-too-large", "no memory for the font");
  new Uint8Array(hb.memory.buffer).set(sfntBytes, at);
  const blob = hb.hb_blob_create(at, sfntBytes.length, 2, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  const input = hb.hb_subset_input_create_or_fail();
  if (!input) throw new Refused("unreadable", "HarfBuzz could not start");
  hb.hb_subset_input_keep_everything(input);
  hb.hb_subset_input_set_flags(
    input,
    hb.hb_subset_input_get_flags(input) & ~HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED,
  );
  const subset = hb.hb_subset_or_fail(face, input);
  hb.hb_subset_input_destroy(input);
  hb.hb_face_destroy(face);
  if (!subset) throw new Refused("unreadable", "HarfBuzz could not rebuild the font");
  const out = hb.hb_face_reference_blob(subset);
  const data = hb.hb_blob_get_data(out, 0);
  const length = hb.hb_blob_get_length(out);
  const rebuilt = Buffer.from(new Uint8Array(hb.memory.buffer, data, length));
  hb.hb_blob_destroy(out);
  hb.hb_face_destroy(subset);
  if (length < 12) throw new Refused("unreadable", "HarfBuzz rebuilt an empty font");
  return rebuilt;
}

/** Code points the largest cmap subtable maps, counted from its ranges without expanding them. */
export function cmapPopulation(font: Buffer): number {
  const numTables = font.readUInt16BE(4);
  let cmap = -1;
  for (let t = 0; t < numTables; t++) {
    const at = 12 + 16 * t;
    if (font.subarray(at, at + 4).toString("latin1") === "cmap") cmap = font.readUInt32BE(at + 8);
  }
  if (cmap < 0) return 0;
  let most = 0;
  const subtables = font.readUInt16BE(cmap + 2);
  for (let s = 0; s < subtables; s++) {
    const at = cmap + font.readUInt32BE(cmap + 4 + 8 * s + 4);
    const format = font.readUInt16BE(at);
    let count = 0;
    if (format === 12 || format === 13) {
      const groups = font.readUInt32BE(at + 12);
      for (let g = 0; g < groups; g++)
        count += font.readUInt32BE(at + 16 + 12 * g + 4) - font.readUInt32BE(at + 16 + 12 * g) + 1;
    } else if (format === 4) {
      const segX2 = font.readUInt16BE(at + 6);
      for (let g = 0; g < segX2; g += 2)
        count +=
          font.readUInt16BE(at + 14 + segX2 + 2 + g) <= font.readUInt16BE(at + 14 + g)
            ? font.readUInt16BE(at + 14 + g) - font.readUInt16BE(at + 14 + segX2 + 2 + g) + 1
            : 0;
    }
    most = Math.max(most, count);
  }
  return most;
}

const REQUIRED = ["cmap", "head", "hhea", "hmtx", "maxp", "name", "OS/2", "post"];

/** Every table inside the file, and the tables a browser needs (OTS's list) present. */
function checkDirectory(font: Buffer, what: string): void {
  if (font.length < 12) throw new Refused("unreadable", `the ${what} is cut short`);
  const n = font.readUInt16BE(4);
  if (n === 0 || 12 + 16 * n > font.length)
    throw new Refused("unreadable", `the ${what}'s table directory is cut short`);
  const tags = new Set<string>();
  for (let t = 0; t < n; t++) {
    const at = 12 + 16 * t;
    const offset = font.readUInt32BE(at + 8);
    const length = font.readUInt32BE(at + 12);
    const tag = font.subarray(at, at + 4).toString("latin1");
    if (offset + length > font.length)
      throw new Refused("unreadable", `the ${what}'s ${tag} table lies past the end of the file`);
    tags.add(tag);
  }
  const missing = REQUIRED.filter((tag) => !tags.has(tag));
  const outlines = (tags.has("glyf") && tags.has("loca")) || tags.has("CFF ") || tags.has("CFF2");
  if (missing.length || !outlines)
    throw new Refused("unreadable", `the ${what} lacks ${missing.join(", ") || "outlines"}`);
}

async function intakeFont(bytes: Buffer): Promise<FontResult> {
  const format = sniffFontFormat(bytes);
  if (format === null) throw new Refused("not-a-font", "the file is not a font");
  if (format === "collection") throw new Refused("collection", "the file is a font collection");
  let sfntBytes: Buffer;
  if (format === "woff") sfntBytes = unwrapWoff(bytes);
  else if (format === "woff2") {
    checkWoff2Sizes(bytes);
    try {
      sfntBytes = Buffer.from(await wawoff2.decompress(bytes));
    } catch (error) {
      throw new Refused("unreadable", `the WOFF2 could not be decoded (${String(error)})`);
    }
    if (sfntBytes.length > INTAKE_LIMITS.maxSfntBytes)
      throw new Refused("font-too-large", "the WOFF2 inflates past the limit");
  } else sfntBytes = bytes;
  checkDirectory(sfntBytes, "upload");
  const rebuilt = rebuildFont(sfntBytes);
  checkDirectory(rebuilt, "rebuilt font");
  let population: number;
  try {
    population = cmapPopulation(rebuilt);
  } catch (error) {
    throw new Refused("unreadable", `the rebuilt cmap could not be read (${String(error)})`);
  }
  if (population > INTAKE_LIMITS.maxCodePoints)
    throw new Refused("unreadable", `the font's cmap maps ${population} code points`);
  const { info, codePoints } = describeFontFile(rebuilt);
  if (info.format !== "ttf" && info.format !== "otf")
    throw new Refused("unreadable", `HarfBuzz wrote a ${info.format}`);
  drawFontOnce(rebuilt, codePoints);
  return { ok: true, kind: "font", bytes: rebuilt, info: { ...info, format: info.format } };
}

let drawn = 0;

/** Registers the font with Skia the way the worker does and draws a line of its characters. */
function drawFontOnce(font: Buffer, codePoints: number[]): void {
  const alias = `HP intake ${process.pid}-${drawn++}`;
  const key = GlobalFonts.register(font, alias);
  if (!key) throw new Refused("undrawable", "Skia could not register the font");
  try {
    const canvas = createCanvas(512, 64);
    const ctx = canvas.getContext("2d");
    ctx.font = `24px "${alias}"`;
    const sample = codePoints.filter((cp) => cp > 0x20).slice(0, 400);
    for (let i = 0; i < sample.length; i += 40) {
      const line = String.fromCodePoint(...sample.slice(i, i + 40));
      if (!Number.isFinite(ctx.measureText(line).width))
        throw new Refused("undrawable", "Skia could not measure the font's text");
      ctx.fillText(line, 4, 40);
    }
    const pixels = ctx.getImageData(0, 0, 512, 64).data;
    let ink = 0;
    for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] ?? 0) > 0) ink++;
    if (sample.length > 0 && ink === 0)
      throw new Refused("undrawable", "Skia drew nothing for the font's characters");
  } finally {
    GlobalFonts.remove(key);
  }
}
