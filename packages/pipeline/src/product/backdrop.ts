/**
 * Estimates a photo's backdrop from its borders: a smooth colour field in
 * OKLab (a quadratic in x and y per channel, which covers flat, linear and
 * vignetted studio sweeps), fitted robustly so a product touching an edge
 * or a shadow does not bend it, plus the noise left around it.
 */

export interface Planes {
  L: Float32Array;
  A: Float32Array;
  B: Float32Array;
}

export type BackdropKind = "plain" | "gradient" | "noisy" | "busy";

export interface BackdropModel {
  /** Six coefficients per channel for [1, u, v, u², v², uv], u and v in [-0.5, 0.5]. */
  coef: [number[], number[], number[]];
  /** Share of border samples the field explains within tolerance. */
  borderFit: number;
  /** Robust spread (σ) of border samples around the field, in OKLab units. */
  noise: number;
  /** Largest OKLab distance between field colours at the four corners and the centre. */
  spread: number;
  kind: BackdropKind;
  /** The field's colour at the centre, OKLab. */
  centre: [number, number, number];
}

const TERMS = 6;

function features(u: number, v: number, out: Float64Array): void {
  out[0] = 1;
  out[1] = u;
  out[2] = v;
  out[3] = u * u;
  out[4] = v * v;
  out[5] = u * v;
}

/** Solves the symmetric system M x = y by Gaussian elimination with partial pivoting. */
function solve(M: Float64Array, y: Float64Array, n: number): number[] {
  const a = Float64Array.from(M);
  const b = Float64Array.from(y);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++)
      if (Math.abs(a[r * n + c] ?? 0) > Math.abs(a[p * n + c] ?? 0)) p = r;
    if (p !== c) {
      for (let k = 0; k < n; k++) {
        const t = a[c * n + k] ?? 0;
        a[c * n + k] = a[p * n + k] ?? 0;
        a[p * n + k] = t;
      }
      const t = b[c] ?? 0;
      b[c] = b[p] ?? 0;
      b[p] = t;
    }
    const d = a[c * n + c] ?? 0;
    if (Math.abs(d) < 1e-12) continue;
    for (let r = c + 1; r < n; r++) {
      const f = (a[r * n + c] ?? 0) / d;
      if (!f) continue;
      for (let k = c; k < n; k++) a[r * n + k] = (a[r * n + k] ?? 0) - f * (a[c * n + k] ?? 0);
      b[r] = (b[r] ?? 0) - f * (b[c] ?? 0);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r] ?? 0;
    for (let k = r + 1; k < n; k++) s -= (a[r * n + k] ?? 0) * (x[k] ?? 0);
    const d = a[r * n + r] ?? 0;
    x[r] = Math.abs(d) < 1e-12 ? 0 : s / d;
  }
  return x;
}

export function fieldAt(model: BackdropModel, u: number, v: number): [number, number, number] {
  const f = [1, u, v, u * u, v * v, u * v];
  const out: [number, number, number] = [0, 0, 0];
  for (let c = 0; c < 3; c++) {
    const k = model.coef[c] as number[];
    let s = 0;
    for (let t = 0; t < TERMS; t++) s += (k[t] ?? 0) * (f[t] ?? 0);
    out[c] = s;
  }
  return out;
}

function median(values: Float64Array | number[]): number {
  const s = Float64Array.from(values).sort();
  return s.length ? (s[s.length >> 1] ?? 0) : 0;
}

/** Indices of the border band, subsampled to at most ~12,000 samples. */
export function borderSamples(width: number, height: number): Int32Array {
  const band = Math.max(2, Math.round(Math.min(width, height) * 0.015));
  const perimeter = 2 * (width + height) * band;
  const step = Math.max(1, Math.floor(perimeter / 12_000));
  const out: number[] = [];
  let k = 0;
  for (let y = 0; y < height; y++) {
    const edgeRow = y < band || y >= height - band;
    for (let x = 0; x < width; x++) {
      if (!edgeRow && x >= band && x < width - band) {
        x = width - band - 1;
        continue;
      }
      if (k++ % step === 0) out.push(y * width + x);
    }
  }
  return Int32Array.from(out);
}

