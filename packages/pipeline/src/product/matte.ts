/**
 * From a backdrop field to a soft alpha matte: a perceptual distance map,
 * region growing from the borders within a tolerance, enclosed holes that
 * show the backdrop, and a matted edge band where alpha is solved from the
 * compositing equation I = αF + (1 − α)B instead of thresholded.
 */
import type { Planes } from "./backdrop";

/** Box blur of one plane (two passes of a running sum): O(n) whatever the radius. */
export function boxBlur(src: Float32Array, width: number, height: number, r: number): Float32Array {
  if (r < 1) return src;
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let s = 0;
    let c = 0;
    for (let x = -r; x <= r; x++)
      if (x >= 0 && x < width) {
        s += src[row + x] ?? 0;
        c++;
      }
    for (let x = 0; x < width; x++) {
      tmp[row + x] = s / c;
      const add = x + r + 1;
      const del = x - r;
      if (add < width) {
        s += src[row + add] ?? 0;
        c++;
      }
      if (del >= 0) {
        s -= src[row + del] ?? 0;
        c--;
      }
    }
  }
  for (let x = 0; x < width; x++) {
    let s = 0;
    let c = 0;
    for (let y = -r; y <= r; y++)
      if (y >= 0 && y < height) {
        s += tmp[y * width + x] ?? 0;
        c++;
      }
    for (let y = 0; y < height; y++) {
      out[y * width + x] = s / c;
      const add = y + r + 1;
      const del = y - r;
      if (add < height) {
        s += tmp[add * width + x] ?? 0;
        c++;
      }
      if (del >= 0) {
        s -= tmp[del * width + x] ?? 0;
        c--;
      }
    }
  }
  return out;
}

/**
 * OKLab distance from the backdrop, with shadows discounted: a pixel that is
 * only somewhat darker than the backdrop at the same chroma is a shadow cast
 * on it, not the product (the composer draws its own shadow).
 */
/**
 * The field corrected by the residual of the backdrop found around the
 * product (normalised convolution over a quarter of the photo): what a
 * hole in the product should look like where the quadratic field is off.
 */
export function localField(
  img: Planes,
  field: Planes,
  bg: Uint8Array,
  width: number,
  height: number,
): Planes {
  const n = width * height;
  const r = Math.max(4, Math.round(Math.min(width, height) / 4));
  const w = new Float32Array(n);
  const res = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  const chans = [img.L, img.A, img.B];
  const fch = [field.L, field.A, field.B];
  for (let i = 0; i < n; i++) {
    if (!bg[i]) continue;
    const dL = (img.L[i] ?? 0) - (field.L[i] ?? 0);
    const chroma = Math.hypot(
      (img.A[i] ?? 0) - (field.A[i] ?? 0),
      (img.B[i] ?? 0) - (field.B[i] ?? 0),
    );
    // A cast shadow is not the backdrop's colour: it must not darken the holes.
    if (dL < -0.015 && chroma < 0.02) continue;
    w[i] = 1;
    for (let c = 0; c < 3; c++)
      (res[c] as Float32Array)[i] =
        ((chans[c] as Float32Array)[i] ?? 0) - ((fch[c] as Float32Array)[i] ?? 0);
  }
  const wb = boxBlur(w, width, height, r);
  const out = [0, 1, 2].map((c) => {
    const rb = boxBlur(res[c] as Float32Array, width, height, r);
    const o = new Float32Array(n);
    const f = fch[c] as Float32Array;
    for (let i = 0; i < n; i++) {
      const wi = wb[i] ?? 0;
      o[i] = (f[i] ?? 0) + (wi > 0.02 ? (rb[i] ?? 0) / wi : 0);
    }
    return o;
  });
  return { L: out[0] as Float32Array, A: out[1] as Float32Array, B: out[2] as Float32Array };
}

export function distanceMap(img: Planes, field: Planes): Float32Array {
  const n = img.L.length;
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const dL = (img.L[i] ?? 0) - (field.L[i] ?? 0);
    const da = (img.A[i] ?? 0) - (field.A[i] ?? 0);
    const db = (img.B[i] ?? 0) - (field.B[i] ?? 0);
    const chroma = Math.hypot(da, db);
    const shadow = dL < 0 && dL > -0.3 && chroma < 0.025;
    const wL = shadow ? 0.15 : 1;
    d[i] = Math.sqrt(wL * wL * dL * dL + da * da + db * db);
  }
  return d;
}

/**
 * Background = every pixel reachable from the border through pixels within
 * `tol` of the backdrop, plus enclosed regions well within it (the hole in a
 * handle), when large enough not to be a highlight on the product.
 */
