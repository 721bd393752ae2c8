/**
 * `npm run bench:rerender`: edit the copy of a generated set and re-render it
 * over the stored background layers (what the API does per format): compose +
 * gate + encode, timed per format (median of BENCH_RERENDER_RUNS, default 5,
 * after one warm-up that loads the fonts). OCR is off, as in the API; one
 * extra figure shows what turning it on would cost. Writes the PNGs to
 * out/bench/rerender/ to look at.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { BrandPreset, Brief, type FormatName, type PosterCopy } from "@hyperposter/domain";
import { ProceduralBackend } from "../src/backgrounds";
import { generatePosterSet, rerenderPoster } from "../src/poster";

const RUNS = Number(process.env.BENCH_RERENDER_RUNS ?? 5);
const root = fileURLToPath(new URL("../../../", import.meta.url));
const outDir = `${root}out/bench/rerender/`;
mkdirSync(outDir, { recursive: true });
const examples = `${root}examples/`;

console.log(
  `${cpus().length} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} (figures scale with it: other work on the machine competes for the encoders)`,
);

const FORMATS: FormatName[] = [
  "instagram-square",
  "instagram-portrait",
  "story",
  "landscape-hd",
  "banner-medium-rectangle",
  "banner-leaderboard",
  "banner-skyscraper",
  "print-a4",
];

for (const [slug, language, original, edited] of [
  [
    "roastery",
    "en",
    { headline: "Cold Brew, Warm Weekend", subline: "Slow-steeped for 18 hours", cta: "Order now" },
    { headline: "Iced Oat Latte Is Back", subline: "Buy 2, get the 3rd free", cta: "Find a café" },
  ],
  [
    "fresh-leaf",
    "zh",
    { headline: "桂花乌龙茶，温暖上新", subline: "清香回甘", cta: "立即购买" },
    { headline: "桂花乌龙茶，第二杯半价", subline: "第二杯半价", cta: "马上下单" },
  ],
] as const) {
  const preset = BrandPreset.parse(
    (JSON.parse(readFileSync(`${examples}presets.json`, "utf8")) as { slug: string }[]).find(
      (p) => p.slug === slug,
    ),
  );
  const logo = { bytes: readFileSync(`${examples}${preset.logo}`), mime: "image/svg+xml" };
  const copy: PosterCopy = { ...original };
  const set = await generatePosterSet({
    brief: Brief.parse({ language, product: "bench", formats: FORMATS, preset: slug }),
    preset,
    rephrased: {
      prompt: "bench",
      negativePrompt: "text",
      copy,
      copyCandidates: [copy],
      tokenCount: 1,
      trace: [],
      warnings: [],
      backend: "rules",
    },
    backend: new ProceduralBackend(),
    logo,
    seed: 5,
    ocr: false,
  });
  console.log(`\n${slug} (${language}): "${original.headline}" → "${edited.headline}"`);
  console.log(
    "format                      size         median ms   cpu ms  (compose / gate / encode, encoders in parallel)  passed",
  );
  const all: number[] = [];
  const cpuAll: number[] = [];
  for (const asset of set.assets) {
    const runs: { total: number; cpu: number; t: Record<string, number>; passed: boolean }[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const c0 = process.cpuUsage();
      const r = await rerenderPoster({
        format: asset.format,
        copy: { ...edited },
        template: asset.layout.template,
        preset,
        language,
        backgroundPng: asset.backgroundPng,
        logo,
      });
      if (i === 0) {
        const png = r.files.find((f) => f.encoding === "png");
        if (png) writeFileSync(`${outDir}${slug}-${asset.format}.png`, png.bytes);
        continue; // warm-up
      }
      const c = process.cpuUsage(c0);
      runs.push({
        total: r.timings.total ?? 0,
        cpu: (c.user + c.system) / 1000,
        t: r.timings,
        passed: r.passed,
      });
    }
    runs.sort((a, b) => a.total - b.total);
    const mid = runs[Math.floor(runs.length / 2)]!;
    all.push(mid.total);
    cpuAll.push(mid.cpu);
    const enc = mid.t.encode ?? 0;
    console.log(
      `${asset.format.padEnd(27)} ${`${asset.layout.width}×${asset.layout.height}`.padEnd(12)} ${mid.total.toFixed(0).padStart(9)} ${mid.cpu.toFixed(0).padStart(8)}  (${(mid.t.compose ?? 0).toFixed(0)} / ${(mid.t.gate ?? 0).toFixed(0)} / ${enc.toFixed(0)})  ${mid.passed}`,
    );
  }
  const screen = all.slice(0, -1);
  console.log(
    `max over screen formats: ${Math.max(...screen).toFixed(0)} ms wall, ${Math.max(...cpuAll.slice(0, -1)).toFixed(0)} ms CPU; print-a4: ${all.at(-1)?.toFixed(0)} ms wall, ${cpuAll.at(-1)?.toFixed(0)} ms CPU`,
  );
}

// What OCR would add to one square re-render (the worker's gate runs it).
{
  const preset = BrandPreset.parse(
    (JSON.parse(readFileSync(`${examples}presets.json`, "utf8")) as { slug: string }[])[0],
  );
  const copy = { headline: "Cold Brew", subline: "Fresh", cta: "Order now" };
  const set = await generatePosterSet({
    brief: Brief.parse({
      language: "en",
      product: "b",
      formats: ["instagram-square"],
      preset: preset.slug,
    }),
    preset,
    rephrased: {
      prompt: "b",
      negativePrompt: "",
      copy,
      copyCandidates: [copy],
      tokenCount: 1,
      trace: [],
      warnings: [],
      backend: "rules",
    },
    backend: new ProceduralBackend(),
    seed: 5,
    ocr: false,
  });
  const a = set.assets[0]!;
  const args = {
    format: a.format,
    copy,
    template: a.layout.template,
    preset,
    language: "en" as const,
    backgroundPng: a.backgroundPng,
  };
  await rerenderPoster({ ...args, ocr: true });
  const r = await rerenderPoster({ ...args, ocr: true });
  console.log(
    `\ninstagram-square with OCR read-back (warm): ${r.timings.total} ms (ocr ${r.quality.ocr.ms} ms)`,
  );
}
