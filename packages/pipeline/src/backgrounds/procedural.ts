import { createCanvas } from "@napi-rs/canvas";
import type { ImageBackend, RenderOptions, RenderRequest, RgbImage } from "../image-backend/types";
import { type Rgb, hexToRgb, luminanceOf, mix, saturation } from "../compose/color";
import { FAMILIES, type FamilyName, type Scene } from "./families";
import { hashString, prng } from "./random";

const FESTIVE =
  /国风|中秋|春节|新年|灯笼|月饼|祥云|明月|festival|lantern|mooncake|lunar|chinese new year/i;
const WARM = /golden hour|warm|cozy|sunset|sunlight|阳光|暖|温暖|夕阳/i;
// Not "clean": the rephraser asks for "clean negative space" in every prompt.
const STUDIO = /studio|minimalis|product shot|极简|简约|棚拍/i;
const FRESH = /fresh|summer|fruit|bright|清新|夏日|水果|明亮|冰/i;

/** Families that suit the prompt, best first; variants walk this list. */
export function familiesFor(prompt: string): FamilyName[] {
  if (FESTIVE.test(prompt)) return ["festive", "mesh", "linear"];
  if (WARM.test(prompt)) return ["light", "mesh", "linear"];
  if (STUDIO.test(prompt)) return ["shapes", "linear", "mesh"];
  if (FRESH.test(prompt)) return ["mesh", "shapes", "light"];
  return ["mesh", "linear", "shapes"];
}

function sceneFor(req: RenderRequest, seed: number): Omit<Scene, "w" | "h" | "calm"> {
  const palette = (req.palette.length ? req.palette : ["#3B5BDB", "#F8F9FA", "#F59F00"]).map(
    hexToRgb,
  );
  // Presets list primary, secondary, accent, background, text: the fourth is the base tone.
  const base = palette[3] ?? mix(palette[0] as Rgb, [255, 255, 255], 0.85);
  const paint = palette.slice(0, 3);
  const accent = [...paint].sort((a, b) => saturation(b) - saturation(a))[0] ?? base;
  const colors = luminanceOf(base) > 0.5 ? paint.map((c) => mix(c, base, 0.15)) : paint;
  return { base, colors, accent, rand: prng(seed) };
}

/** Film grain: a hash per pixel, so it costs one pass and never repeats visibly. */
function grain(rgb: Uint8Array, seed: number, amplitude: number): void {
  let h = seed | 0;
  for (let i = 0; i < rgb.length; i += 3) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) + 0x297a2d39;
    h ^= h >>> 12;
    const n = (((h >>> 8) & 255) / 255 - 0.5) * 2 * amplitude;
    for (let k = 0; k < 3; k++) {
      const v = (rgb[i + k] ?? 0) + n;
      rgb[i + k] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
}

export function renderProcedural(
  req: RenderRequest,
  variant: number,
  family?: FamilyName,
): RgbImage {
  const seed = (hashString(req.prompt) ^ Math.imul(req.seed + variant, 0x9e3779b1)) >>> 0;
  const candidates = familiesFor(req.prompt);
  const name = family ?? candidates[variant % candidates.length] ?? "mesh";
  const canvas = createCanvas(req.width, req.height);
  const ctx = canvas.getContext("2d");
  const scene: Scene = { ...sceneFor(req, seed), w: req.width, h: req.height, calm: req.calmZones };
  FAMILIES[name](ctx, scene);
  const rgba = ctx.getImageData(0, 0, req.width, req.height).data;
  const rgb = new Uint8Array(req.width * req.height * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    rgb[j] = rgba[i] ?? 0;
    rgb[j + 1] = rgba[i + 1] ?? 0;
    rgb[j + 2] = rgba[i + 2] ?? 0;
  }
  // Grain scales with resolution so print and screen look alike; kept faint
  // because the quality gate reads it as texture under the text.
  grain(rgb, seed, req.width >= 2000 ? 3 : 2.5);
  return { width: req.width, height: req.height, data: rgb };
}

/**
 * The default image backend: brand-palette backgrounds painted on the CPU
 * from the prompt and seed (deterministic), with calm zones left free of
 * motifs where the layout will put text.
 */
export class ProceduralBackend implements ImageBackend {
  readonly name = "procedural";

  async render(request: RenderRequest, options: RenderOptions = {}): Promise<RgbImage[]> {
    const out: RgbImage[] = [];
    for (let v = 0; v < request.variants; v++) {
      options.signal?.throwIfAborted();
      options.onProgress?.({ stage: "paint", step: v, totalSteps: request.variants });
      out.push(renderProcedural(request, v));
      // Yield between variants so progress events and aborts get through.
      await new Promise((resolve) => setImmediate(resolve));
    }
    options.onProgress?.({ stage: "paint", step: request.variants, totalSteps: request.variants });
    return out;
  }
}
