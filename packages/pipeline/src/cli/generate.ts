/**
 * `npm run generate -- --brief <file.json> --preset <file.json> --out <dir>`
 * renders every format the brief asks for, offline, and writes the files, each
 * background layer and report.json. Progress goes to stderr.
 *
 * Flags: --backend procedural (default), --model <dir>, --variants N, --seed N,
 * --no-ocr, --formats a,b (overrides the brief's list), --product <photo>
 * (PNG with transparency, JPEG or WebP: cut out and placed on every asset;
 * SEGMENTATION_MODEL names an ONNX model to cut out with).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, dirname, extname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  AppError,
  BrandPreset,
  Brief,
  FormatName,
  type Rephrased,
  parseInput,
} from "@hyperposter/domain";
import sharp from "sharp";
import { z } from "zod";
import { createImageBackend } from "../image-backend/factory";
import { closeIntakePool, intakeImage } from "../intake/pool";
import { type Cutout, LOW_CONFIDENCE, cutOutProduct } from "../product/cutout";
import { briefDescriptionFromLocal, describeLocally } from "../product/recaption";
import { loadSegmentationModel } from "../product/segmentation-model";
import { fileName, generatePosterSet } from "../poster/generate";
import { rephraseBrief } from "./rephrase-brief";

const USAGE =
  "Usage: npm run generate -- --brief <file.json> --preset <file.json> --out <dir> " +
  "[--backend procedural] [--model <dir>] [--variants N] [--seed N] [--no-ocr] [--formats a,b] " +
  "[--product <photo.png|jpg|webp>]\n";

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== "--"),
    options: {
      brief: { type: "string" },
      preset: { type: "string" },
      out: { type: "string" },
      backend: { type: "string", default: "procedural" },
      model: { type: "string" },
      variants: { type: "string", default: "1" },
      seed: { type: "string", default: "42" },
      "no-ocr": { type: "boolean", default: false },
      formats: { type: "string" },
      product: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help || !values.brief || !values.preset || !values.out) {
    process.stderr.write(USAGE);
    return values.help ? 0 : 2;
  }
  const briefJson: unknown = JSON.parse(await readFile(values.brief, "utf8"));
  const parsedBrief = parseInput(Brief, briefJson, "brief");
  // A brief file may name its product photo (relative to the file); --product wins.
  const productPath = values.product ?? productPhotoOf(briefJson, values.brief);
  const presetPath = resolve(values.preset);
  const presetJson: unknown = JSON.parse(await readFile(presetPath, "utf8"));
  const preset = pickPreset(presetJson, parsedBrief.preset);
  const variants = parseInput(z.coerce.number().int().min(1).max(8), values.variants, "variants");
  const seed = parseInput(z.coerce.number().int().min(0), values.seed, "seed");
  const formats = values.formats
    ? parseInput(
        z.array(FormatName),
        values.formats.split(",").map((s) => s.trim()),
        "formats",
      )
    : undefined;
  if (values.model && values.backend === "procedural") {
    process.stderr.write(`note: --model is ignored by the procedural backend\n`);
  }
  const backend = await createImageBackend({
    backend: values.backend,
    ...(values.model ? { modelDir: values.model } : {}),
  });
  const product = productPath ? await loadProduct(productPath) : undefined;
  // The image prompt follows the photo: without a description in the brief, its colours.
  const brief =
    product && !parsedBrief.productDescription
      ? {
          ...parsedBrief,
          productDescription: briefDescriptionFromLocal(describeLocally(product)),
        }
      : parsedBrief;
  const rephrased: Rephrased = await rephraseBrief(brief, preset);
  process.stderr.write(`prompt: ${rephrased.prompt}\ncopy: ${JSON.stringify(rephrased.copy)}\n`);

  let logo: { bytes: Buffer; mime?: string } | undefined;
  if (preset.logo) {
    const file = resolve(dirname(presetPath), preset.logo);
    const mime = extname(file).toLowerCase() === ".svg" ? "image/svg+xml" : undefined;
    logo = { bytes: await readFile(file), ...(mime ? { mime } : {}) };
  }
  // Font files, like the logo, are named relative to the preset file.
  const fontFiles: { heading?: Buffer; body?: Buffer } = {};
  for (const role of ["heading", "body"] as const) {
    const name = preset.fontFiles?.[role];
    if (name) fontFiles[role] = await readFile(resolve(dirname(presetPath), name));
  }
  const started = performance.now();
  const { assets, report } = await generatePosterSet(
    {
      brief,
      preset,
      rephrased,
      backend,
      ...(logo ? { logo } : {}),
      fontFiles,
      ...(product ? { product: { cutout: product, name: basename(productPath ?? "") } } : {}),
      seed,
      variants,
      ...(formats ? { formats } : {}),
      ocr: !values["no-ocr"],
    },
    {
      onProgress: (p) =>
        process.stderr.write(`[${p.done}/${p.total}] ${p.stage.padEnd(10)} ${p.message}\n`),
    },
  );
  await mkdir(values.out, { recursive: true });
  for (const a of assets) {
    for (const f of a.files)
      await writeFile(join(values.out, fileName(a.format, a.variant, f.encoding)), f.bytes);
    const base = fileName(a.format, a.variant, "png").replace(/\.png$/, "");
    await writeFile(join(values.out, `${base}.background.png`), a.backgroundPng);
    await writeFile(join(values.out, `${base}.layout.json`), JSON.stringify(a.layout, null, 2));
  }
  await writeFile(join(values.out, "report.json"), JSON.stringify(report, null, 2));
  if (product) {
    const { width, height, data } = product.image;
    await writeFile(
      join(values.out, "product.cutout.png"),
      await sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
        raw: { width, height, channels: 4 },
      })
        .png()
        .toBuffer(),
    );
  }
  const failed = assets.filter((a) => !a.passed);
  process.stderr.write(
    `${assets.length} assets in ${((performance.now() - started) / 1000).toFixed(1)} s → ${values.out}` +
      (failed.length
        ? `; ${failed.length} FAILED the quality gate (delivered, marked failed)\n`
        : "; all passed\n"),
  );
  for (const w of report.warnings) process.stderr.write(`warning: ${w}\n`);
  return failed.length ? 1 : 0;
}

/**
 * The product photo goes through the same checks as an upload (type, size,
 * decoding limits, re-encoding), then the cut-out.
 */
