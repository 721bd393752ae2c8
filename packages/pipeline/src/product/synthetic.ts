/**
 * A generated product-photo set with exact masks, for the cut-out benchmark
 * and tests: bottle, blob (shoe/bag-like), box and mug/ring shapes (with
 * holes), textured, with a soft contact shadow, on white, grey, gradient,
 * noisy and busy backdrops, at several sizes. Same index → same image.
 */
import { type SKRSContext2D, createCanvas, Path2D } from "@napi-rs/canvas";
import { pick, prng, range } from "../backgrounds/random";
import type { RgbaImage } from "./cutout";

export const BACKDROP_KINDS = ["white", "grey", "gradient", "noisy", "busy"] as const;
export type SyntheticBackdrop = (typeof BACKDROP_KINDS)[number];
const SHAPES = ["bottle", "blob", "box", "mug", "ring"] as const;
const SIZES: Array<[number, number]> = [
  [160, 160],
  [240, 320],
  [320, 240],
  [360, 360],
  [512, 512],
  [400, 600],
];

export interface SyntheticPhoto {
  index: number;
  backdrop: SyntheticBackdrop;
  shape: (typeof SHAPES)[number];
  photo: RgbaImage;
  /** 1 where the product is (antialiased coverage ≥ 50%). */
  mask: Uint8Array;
}

const hsl = (h: number, s: number, l: number, a = 1) =>
  `hsla(${Math.round(h)}, ${Math.round(s * 100)}%, ${Math.round(l * 100)}%, ${a})`;

interface Frame {
  x: number;
  y: number;
  w: number;
  h: number;
}

function shapePath(shape: SyntheticPhoto["shape"], f: Frame, rand: () => number): Path2D {
  const p = new Path2D();
  const { x, y, w, h } = f;
  switch (shape) {
    case "bottle": {
      const neckW = w * range(rand, 0.28, 0.4);
      const neckH = h * range(rand, 0.18, 0.28);
      const cx = x + w / 2;
      // One outline (a hole would appear where two sub-paths overlapped under even-odd).
      const r = w * range(rand, 0.08, 0.25);
      p.moveTo(cx - neckW / 2, y);
      p.lineTo(cx + neckW / 2, y);
      p.lineTo(cx + neckW / 2, y + neckH);
      p.arcTo(x + w, y + neckH, x + w, y + h, r);
      p.arcTo(x + w, y + h, x, y + h, r);
      p.arcTo(x, y + h, x, y + neckH, r);
      p.arcTo(x, y + neckH, cx - neckW / 2, y + neckH, r);
      p.lineTo(cx - neckW / 2, y + neckH);
      p.closePath();
      return p;
    }
    case "blob": {
      const k = Array.from({ length: 4 }, () => [
        range(rand, -0.12, 0.12),
        range(rand, 0, Math.PI * 2),
      ]);
      const steps = 96;
      for (let i = 0; i <= steps; i++) {
        const t = (i / steps) * Math.PI * 2;
        let r = 1;
        k.forEach(([amp = 0, ph = 0], j) => {
          r += amp * Math.sin((j + 2) * t + ph);
        });
        const px = x + w / 2 + (Math.cos(t) * r * w) / 2.3;
        const py = y + h / 2 + (Math.sin(t) * r * h) / 2.3;
        if (i === 0) p.moveTo(px, py);
        else p.lineTo(px, py);
      }
      p.closePath();
      return p;
    }
    case "box": {
      const depth = w * range(rand, 0.12, 0.22);
      p.moveTo(x, y + depth);
      p.lineTo(x + depth, y);
      p.lineTo(x + w, y);
      p.lineTo(x + w, y + h - depth);
      p.lineTo(x + w - depth, y + h);
      p.lineTo(x, y + h);
      p.closePath();
      return p;
    }
    case "mug": {
      const bodyW = w * 0.72;
      p.roundRect(x, y, bodyW, h, w * 0.06);
      // The handle: a ring whose hole shows the backdrop.
      const hx = x + bodyW;
      const hy = y + h * 0.22;
      const hw = w - bodyW;
      const hh = h * 0.5;
      p.roundRect(hx, hy, hw, hh, hw * 0.45);
      p.roundRect(hx + hw * 0.3, hy + hh * 0.22, hw * 0.42, hh * 0.56, hw * 0.2);
      return p;
    }
    case "ring": {
      p.ellipse(x + w / 2, y + h / 2, w / 2, h / 2, 0, 0, Math.PI * 2);
      p.ellipse(x + w / 2, y + h / 2, w * 0.22, h * 0.22, 0, 0, Math.PI * 2);
      return p;
    }
  }
}

