/**
 * Colours of the cut-out product, and a background palette that sets it off:
 * k-means in OKLab over the opaque pixels gives the product's dominant
 * colours; the brand's colours are then ordered so that the background's
 * base tone and its paint are those furthest from the product's.
 */
import { prng } from "../backgrounds/random";
import type { RgbaImage } from "./cutout";
import { type Lab, oklabToHex, srgbToOklab } from "./oklab";

export interface DominantColor {
  hex: string;
  lab: Lab;
  /** Share of the product's opaque pixels. */
  weight: number;
}

const dist = (a: Lab, b: Lab) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** Up to `k` dominant colours of the opaque pixels, most covering first (deterministic). */
export function dominantColors(img: RgbaImage, k = 4): DominantColor[] {
  const n = img.width * img.height;
  const step = Math.max(1, Math.floor(n / 6000));
  const samples: Lab[] = [];
  for (let i = 0; i < n; i += step) {
    if ((img.data[i * 4 + 3] ?? 0) < 200) continue;
    samples.push(
      srgbToOklab(img.data[i * 4] ?? 0, img.data[i * 4 + 1] ?? 0, img.data[i * 4 + 2] ?? 0),
    );
  }
  if (!samples.length) return [];
  const rand = prng(7);
  // k-means++ seeding, then a dozen Lloyd rounds.
  const centres: Lab[] = [samples[Math.floor(rand() * samples.length)] as Lab];
  while (centres.length < Math.min(k, samples.length)) {
    const d2 = samples.map((s) => Math.min(...centres.map((c) => dist(s, c) ** 2)));
    const total = d2.reduce((a, b) => a + b, 0);
    if (total <= 1e-9) break;
    let r = rand() * total;
    let pickIdx = 0;
    for (; pickIdx < d2.length - 1 && r > (d2[pickIdx] ?? 0); pickIdx++) r -= d2[pickIdx] ?? 0;
    centres.push(samples[pickIdx] as Lab);
  }
  const assign = new Int32Array(samples.length);
  for (let round = 0; round < 12; round++) {
    samples.forEach((s, i) => {
      let best = 0;
      centres.forEach((c, j) => {
        if (dist(s, c) < dist(s, centres[best] as Lab)) best = j;
      });
      assign[i] = best;
    });
    centres.forEach((_, j) => {
      const sum: Lab = [0, 0, 0];
      let count = 0;
      samples.forEach((s, i) => {
        if (assign[i] !== j) return;
        sum[0] += s[0];
        sum[1] += s[1];
        sum[2] += s[2];
        count++;
      });
      if (count) centres[j] = [sum[0] / count, sum[1] / count, sum[2] / count];
    });
  }
  const counts = centres.map((_, j) => assign.filter((a) => a === j).length);
  return centres
    .map((lab, j) => ({ hex: oklabToHex(lab), lab, weight: (counts[j] ?? 0) / samples.length }))
    .filter((c) => c.weight > 0.02)
    .sort((a, b) => b.weight - a.weight);
}

function hexToLab(hex: string): Lab {
  const v = Number.parseInt(hex.slice(1, 7), 16);
  return srgbToOklab((v >> 16) & 255, (v >> 8) & 255, v & 255);
}

/** How far a colour sits from the product's colours, weighted by how much each covers. */
export function separation(hex: string, product: DominantColor[]): number {
  const lab = hexToLab(hex);
  // The nearest product colour decides, scaled up for colours that cover little.
  return Math.min(...product.map((p) => dist(lab, p.lab) / Math.sqrt(Math.max(0.05, p.weight))));
}

/**
 * The backend's palette (primary, secondary, accent, background, text order)
 * re-ordered to set off the product, using only the brand's own colours: the
 * base tone (fourth) becomes the brand colour furthest from the product, and
 * the paint colours run from most to least distinct.
 */
export function paletteAgainst(palette: string[], product: DominantColor[]): string[] {
  if (!product.length || palette.length < 4) return palette;
  const [primary, secondary, accent, background, ...rest] = palette as [
    string,
    string,
    string,
    string,
    ...string[],
  ];
  const candidates = [background, primary, secondary, accent];
  // Keep the brand's background unless another brand colour separates clearly better.
  const scored = candidates.map((c) => ({ c, s: separation(c, product) }));
  const bgScore = scored[0]?.s ?? 0;
  const best = [...scored].sort((a, b) => b.s - a.s)[0] ?? { c: background, s: bgScore };
  const base = best.s > bgScore * 1.5 && bgScore < 0.25 ? best.c : background;
  const paint = candidates
    .filter((c) => c !== base)
    .sort((a, b) => separation(b, product) - separation(a, product));
  return [...paint.slice(0, 3), base, ...rest];
}