/** Fits the backdrop field to the border, dropping outliers over three rounds. */
export function fitBackdrop(planes: Planes, width: number, height: number): BackdropModel {
  const idx = borderSamples(width, height);
  const n = idx.length;
  const chans = [planes.L, planes.A, planes.B];
  const feats = new Float64Array(n * TERMS);
  const f = new Float64Array(TERMS);
  for (let s = 0; s < n; s++) {
    const i = idx[s] ?? 0;
    features(
      (i % width) / Math.max(1, width - 1) - 0.5,
      Math.floor(i / width) / Math.max(1, height - 1) - 0.5,
      f,
    );
    feats.set(f, s * TERMS);
  }
  const inlier = new Uint8Array(n).fill(1);
  const resid = new Float64Array(n);
  let coef: [number[], number[], number[]] = [[], [], []];
  let sigma = 0;
  for (let round = 0; round < 4; round++) {
    const M = new Float64Array(TERMS * TERMS);
    const ys = [new Float64Array(TERMS), new Float64Array(TERMS), new Float64Array(TERMS)];
    let count = 0;
    for (let s = 0; s < n; s++) {
      if (!inlier[s]) continue;
      count++;
      const i = idx[s] ?? 0;
      for (let r = 0; r < TERMS; r++) {
        const fr = feats[s * TERMS + r] ?? 0;
        for (let c = 0; c < TERMS; c++)
          M[r * TERMS + c] = (M[r * TERMS + c] ?? 0) + fr * (feats[s * TERMS + c] ?? 0);
        for (let ch = 0; ch < 3; ch++) {
          const y = ys[ch] as Float64Array;
          y[r] = (y[r] ?? 0) + fr * ((chans[ch] as Float32Array)[i] ?? 0);
        }
      }
    }
    // A tiny ridge keeps the quadratic terms tame when few samples survive.
    for (let r = 1; r < TERMS; r++) M[r * TERMS + r] = (M[r * TERMS + r] ?? 0) + count * 1e-4;
    coef = [
      solve(M, ys[0] as Float64Array, TERMS),
      solve(M, ys[1] as Float64Array, TERMS),
      solve(M, ys[2] as Float64Array, TERMS),
    ];
    for (let s = 0; s < n; s++) {
      const i = idx[s] ?? 0;
      let d2 = 0;
      for (let ch = 0; ch < 3; ch++) {
        const k = coef[ch] as number[];
        let pred = 0;
        for (let t = 0; t < TERMS; t++) pred += (k[t] ?? 0) * (feats[s * TERMS + t] ?? 0);
        const diff = ((chans[ch] as Float32Array)[i] ?? 0) - pred;
        d2 += diff * diff;
      }
      resid[s] = Math.sqrt(d2);
    }
    const inl: number[] = [];
    for (let s = 0; s < n; s++) if (inlier[s]) inl.push(resid[s] ?? 0);
    // Camera noise is mostly in lightness: read the spread as 1-D (median |r| ≈ 0.674 σ).
    sigma = median(inl) / 0.674;
    const tol = Math.max(0.02, 3.5 * sigma);
    for (let s = 0; s < n; s++) inlier[s] = (resid[s] ?? 0) <= tol ? 1 : 0;
  }
  let fit = 0;
  for (let s = 0; s < n; s++) fit += inlier[s] ?? 0;
  const model: BackdropModel = {
    coef,
    borderFit: n ? fit / n : 0,
    noise: sigma,
    spread: 0,
    kind: "plain",
    centre: [0, 0, 0],
  };
  model.centre = fieldAt(model, 0, 0);
  let spread = 0;
  for (const [u, v] of [
    [-0.5, -0.5],
    [0.5, -0.5],
    [-0.5, 0.5],
    [0.5, 0.5],
  ] as const) {
    const c = fieldAt(model, u, v);
    spread = Math.max(
      spread,
      Math.hypot(c[0] - model.centre[0], c[1] - model.centre[1], c[2] - model.centre[2]),
    );
  }
  model.spread = spread;
  model.kind =
    model.borderFit < 0.8 || sigma > 0.05
      ? "busy"
      : sigma > 0.015
        ? "noisy"
        : spread > 0.03
          ? "gradient"
          : "plain";
  return model;
}

/** The fitted field over the whole image, one plane per OKLab channel. */
export function renderField(model: BackdropModel, width: number, height: number): Planes {
  const n = width * height;
  const out = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  for (let y = 0; y < height; y++) {
    const v = y / Math.max(1, height - 1) - 0.5;
    for (let ch = 0; ch < 3; ch++) {
      const k = model.coef[ch] as number[];
      // Per row the field is a quadratic in u: precompute its three terms.
      const c0 = (k[0] ?? 0) + (k[2] ?? 0) * v + (k[4] ?? 0) * v * v;
      const c1 = (k[1] ?? 0) + (k[5] ?? 0) * v;
      const c2 = k[3] ?? 0;
      const plane = out[ch] as Float32Array;
      for (let x = 0; x < width; x++) {
        const u = x / Math.max(1, width - 1) - 0.5;
        plane[y * width + x] = c0 + c1 * u + c2 * u * u;
      }
    }
  }
  return { L: out[0] as Float32Array, A: out[1] as Float32Array, B: out[2] as Float32Array };
}