export interface GrowOptions {
  /** Global tolerance: within it of the field is backdrop wherever it is connected. */
  tol: number;
  /**
   * Smooth-step tolerances: a neighbour further than `tol` from the field (a
   * vignette or radial sweep the quadratic misses) is still backdrop when it
   * is within `loose` of the field and differs from the pixel it is reached
   * from by less than `step`: backdrops change gradually, product edges do not.
   */
  loose: number;
  step: number;
  /** The (smoothed) image, to measure steps between neighbours. */
  planes: Planes;
  /**
   * Distances for the hole search, given the outside backdrop found so far
   * (the field corrected by what surrounds the product); defaults to `d`.
   */
  holeDistance?: (bg: Uint8Array) => Float32Array;
}

export function growBackground(
  d: Float32Array,
  width: number,
  height: number,
  opts: GrowOptions,
): Uint8Array {
  const { tol, loose, step, planes } = opts;
  const { L, A, B } = planes;
  const step2 = step * step;
  const near = (i: number, j: number) => {
    const dl = (L[i] ?? 0) - (L[j] ?? 0);
    const da = (A[i] ?? 0) - (A[j] ?? 0);
    const db = (B[i] ?? 0) - (B[j] ?? 0);
    return dl * dl + da * da + db * db < step2;
  };
  const n = width * height;
  const bg = new Uint8Array(n);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  const seed = (i: number) => {
    if (!bg[i] && (d[i] ?? 1) < tol) {
      bg[i] = 1;
      queue[tail++] = i;
    }
  };
  for (let x = 0; x < width; x++) {
    seed(x);
    seed((height - 1) * width + x);
  }
  for (let y = 0; y < height; y++) {
    seed(y * width);
    seed(y * width + width - 1);
  }
  let dist = d;
  const flood = (limit: number, smooth: boolean) => {
    while (head < tail) {
      const i = queue[head++] ?? 0;
      const x = i % width;
      const neighbours = [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width];
      for (const j of neighbours) {
        if (j < 0 || j >= n || bg[j]) continue;
        const dj = dist[j] ?? 1;
        if (dj < limit || (smooth && dj < loose && near(i, j))) {
          bg[j] = 1;
          queue[tail++] = j;
        }
      }
    }
  };
  flood(tol, true);

  // Enclosed holes: components under a stricter tolerance, with a minimum area.
  dist = opts.holeDistance?.(bg) ?? d;
  const strict = tol * 0.6;
  const minArea = Math.max(12, Math.round(n * 0.0004));
  const seen = new Uint8Array(n);
  const comp = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    if (bg[s] || seen[s] || (dist[s] ?? 1) >= strict) continue;
    let h = 0;
    let t = 0;
    comp[t++] = s;
    seen[s] = 1;
    while (h < t) {
      const i = comp[h++] ?? 0;
      const x = i % width;
      const neighbours = [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width];
      for (const j of neighbours) {
        if (j < 0 || j >= n || seen[j] || bg[j] || (dist[j] ?? 1) >= strict) continue;
        seen[j] = 1;
        comp[t++] = j;
      }
    }
    if (t >= minArea) {
      head = 0;
      tail = 0;
      for (let k = 0; k < t; k++) {
        const i = comp[k] ?? 0;
        bg[i] = 1;
        queue[tail++] = i;
      }
      // The hole's rim grows back to the ordinary tolerance, but not by smooth
      // steps: inside the product those would walk across its own shading.
      flood(tol, false);
    }
  }
  return bg;
}

/** Drops foreground specks smaller than a share of the largest piece. */
export function keepMainPieces(fg: Uint8Array, width: number, height: number, share = 0.02): void {
  const n = width * height;
  const label = new Int32Array(n).fill(-1);
  const sizes: number[] = [];
  const stack = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    if (!fg[s] || label[s] !== -1) continue;
    const id = sizes.length;
    let top = 0;
    stack[top++] = s;
    label[s] = id;
    let size = 0;
    while (top > 0) {
      const i = stack[--top] ?? 0;
      size++;
      const x = i % width;
      const neighbours = [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width];
      for (const j of neighbours) {
        if (j < 0 || j >= n || !fg[j] || label[j] !== -1) continue;
        label[j] = id;
        stack[top++] = j;
      }
    }
    sizes.push(size);
  }
  const largest = Math.max(0, ...sizes);
  for (let i = 0; i < n; i++) {
    const l = label[i] ?? -1;
    if (l >= 0 && (sizes[l] ?? 0) < largest * share) fg[i] = 0;
  }
}