async function loadProduct(path: string): Promise<Cutout> {
  const checked = await intakeImage(await readFile(path), ["png", "jpeg", "webp"]);
  await closeIntakePool();
  if (!checked.ok)
    throw new AppError(
      "BAD_REQUEST",
      `the product photo was refused (${checked.problem}: ${checked.detail}).`,
      {
        field: "product",
      },
    );
  const model = process.env["SEGMENTATION_MODEL"];
  const segmenter = model
    ? await loadSegmentationModel({
        path: model,
        ...(process.env["SEGMENTATION_SIZE"]
          ? { size: Number(process.env["SEGMENTATION_SIZE"]) }
          : {}),
        normalisation: process.env["SEGMENTATION_NORMALISATION"] === "half" ? "half" : "imagenet",
      })
    : undefined;
  const cut = await cutOutProduct(checked.bytes, segmenter ? { segmenter } : {});
  process.stderr.write(
    `product: cut out by ${cut.method} (${cut.backdrop} backdrop), confidence ${cut.confidence}, ${cut.image.width}×${cut.image.height}\n`,
  );
  if (cut.confidence < LOW_CONFIDENCE)
    process.stderr.write(
      `warning: low-confidence cut-out (${cut.notes.join("; ")}): check product.cutout.png, or supply a PNG with transparency\n`,
    );
  return cut;
}

/** `productPhoto` of a brief file (the examples pair each brief with a photo), resolved beside it. */
function productPhotoOf(json: unknown, briefPath: string): string | undefined {
  const photo = z.object({ productPhoto: z.string().min(1).max(500) }).safeParse(json);
  return photo.success ? resolve(dirname(briefPath), photo.data.productPhoto) : undefined;
}

/** A preset file holds one preset or an array the brief's `preset` slug picks from. */
function pickPreset(json: unknown, slug: string | undefined): BrandPreset {
  if (!Array.isArray(json)) return parseInput(BrandPreset, json, "preset");
  const list = json.map((p, i) => parseInput(BrandPreset, p, `preset[${i}]`));
  const hit = slug ? list.find((p) => p.slug === slug) : list[0];
  if (!hit)
    throw new AppError("NOT_FOUND", `preset "${slug}" is not in the preset file.`, {
      field: "preset",
    });
  return hit;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message =
      err instanceof AppError ? `${err.field ?? "input"}: ${err.message}` : String(err);
    process.stderr.write(`error: ${message}\n`);
    if (!(err instanceof AppError) && err instanceof Error && err.stack)
      process.stderr.write(`${err.stack}\n`);
    process.exit(err instanceof AppError ? 2 : 1);
  },
);
