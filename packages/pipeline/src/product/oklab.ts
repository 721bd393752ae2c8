/**
 * sRGB ↔ OKLab (Björn Ottosson, 2020). OKLab is close to perceptually
 * uniform: a Euclidean distance of ~0.02 is a just-noticeable difference,
 * whatever the hue, which is what a backdrop tolerance needs.
 */

const LINEAR = new Float32Array(256);
for (let i = 0; i < 256; i++) {
  const c = i / 255;
  LINEAR[i] = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** sRGB 8-bit channel → linear light in [0, 1]. */
export function srgbToLinear(v: number): number {
  return LINEAR[Math.max(0, Math.min(255, Math.round(v)))] ?? 0;
}

export function linearToSrgb(c: number): number {
  const v = c <= 0.0031308 ? c * 12.92 : 1.055 * c ** (1 / 2.4) - 0.055;
  return Math.max(0, Math.min(255, Math.round(v * 255)));
}

export type Lab = [number, number, number];

export function linearRgbToOklab(r: number, g: number, b: number): Lab {
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ];
}

export function oklabToLinearRgb(L: number, a: number, b: number): [number, number, number] {
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3;
  return [
    4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
    -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
    -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s,
  ];
}

export function srgbToOklab(r: number, g: number, b: number): Lab {
  return linearRgbToOklab(srgbToLinear(r), srgbToLinear(g), srgbToLinear(b));
}

export function oklabToHex(lab: Lab): string {
  const [r, g, b] = oklabToLinearRgb(lab[0], lab[1], lab[2]);
  return `#${[r, g, b]
    .map((c) => linearToSrgb(c).toString(16).padStart(2, "0"))
    .join("")
    .toUpperCase()}`;
}

/**
 * An RGBA image's pixels in OKLab, as three planes. The cube roots are the
 * cost: a 1600 × 1600 photo converts in about 100 ms.
 */
export function toOklabPlanes(
  rgba: Uint8Array | Uint8ClampedArray,
  n: number,
): { L: Float32Array; A: Float32Array; B: Float32Array } {
  const L = new Float32Array(n);
  const A = new Float32Array(n);
  const B = new Float32Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    const lab = linearRgbToOklab(
      LINEAR[rgba[j] ?? 0] ?? 0,
      LINEAR[rgba[j + 1] ?? 0] ?? 0,
      LINEAR[rgba[j + 2] ?? 0] ?? 0,
    );
    L[i] = lab[0];
    A[i] = lab[1];
    B[i] = lab[2];
  }
  return { L, A, B };
}
