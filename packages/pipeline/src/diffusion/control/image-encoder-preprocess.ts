import sharp from "sharp";
import type { RgbImage } from "../../image-backend/types";

/*
 * transformers' CLIPImageProcessor (the "slow" one diffusers builds for
 * IP-Adapter), reproduced to the byte: convert to RGB (alpha dropped, as
 * PIL's convert("RGB") does), resize the shortest side to 224 with PIL's
 * antialiased bicubic (Keys a = −0.5, support scaled by the reduction,
 * 22-bit fixed-point weights, an 8-bit intermediate after the horizontal
 * pass, exactly like Pillow's Resample.c), long side int(224·long/short)
 * (truncated), centre crop 224 with top/left floored, ×1/255, then
 * (x − mean) / std per channel, channels-first.
 *
 * Why not sharp's resize: libvips' cubic reduce uses a different support and
 * weight rounding than Pillow (measured in image-encoder-preprocess.test.ts)
 * and the image encoder was trained on Pillow's pixels.
 */

export const CLIP_SIZE = 224;
export const CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073] as const;
export const CLIP_STD = [0.26862954, 0.26130258, 0.27577711] as const;

const PRECISION_BITS = 32 - 8 - 2;

/** Pillow's bicubic filter (a = −0.5), support 2. */
export function bicubicFilter(x: number): number {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
  return 0;
}

interface Coeffs {
  ksize: number;
  /** [xmin, count] per output pixel. */
  bounds: Int32Array;
  /** Fixed-point weights, ksize per output pixel. */
  weights: Int32Array;
}

/** Pillow's precompute_coeffs + normalize_coeffs_8bpc for a full-range resize. */
export function resampleCoeffs(inSize: number, outSize: number): Coeffs {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = 2 * filterScale;
  const ksize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const weights = new Int32Array(outSize * ksize);
  const k = new Float64Array(ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const ss = 1 / filterScale;
    // C's (int) cast truncates toward zero.
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let ww = 0;
    k.fill(0);
    for (let x = 0; x < xmax; x++) {
      const w = bicubicFilter((x + xmin - center + 0.5) * ss);
      k[x] = w;
      ww += w;
    }
    for (let x = 0; x < ksize; x++) {
      const w = x < xmax && ww !== 0 ? (k[x] as number) / ww : 0;
      weights[xx * ksize + x] =
        w < 0
          ? Math.trunc(-0.5 + w * 2 ** PRECISION_BITS)
          : Math.trunc(0.5 + w * 2 ** PRECISION_BITS);
    }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  return { ksize, bounds, weights };
}

function clip8(v: number): number {
  if (v >= 2 ** (PRECISION_BITS + 8)) return 255;
  if (v <= 0) return 0;
  return Math.floor(v / 2 ** PRECISION_BITS);
}

/**
 * Pillow's Image.resize(size, BICUBIC) on an 8-bit RGB image: horizontal
 * pass, then vertical, each rounded to 8 bits. A pass whose size does not
 * change is skipped, as Pillow skips it.
 */
export function resizeBicubicPil(img: RgbImage, width: number, height: number): RgbImage {
  let src = img;
  const half = 2 ** (PRECISION_BITS - 1);
  if (width !== src.width) {
    const c = resampleCoeffs(src.width, width);
    const out = new Uint8Array(width * src.height * 3);
    for (let y = 0; y < src.height; y++) {
      for (let x = 0; x < width; x++) {
        const xmin = c.bounds[x * 2] as number;
        const n = c.bounds[x * 2 + 1] as number;
        for (let ch = 0; ch < 3; ch++) {
          let ss = half;
          for (let i = 0; i < n; i++)
            ss +=
              (src.data[(y * src.width + xmin + i) * 3 + ch] as number) *
              (c.weights[x * c.ksize + i] as number);
          out[(y * width + x) * 3 + ch] = clip8(ss);
        }
      }
    }
    src = { width, height: src.height, data: out };
  }
  if (height !== src.height) {
    const c = resampleCoeffs(src.height, height);
    const out = new Uint8Array(src.width * height * 3);
    for (let y = 0; y < height; y++) {
      const ymin = c.bounds[y * 2] as number;
      const n = c.bounds[y * 2 + 1] as number;
      for (let x = 0; x < src.width; x++) {
        for (let ch = 0; ch < 3; ch++) {
          let ss = half;
          for (let i = 0; i < n; i++)
            ss +=
              (src.data[((ymin + i) * src.width + x) * 3 + ch] as number) *
              (c.weights[y * c.ksize + i] as number);
          out[(y * src.width + x) * 3 + ch] = clip8(ss);
        }
      }
    }
    src = { width: src.width, height, data: out };
  }
  return src === img ? { ...img, data: img.data.slice() } : src;
}

/** transformers' get_resize_output_image_size(default_to_square=False): short side → size, long side truncated. */
export function shortestSideSize(
  width: number,
  height: number,
  size = CLIP_SIZE,
): { width: number; height: number } {
  if (width <= height) return { width: size, height: Math.trunc((size * height) / width) };
  return { width: Math.trunc((size * width) / height), height: size };
}

/** transformers' center_crop: top/left = (orig − crop) // 2. */
export function centerCrop(img: RgbImage, size = CLIP_SIZE): RgbImage {
  if (img.width < size || img.height < size)
    throw new Error(
      `centre crop ${size} needs at least ${size}×${size}, got ${img.width}×${img.height}`,
    );
  const top = Math.floor((img.height - size) / 2);
  const left = Math.floor((img.width - size) / 2);
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++)
    data.set(
      img.data.subarray(
        ((top + y) * img.width + left) * 3,
        ((top + y) * img.width + left + size) * 3,
      ),
      y * size * 3,
    );
  return { width: size, height: size, data };
}

/** The whole CLIPImageProcessor: an RGB image → pixel_values (3, 224, 224), float32, channels-first. */
export function clipPixelValues(img: RgbImage): Float32Array {
  const size = shortestSideSize(img.width, img.height);
  const cropped = centerCrop(resizeBicubicPil(img, size.width, size.height));
  const plane = CLIP_SIZE * CLIP_SIZE;
  const out = new Float32Array(3 * plane);
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) {
      // transformers rescales in float32 (x · (1/255)), then normalises in float32.
      const rescaled = Math.fround((cropped.data[p * 3 + c] as number) * Math.fround(1 / 255));
      out[c * plane + p] = Math.fround(
        Math.fround(rescaled - Math.fround(CLIP_MEAN[c] as number)) /
          Math.fround(CLIP_STD[c] as number),
      );
    }
  }
  return out;
}

/**
 * Decodes a reference image (any format sharp reads) to 8-bit RGB: EXIF
 * orientation applied (diffusers' load_image does exif_transpose), alpha
 * dropped, as PIL's convert("RGB") does.
 */
export async function decodeReference(bytes: Uint8Array): Promise<RgbImage> {
  const { data, info } = await sharp(bytes)
    .rotate()
    .toColorspace("srgb")
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`reference image decoded to ${info.channels} channels`);
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}