function paintBackdrop(
  ctx: SKRSContext2D,
  kind: SyntheticBackdrop,
  W: number,
  H: number,
  rand: () => number,
): void {
  switch (kind) {
    case "white":
      ctx.fillStyle = hsl(range(rand, 0, 360), range(rand, 0, 0.1), range(rand, 0.96, 1));
      ctx.fillRect(0, 0, W, H);
      return;
    case "grey":
      ctx.fillStyle = hsl(range(rand, 0, 360), range(rand, 0, 0.08), range(rand, 0.55, 0.9));
      ctx.fillRect(0, 0, W, H);
      return;
    case "noisy":
      ctx.fillStyle = hsl(range(rand, 0, 360), range(rand, 0, 0.15), range(rand, 0.7, 0.95));
      ctx.fillRect(0, 0, W, H);
      return;
    case "gradient": {
      const radial = rand() < 0.4;
      const g = radial
        ? ctx.createRadialGradient(W / 2, H * 0.4, 0, W / 2, H * 0.4, Math.max(W, H) * 0.8)
        : ctx.createLinearGradient(0, 0, rand() * W * 0.5, H);
      const hue = range(rand, 0, 360);
      g.addColorStop(0, hsl(hue, range(rand, 0.05, 0.4), range(rand, 0.85, 0.98)));
      g.addColorStop(
        1,
        hsl(hue + range(rand, -30, 30), range(rand, 0.05, 0.4), range(rand, 0.6, 0.82)),
      );
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, W, H);
      return;
    }
    case "busy": {
      ctx.fillStyle = hsl(range(rand, 0, 360), range(rand, 0.2, 0.6), range(rand, 0.4, 0.8));
      ctx.fillRect(0, 0, W, H);
      for (let i = 0; i < 30; i++) {
        ctx.fillStyle = hsl(
          range(rand, 0, 360),
          range(rand, 0.2, 0.8),
          range(rand, 0.2, 0.9),
          range(rand, 0.5, 1),
        );
        if (rand() < 0.5)
          ctx.fillRect(
            range(rand, -50, W),
            range(rand, -50, H),
            range(rand, 10, W / 2),
            range(rand, 10, H / 2),
          );
        else {
          ctx.beginPath();
          ctx.arc(range(rand, 0, W), range(rand, 0, H), range(rand, 5, W / 4), 0, Math.PI * 2);
          ctx.fill();
        }
      }
    }
  }
}

function paintProduct(ctx: SKRSContext2D, path: Path2D, f: Frame, rand: () => number): void {
  const hue = range(rand, 0, 360);
  const sat = range(rand, 0.15, 0.9);
  const light = range(rand, 0.18, 0.7);
  ctx.save();
  ctx.clip(path, "evenodd");
  const g = ctx.createLinearGradient(f.x, f.y, f.x + f.w, f.y + f.h * 0.3);
  g.addColorStop(0, hsl(hue, sat, Math.min(0.85, light + 0.15)));
  g.addColorStop(0.5, hsl(hue, sat, light));
  g.addColorStop(1, hsl(hue + 15, sat, Math.max(0.08, light - 0.15)));
  ctx.fillStyle = g;
  ctx.fillRect(f.x - 2, f.y - 2, f.w + 4, f.h + 4);
  // Texture: stripes or dots in a second colour, and a label band.
  const second = hsl(
    hue + range(rand, 60, 180),
    range(rand, 0.3, 0.9),
    range(rand, 0.25, 0.6),
    0.6,
  );
  ctx.fillStyle = second;
  if (rand() < 0.5) {
    for (let yy = f.y; yy < f.y + f.h; yy += range(rand, 6, 14)) ctx.fillRect(f.x, yy, f.w, 2);
  } else {
    for (let i = 0; i < 40; i++) {
      ctx.beginPath();
      ctx.arc(f.x + rand() * f.w, f.y + rand() * f.h, range(rand, 1, 4), 0, Math.PI * 2);
      ctx.fill();
    }
  }
  ctx.fillStyle = hsl(hue + 180, range(rand, 0.2, 0.6), range(rand, 0.2, 0.5), 0.85);
  ctx.fillRect(f.x, f.y + f.h * range(rand, 0.4, 0.6), f.w, f.h * 0.15);
  // A specular highlight down one side.
  const hl = ctx.createLinearGradient(f.x, 0, f.x + f.w * 0.4, 0);
  hl.addColorStop(0, "rgba(255,255,255,0)");
  hl.addColorStop(0.5, "rgba(255,255,255,0.25)");
  hl.addColorStop(1, "rgba(255,255,255,0)");
  ctx.fillStyle = hl;
  ctx.fillRect(f.x, f.y, f.w * 0.4, f.h);
  ctx.restore();
}

