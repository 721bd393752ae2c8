/**
 * `npm run bench`: per format, median and p95 ms of compose and of each
 * encoding, the 4-format social set, print apart, the quality gate per asset
 * (with and without OCR), and the same poster rendered as an HTML page by a
 * warm headless Chromium (plus a cold `--screenshot` run) as the baseline.
 * BENCH_ITER sets the iterations (default 15). Writes out/bench/.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import {
  BrandPreset,
  FORMATS,
  FORMAT_NAMES,
  type FormatName,
  type FormatSpec,
} from "@hyperposter/domain";
import { renderProcedural } from "../src/backgrounds";
import { type Composed, composePoster, loadLogo, planPoster, templatesFor } from "../src/compose";
import { encodeJpeg, encodePdf, encodePng, encodeWebp } from "../src/export";
import { FONT_CATALOG } from "../src/fonts";
import type { RgbImage } from "../src/image-backend";
import { recognizer, runGate } from "../src/quality";
import { Chromium, chromiumAvailable, coldScreenshot } from "./chromium";
import { layoutToHtml } from "./html";

const ITER = Number(process.env.BENCH_ITER ?? 15);
const root = fileURLToPath(new URL("../../../", import.meta.url));
const outDir = `${root}out/bench/`;
mkdirSync(outDir, { recursive: true });

const presets = (JSON.parse(readFileSync(`${root}examples/presets.json`, "utf8")) as unknown[]).map(
  (p) => BrandPreset.parse(p),
);
const preset = presets.find((p) => p.slug === "roastery") ?? presets[0];
if (!preset?.logo) throw new Error("examples/presets.json lacks the roastery preset");
const logoPath = `${root}examples/${preset.logo}`;
const logo = await loadLogo(readFileSync(logoPath), "image/svg+xml");
const inter = FONT_CATALOG.find((f) => f.name === "Inter");
if (!inter) throw new Error("catalog lacks Inter");
const copy = {
  headline: "Cold Brew, Warm Weekend",
  subline: "Buy one, get one free this weekend",
  cta: "Order now",
};
const SET: FormatName[] = ["instagram-square", "instagram-portrait", "story", "link-ad-landscape"];

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
  return { median: at(50), p95: at(95) };
};
const fmt = (xs: number[]) => {
  const { median, p95 } = stats(xs);
  return `${median.toFixed(1).padStart(7)} ${p95.toFixed(1).padStart(7)}`;
};

function inputFor(format: FormatSpec) {
  return {
    format,
    copy,
    brand: preset!.colors,
    heading: inter!,
    body: inter!,
    template: templatesFor(format)[0] ?? "bottom-band",
    logo,
  };
}

const backgrounds = new Map<FormatName, RgbImage>();
function backgroundFor(format: FormatSpec): RgbImage {
  let bg = backgrounds.get(format.name);
  if (!bg) {
    const zones = planPoster(inputFor(format)).calmZones;
    const palette = Object.values(preset!.colors);
    bg = renderProcedural(
      {
        prompt: "cold brew, golden hour",
        negativePrompt: "",
        width: format.width,
        height: format.height,
        seed: 1,
        variants: 1,
        palette,
        calmZones: zones,
      },
      0,
    );
    backgrounds.set(format.name, bg);
  }
  // A fresh wrapper per poster: the composer caches the background canvas per image.
  return { ...bg };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await fn();
  return [v, performance.now() - t0];
}

const compose = (format: FormatSpec) => composePoster(inputFor(format), backgroundFor(format));

const loadBefore = loadavg()[0] ?? 0;
process.stderr.write(`bench: ${ITER} iterations per measurement\n`);
const rows: Record<string, Record<string, number[]>> = {};
for (const name of FORMAT_NAMES) {
  const format = FORMATS[name];
  const print = format.formatClass === "print";
  const r: Record<string, number[]> = {
    compose: [],
    jpeg: [],
    png: [],
    webp: [],
    pdf: [],
    "compose+jpeg": [],
    "compose+png": [],
  };
  const iterations = print ? Math.max(3, Math.round(ITER / 3)) : ITER;
  for (let i = -2; i < iterations; i++) {
    // Each encoding follows its own compose: Skia rasterises lazily, at the first encode.
    const [a, ca] = await timed(() => compose(format));
    const [, j] = await timed(() => encodeJpeg(a.canvas));
    const [b, cb] = await timed(() => compose(format));
    const [, p] = await timed(() => encodePng(b.canvas, format.dpi));
    const [c, cc] = await timed(() => compose(format));
    const [, w] = await timed(() => encodeWebp(c.canvas));
    let pdf = 0;
    if (print)
      [, pdf] = await timed(async () =>
        encodePdf(c.layout, format, await c.background(), logo, { title: "bench" }),
      );
    if (i < 0) continue;
    r.compose?.push(ca, cb, cc);
    r.jpeg?.push(j);
    r.png?.push(p);
    r.webp?.push(w);
    if (print) r.pdf?.push(pdf);
    r["compose+jpeg"]?.push(ca + j);
    r["compose+png"]?.push(cb + p);
  }
  rows[name] = r;
  process.stderr.write(`  ${name} done\n`);
}

const setTotals: number[] = [];
for (let i = -1; i < ITER; i++) {
  const t0 = performance.now();
  for (const name of SET) {
    const c = await compose(FORMATS[name]);
    await encodeJpeg(c.canvas);
    await encodePng(c.canvas);
  }
  if (i >= 0) setTotals.push(performance.now() - t0);
}

await recognizer();
const gateOcr: number[] = [];
const gatePlain: number[] = [];
const ocrOnly: number[] = [];
for (const name of SET) {
  const format = FORMATS[name];
  const c: Composed = await compose(format);
  const bg = backgroundFor(format);
  const logoBox = c.layout.elements.find((e) => e.kind === "logo")?.box;
  const logoImg = logoBox ? await logo.at(logoBox.width, logoBox.height) : undefined;
  const args = {
    layout: c.layout,
    canvas: c.canvas,
    background: bg,
    backgroundCanvas: await c.background(),
    ...(logoImg ? { logo: logoImg } : {}),
  };
  for (let i = -1; i < Math.max(3, Math.round(ITER / 3)); i++) {
    const [q, ms] = await timed(() => runGate({ ...args, ocr: true }));
    const [, plain] = await timed(() => runGate({ ...args, ocr: false }));
    if (i < 0) continue;
    gateOcr.push(ms);
    ocrOnly.push(q.ocr.ms);
    gatePlain.push(plain);
  }
}

let chromium: { warmJpeg: number[]; warmPng: number[]; cold: number[] } | undefined;
if (chromiumAvailable()) {
  const format = FORMATS["instagram-portrait"];
  const c = await compose(format);
  const bgFile = `${outDir}portrait.background.png`;
  const bg = backgroundFor(format);
  const sharp = (await import("sharp")).default;
  await sharp(Buffer.from(bg.data), { raw: { width: bg.width, height: bg.height, channels: 3 } })
    .png()
    .toFile(bgFile);
  const html = `${outDir}portrait.html`;
  writeFileSync(html, layoutToHtml(c.layout, `file://${bgFile}`, `file://${logoPath}`));
  writeFileSync(`${outDir}portrait.hyperposter.png`, await encodePng(c.canvas));
  const browser = await Chromium.launch(format.width, format.height);
  const warmJpeg: number[] = [];
  const warmPng: number[] = [];
  try {
    for (let i = -2; i < ITER; i++) {
      const [shot, ms] = await timed(() =>
        browser.render(`file://${html}`, format.width, format.height, "jpeg"),
      );
      const [png, msPng] = await timed(() =>
        browser.render(`file://${html}`, format.width, format.height, "png"),
      );
      if (i === 0) writeFileSync(`${outDir}portrait.chromium.png`, png);
      if (i < 0 || shot.length === 0) continue;
      warmJpeg.push(ms);
      warmPng.push(msPng);
    }
  } finally {
    browser.close();
  }
  const cold: number[] = [];
  for (let i = 0; i < 3; i++)
    cold.push(
      await coldScreenshot(
        `file://${html}`,
        format.width,
        format.height,
        `${outDir}portrait.cold.png`,
      ),
    );
  chromium = { warmJpeg, warmPng, cold };
}

const lines: string[] = [];
const say = (s: string) => lines.push(s);
say(
  `Hyperposter poster bench — ${ITER} iterations, ms (median p95), Node ${process.version}, ${new Date().toISOString()}`,
);
// The machine is shared: the load average says how much the figures are worth.
say(
  `${cpus().length} CPUs, 1-min load average ${loadBefore.toFixed(2)} at start, ${(loadavg()[0] ?? 0).toFixed(2)} at end`,
);
say("");
say(
  `${"format".padEnd(24)} ${"compose".padStart(15)} ${"jpeg".padStart(15)} ${"png".padStart(15)} ${"webp".padStart(15)} ${"compose+jpeg".padStart(15)} ${"compose+png".padStart(15)} ${"pdf".padStart(15)}`,
);
for (const name of FORMAT_NAMES) {
  const r = rows[name] ?? {};
  const cell = (k: string) => ((r[k]?.length ?? 0) ? fmt(r[k] ?? []) : "      -       -");
  if (name === "print-a4") say("— print (300 dpi), reported apart —");
  say(
    `${name.padEnd(24)} ${cell("compose")} ${cell("jpeg")} ${cell("png")} ${cell("webp")} ${cell("compose+jpeg")} ${cell("compose+png")} ${cell("pdf")}`,
  );
}
say("");
say(`4-format set (${SET.join(", ")}), compose + JPEG + PNG: ${fmt(setTotals)}`);
say(`quality gate per asset, with OCR:   ${fmt(gateOcr)}   (OCR alone ${fmt(ocrOnly)})`);
say(`quality gate per asset, without OCR: ${fmt(gatePlain)}`);
const portrait = rows["instagram-portrait"] ?? {};
if (chromium) {
  const ours = stats(portrait["compose+jpeg"] ?? []).median;
  const oursPng = stats(portrait["compose+png"] ?? []).median;
  const warm = stats(chromium.warmJpeg).median;
  const warmPng = stats(chromium.warmPng).median;
  const cold = stats(chromium.cold).median;
  say("");
  say(`Chromium baseline, instagram-portrait as an HTML page (same boxes, fonts, background):`);
  say(
    `  warm browser, new page + screenshot: JPEG ${fmt(chromium.warmJpeg)}  PNG ${fmt(chromium.warmPng)}`,
  );
  say(`  cold chromium --headless --screenshot (process start included): ${fmt(chromium.cold)}`);
  say(
    `  ratio vs compose+JPEG: ${(warm / ours).toFixed(1)}× faster than warm Chromium, ${(cold / ours).toFixed(0)}× faster than cold`,
  );
  say(
    `  ratio vs compose+PNG:  ${(warmPng / oursPng).toFixed(1)}× faster than warm Chromium (PNG)`,
  );
} else {
  say("");
  say(
    "Chromium baseline: /usr/bin/chromium not installed (apt-get install -y chromium) — skipped.",
  );
}
const text = lines.join("\n");
process.stdout.write(`${text}\n`);
writeFileSync(`${outDir}poster-bench.txt`, `${text}\n`);
writeFileSync(
  `${outDir}poster-bench.json`,
  JSON.stringify(
    { iterations: ITER, rows, setTotals, gateOcr, gatePlain, ocrOnly, chromium },
    null,
    1,
  ),
);
process.exit(0);