/** Chebyshev distance (in pixels, capped) from each pixel to the other side of a binary mask. */
export function edgeDistance(
  mask: Uint8Array,
  width: number,
  height: number,
  cap: number,
): Uint8Array {
  const n = width * height;
  const dist = new Uint8Array(n).fill(cap);
  const queue = new Int32Array(n);
  let tail = 0;
  for (let i = 0; i < n; i++) {
    const x = i % width;
    const m = mask[i];
    if (
      (x > 0 && mask[i - 1] !== m) ||
      (x < width - 1 && mask[i + 1] !== m) ||
      (i >= width && mask[i - width] !== m) ||
      (i + width < n && mask[i + width] !== m)
    ) {
      dist[i] = 0;
      queue[tail++] = i;
    }
  }
  let head = 0;
  while (head < tail) {
    const i = queue[head++] ?? 0;
    const next = (dist[i] ?? 0) + 1;
    if (next >= cap) continue;
    const x = i % width;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        if ((dx === 0 && dy === 0) || x + dx < 0 || x + dx >= width) continue;
        const j = i + dy * width + dx;
        if (j < 0 || j >= n || (dist[j] ?? 0) <= next) continue;
        dist[j] = next;
        queue[tail++] = j;
      }
    }
  }
  return dist;
}

export interface MatteInput {
  /** sRGB RGBA bytes of the photo. */
  rgba: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  /** 1 where the product is (hard segmentation). */
  fg: Uint8Array;
  /** The backdrop colour field, as 8-bit sRGB planes (0–255 floats). */
  backdrop: [Float32Array, Float32Array, Float32Array];
  /** Half-width of the band around the hard edge that is matted, in pixels. */
  band: number;
}

/**
 * Solves alpha in the band around the hard edge: B is the backdrop field, F
 * the mean colour of nearby certain-product pixels (normalised convolution),
 * α the projection of I − B on F − B. Band pixels get F as their colour, so
 * no backdrop fringe travels with the product onto a darker poster.
 * Returns straight-alpha RGBA.
 */
export function matte(input: MatteInput): Uint8ClampedArray {
  const { rgba, width, height, fg, backdrop, band } = input;
  const n = width * height;
  const dist = edgeDistance(fg, width, height, band + 3);
  const out = new Uint8ClampedArray(n * 4);
  // Certain product: inside and clear of the band.
  const sure = new Float32Array(n);
  const planes = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  for (let i = 0; i < n; i++) {
    if (fg[i] && (dist[i] ?? 0) > band) {
      sure[i] = 1;
      for (let c = 0; c < 3; c++) (planes[c] as Float32Array)[i] = rgba[i * 4 + c] ?? 0;
    }
  }
  const r = band + 3;
  const w = boxBlur(sure, width, height, r);
  const fcol = planes.map((p) => boxBlur(p, width, height, r));
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    const inBand = (dist[i] ?? 0) <= band;
    if (!inBand) {
      const a = fg[i] ? 255 : 0;
      out[o] = rgba[o] ?? 0;
      out[o + 1] = rgba[o + 1] ?? 0;
      out[o + 2] = rgba[o + 2] ?? 0;
      out[o + 3] = a;
      continue;
    }
    const wi = w[i] ?? 0;
    const I = [rgba[o] ?? 0, rgba[o + 1] ?? 0, rgba[o + 2] ?? 0];
    const B = [backdrop[0][i] ?? 0, backdrop[1][i] ?? 0, backdrop[2][i] ?? 0];
    let alpha: number;
    let F = I;
    if (wi > 1e-3) {
      F = [0, 1, 2].map((c) => ((fcol[c] as Float32Array)[i] ?? 0) / wi);
      let num = 0;
      let den = 0;
      for (let c = 0; c < 3; c++) {
        const fb = (F[c] ?? 0) - (B[c] ?? 0);
        num += ((I[c] ?? 0) - (B[c] ?? 0)) * fb;
        den += fb * fb;
      }
      // Product and backdrop of nearly the same colour: the projection is noise.
      alpha = den > 30 * 30 ? num / den : fg[i] ? 1 : 0;
    } else {
      alpha = fg[i] ? 1 : 0;
    }
    // Far side of the band stays what the segmentation said: matting only softens.
    const d = (dist[i] ?? 0) / Math.max(1, band);
    if (fg[i]) alpha = Math.max(alpha, d);
    else alpha = Math.min(alpha, 1 - d);
    alpha = Math.max(0, Math.min(1, alpha));
    out[o] = F[0] ?? 0;
    out[o + 1] = F[1] ?? 0;
    out[o + 2] = F[2] ?? 0;
    out[o + 3] = Math.round(alpha * 255);
  }
  return out;
}