/** Photo and exact mask number `index` of the set (backdrop kind cycles with the index). */
export function syntheticPhoto(index: number): SyntheticPhoto {
  const rand = prng(0x5eed ^ Math.imul(index + 1, 0x9e3779b1));
  const backdrop = BACKDROP_KINDS[index % BACKDROP_KINDS.length] as SyntheticBackdrop;
  const shape = pick(rand, SHAPES);
  const [W, H] = pick(rand, SIZES);
  const aspect =
    shape === "bottle"
      ? range(rand, 0.3, 0.6)
      : shape === "ring"
        ? range(rand, 0.8, 1.25)
        : range(rand, 0.6, 1.6);
  const maxW = W * 0.7;
  const maxH = H * 0.7;
  let h = maxH * range(rand, 0.6, 1);
  let w = h * aspect;
  if (w > maxW) {
    w = maxW;
    h = w / aspect;
  }
  const f: Frame = {
    x: range(rand, W * 0.12, W * 0.88 - w),
    y: range(rand, H * 0.1, H * 0.85 - h),
    w,
    h,
  };
  const path = shapePath(shape, f, rand);

  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext("2d");
  paintBackdrop(ctx, backdrop, W, H, rand);
  // Soft contact shadow on the backdrop under the product.
  ctx.save();
  ctx.translate(f.x + f.w / 2 + range(rand, -0.1, 0.1) * f.w, f.y + f.h);
  ctx.scale(1, 0.18);
  const r = f.w * 0.6;
  const sg = ctx.createRadialGradient(0, 0, 0, 0, 0, r);
  sg.addColorStop(0, `rgba(0,0,0,${range(rand, 0.12, 0.25).toFixed(3)})`);
  sg.addColorStop(1, "rgba(0,0,0,0)");
  ctx.fillStyle = sg;
  ctx.beginPath();
  ctx.arc(0, 0, r, 0, Math.PI * 2);
  ctx.fill();
  ctx.restore();
  paintProduct(ctx, path, f, rand);
  const data = new Uint8ClampedArray(ctx.getImageData(0, 0, W, H).data);
  if (backdrop === "noisy") {
    // Sensor-like noise over the whole photo (σ ≈ 6/255), product included.
    const sigma = range(rand, 4, 8);
    for (let i = 0; i < data.length; i += 4) {
      const n = (rand() + rand() + rand() - 1.5) * 2 * sigma;
      for (let c = 0; c < 3; c++) data[i + c] = (data[i + c] ?? 0) + n;
    }
  }
  const mc = createCanvas(W, H);
  const mctx = mc.getContext("2d");
  mctx.fillStyle = "#000";
  mctx.fillRect(0, 0, W, H);
  mctx.fillStyle = "#fff";
  mctx.fill(path, "evenodd");
  const md = mctx.getImageData(0, 0, W, H).data;
  const mask = new Uint8Array(W * H);
  for (let i = 0; i < mask.length; i++) mask[i] = (md[i * 4] ?? 0) >= 128 ? 1 : 0;
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return { index, backdrop, shape, photo: { width: W, height: H, data }, mask };
}

export interface MaskScores {
  iou: number;
  /** Boundary F-measure (DAVIS): boundary pixels matched within a tolerance of 0.75% of the diagonal. */
  boundaryF: number;
}

function boundary(mask: Uint8Array, W: number, H: number): Uint8Array {
  const out = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      if (!mask[i]) continue;
      if (
        x === 0 ||
        y === 0 ||
        x === W - 1 ||
        y === H - 1 ||
        !mask[i - 1] ||
        !mask[i + 1] ||
        !mask[i - W] ||
        !mask[i + W]
      )
        out[i] = 1;
    }
  }
  return out;
}

function dilate(src: Uint8Array, W: number, H: number, r: number): Uint8Array {
  const tmp = new Uint8Array(W * H);
  const out = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (!src[y * W + x]) continue;
      for (let k = Math.max(0, x - r); k <= Math.min(W - 1, x + r); k++) tmp[y * W + k] = 1;
    }
  }
  for (let x = 0; x < W; x++) {
    for (let y = 0; y < H; y++) {
      if (!tmp[y * W + x]) continue;
      for (let k = Math.max(0, y - r); k <= Math.min(H - 1, y + r); k++) out[k * W + x] = 1;
    }
  }
  return out;
}

/** IoU and boundary F-score of a predicted alpha (≥ 50% counts as product) against an exact mask. */
export function scoreMask(
  alpha: Uint8Array | Uint8ClampedArray,
  truth: Uint8Array,
  W: number,
  H: number,
): MaskScores {
  const pred = new Uint8Array(W * H);
  let inter = 0;
  let uni = 0;
  for (let i = 0; i < pred.length; i++) {
    pred[i] = (alpha[i] ?? 0) >= 128 ? 1 : 0;
    if (pred[i] && truth[i]) inter++;
    if (pred[i] || truth[i]) uni++;
  }
  const tol = Math.max(1, Math.round(0.0075 * Math.hypot(W, H)));
  const bp = boundary(pred, W, H);
  const bt = boundary(truth, W, H);
  const dp = dilate(bp, W, H, tol);
  const dt = dilate(bt, W, H, tol);
  let np = 0;
  let mp = 0;
  let nt = 0;
  let mt = 0;
  for (let i = 0; i < pred.length; i++) {
    if (bp[i]) {
      np++;
      if (dt[i]) mp++;
    }
    if (bt[i]) {
      nt++;
      if (dp[i]) mt++;
    }
  }
  const precision = np ? mp / np : 0;
  const recall = nt ? mt / nt : 0;
  return {
    iou: uni ? inter / uni : 1,
    boundaryF: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
  };
}
