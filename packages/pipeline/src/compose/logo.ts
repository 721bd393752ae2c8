import { type Image, createCanvas, loadImage } from "@napi-rs/canvas";
import sharp from "sharp";
import { luminance } from "./color";

const LOGO_MAX_PIXELS = 16 * 1024 * 1024;

/** How long decoding a logo may take in the worker before the job fails. */
export const LOGO_LOAD_MS = 20_000;

/** loadLogo with a time limit: a logo that takes longer fails the job instead of holding it. */
export function loadLogoWithin(
  bytes: Buffer,
  mime: string | undefined,
  ms = LOGO_LOAD_MS,
): Promise<Logo> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    loadLogo(bytes, mime),
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the logo took longer than ${ms} ms to decode`)),
        ms,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

/** A brand logo: SVG re-rendered at each size it is drawn at, or a bitmap. */
export interface Logo {
  aspect: number;
  /** Mean relative luminance of the opaque pixels (decides on a plate). */
  luminance: number;
  /** The artwork at (about) the given pixel size, crisp rather than upscaled. */
  at(width: number, height: number): Promise<Image>;
}

function svgSize(svg: string): { w: number; h: number } {
  const root = /<svg\b[^>]*>/i.exec(svg)?.[0] ?? "";
  const vb = /viewBox\s*=\s*["']([^"']+)["']/i
    .exec(root)?.[1]
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  const w =
    Number.parseFloat(/\bwidth\s*=\s*["']([\d.]+)/i.exec(root)?.[1] ?? "") || vb?.[2] || 100;
  const h =
    Number.parseFloat(/\bheight\s*=\s*["']([\d.]+)/i.exec(root)?.[1] ?? "") || vb?.[3] || 100;
  return { w, h };
}

/** Sets the root width/height so the SVG rasterises at the target size. */
function resized(svg: string, w: number, h: number, natural: { w: number; h: number }): string {
  return svg.replace(/<svg\b[^>]*>/i, (root) => {
    let out = root.replace(/\s(width|height)\s*=\s*["'][^"']*["']/gi, "");
    if (!/viewBox/i.test(out))
      out = out.replace(/<svg/i, `<svg viewBox="0 0 ${natural.w} ${natural.h}"`);
    return out.replace(/<svg/i, `<svg width="${Math.round(w)}" height="${Math.round(h)}"`);
  });
}

async function meanLuminance(img: Image): Promise<number> {
  const w = Math.max(1, Math.min(200, img.width));
  const h = Math.max(1, Math.round((w * img.height) / img.width));
  const c = createCanvas(w, h);
  const ctx = c.getContext("2d");
  ctx.drawImage(img, 0, 0, w, h);
  const d = ctx.getImageData(0, 0, w, h).data;
  let sum = 0;
  let weight = 0;
  for (let i = 0; i < d.length; i += 4) {
    const a = (d[i + 3] ?? 0) / 255;
    sum += luminance(d[i] ?? 0, d[i + 1] ?? 0, d[i + 2] ?? 0) * a;
    weight += a;
  }
  return weight ? sum / weight : 0.5;
}

export async function loadLogo(bytes: Buffer, mime?: string): Promise<Logo> {
  const text = bytes.subarray(0, 512).toString("utf8");
  const isSvg = mime === "image/svg+xml" || /<svg\b/i.test(text) || /<\?xml/i.test(text);
  if (!isSvg) {
    // Logos stored before uploads were re-encoded may be any size: sharp reads
    // the declared size first (refusing more than 16 Mpx before decoding) and
    // scales the artwork into 2048 px before Skia decodes it.
    const fitted = await sharp(bytes, { limitInputPixels: LOGO_MAX_PIXELS, pages: 1 })
      .resize({ width: 2048, height: 2048, fit: "inside", withoutEnlargement: true })
      .png()
      .toBuffer();
    const img = await loadImage(fitted);
    return {
      aspect: img.width / img.height,
      luminance: await meanLuminance(img),
      at: async () => img,
    };
  }
  const svg = bytes.toString("utf8");
  const declared = svgSize(svg);
  // A declared 100000 px SVG is drawn at most 2048 px on its long side.
  const clamp = Math.min(1, 2048 / Math.max(declared.w, declared.h));
  const natural = { w: declared.w * clamp, h: declared.h * clamp };
  const cache = new Map<string, Promise<Image>>();
  const at = (w: number, h: number) => {
    const key = `${Math.round(w)}x${Math.round(h)}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = loadImage(Buffer.from(resized(svg, w, h, declared)));
      cache.set(key, hit);
    }
    return hit;
  };
  const probe = await at(natural.w, natural.h);
  return { aspect: natural.w / natural.h, luminance: await meanLuminance(probe), at };
}
