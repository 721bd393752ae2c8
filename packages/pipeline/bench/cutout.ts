/**
 * `npm run bench:cutout`: the backdrop cut-out on the generated set
 * (BENCH_CUTOUT_N images, default 250, 50 per backdrop kind) against exact
 * masks: mean IoU, boundary F-score, share of low-confidence results and
 * ms per image, per backdrop kind. Writes a few side-by-sides to out/bench/cutout/.
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { LOW_CONFIDENCE, segmentByBackdrop } from "../src/product/cutout";
import {
  BACKDROP_KINDS,
  type SyntheticBackdrop,
  scoreMask,
  syntheticPhoto,
} from "../src/product/synthetic";

const N = Number(process.env.BENCH_CUTOUT_N ?? 250);
const root = fileURLToPath(new URL("../../../", import.meta.url));
const outDir = `${root}out/bench/cutout/`;
mkdirSync(outDir, { recursive: true });

interface Row {
  iou: number[];
  bf: number[];
  low: number;
  ms: number[];
}
const rows = new Map<SyntheticBackdrop, Row>(
  BACKDROP_KINDS.map((k) => [k, { iou: [], bf: [], low: 0, ms: [] }]),
);
const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / Math.max(1, a.length);

for (let i = 0; i < N; i++) {
  const s = syntheticPhoto(i);
  const t0 = performance.now();
  const seg = segmentByBackdrop(s.photo);
  const ms = performance.now() - t0;
  const { width: W, height: H } = s.photo;
  const alpha = new Uint8Array(W * H);
  for (let p = 0; p < alpha.length; p++) alpha[p] = seg.rgba[p * 4 + 3] ?? 0;
  const score = scoreMask(alpha, s.mask, W, H);
  const row = rows.get(s.backdrop) as Row;
  row.iou.push(score.iou);
  row.bf.push(score.boundaryF);
  row.ms.push(ms);
  if (seg.confidence < LOW_CONFIDENCE) row.low++;
  if (i < 10) {
    // Photo | cut-out on a checkerboard, side by side.
    const check = new Uint8ClampedArray(W * H * 4);
    for (let p = 0; p < W * H; p++) {
      const x = p % W;
      const y = Math.floor(p / W);
      const bg = ((x >> 3) + (y >> 3)) % 2 ? 200 : 255;
      const a = (seg.rgba[p * 4 + 3] ?? 0) / 255;
      for (let c = 0; c < 3; c++) check[p * 4 + c] = (seg.rgba[p * 4 + c] ?? 0) * a + bg * (1 - a);
      check[p * 4 + 3] = 255;
    }
    const pair = Buffer.alloc(W * 2 * H * 4);
    for (let y = 0; y < H; y++) {
      Buffer.from(s.photo.data.buffer, s.photo.data.byteOffset + y * W * 4, W * 4).copy(
        pair,
        y * W * 8,
      );
      Buffer.from(check.buffer, y * W * 4, W * 4).copy(pair, y * W * 8 + W * 4);
    }
    await sharp(pair, { raw: { width: W * 2, height: H, channels: 4 } })
      .png()
      .toFile(`${outDir}${i}-${s.backdrop}-${s.shape}.png`);
  }
}

console.log(`cut-out by backdrop estimation, ${N} generated photos with exact masks`);
console.log("backdrop   images  mean IoU  min IoU  boundary F  low-confidence  ms/image");
const plain: number[] = [];
for (const [kind, r] of rows) {
  if (!r.iou.length) continue;
  if (kind !== "busy") plain.push(...r.iou);
  console.log(
    `${kind.padEnd(10)} ${String(r.iou.length).padStart(6)}  ${mean(r.iou).toFixed(4).padStart(8)}  ${Math.min(
      ...r.iou,
    )
      .toFixed(3)
      .padStart(
        7,
      )}  ${mean(r.bf).toFixed(4).padStart(10)}  ${`${r.low}/${r.iou.length}`.padStart(14)}  ${mean(r.ms).toFixed(1).padStart(8)}`,
  );
}
console.log(
  `plain backdrops (white, grey, gradient, noisy): mean IoU ${mean(plain).toFixed(4)} (target ≥ 0.95)`,
);
console.log(`side-by-sides: ${outDir}`);
