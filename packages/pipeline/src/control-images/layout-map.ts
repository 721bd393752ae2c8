import { z } from "zod";
import type { Plan } from "../compose/plan";
import type { Rect, RgbImage } from "../image-backend/types";
import { scaleRect, type Size } from "./placed-product";

/** Where a poster's copy and product stand, in the poster's pixels. */
export interface LayoutRegions {
  width: number;
  height: number;
  /** Headline, subline, call-to-action button and logo boxes. */
  copy: Rect[];
  product?: Rect;
}

/** The regions of a planned layout (compose/plan.ts). */
export function layoutRegions(plan: Plan): LayoutRegions {
  const copy: Rect[] = [
    ...(plan.headline ? [plan.headline.box] : []),
    ...(plan.subline ? [plan.subline.box] : []),
    plan.cta.button,
    ...(plan.logo ? [plan.logo] : []),
  ];
  return {
    width: plan.format.width,
    height: plan.format.height,
    copy,
    ...(plan.product ? { product: plan.product } : {}),
  };
}

const rgb = z.tuple([
  z.number().int().min(0).max(255),
  z.number().int().min(0).max(255),
  z.number().int().min(0).max(255),
]);

/*
 * Colours from the ADE20K palette that segmentation ControlNets
 * (lllyasviel/control_v11p_sd15_seg and its SDXL kin) were trained on:
 * "wall" (120,120,120) asks for a plain, empty surface; black is no class,
 * which leaves the scene free.
 */
export const layoutMapOptionsSchema = z
  .object({
    /** Copy regions: kept empty. Default ADE20K "wall". */
    empty: rgb.default([120, 120, 120]),
    /** Everything else. Default black (no class: free). */
    free: rgb.default([0, 0, 0]),
    /** The product box, when given a colour (default: left free; the canny control holds the product). */
    product: rgb.optional(),
    /** Margin around each copy region, in poster pixels. */
    padding: z.number().nonnegative().default(0),
  })
  .default({ empty: [120, 120, 120], free: [0, 0, 0], padding: 0 });
export type LayoutMapOptions = z.input<typeof layoutMapOptionsSchema>;

function paint(data: Uint8Array, size: Size, r: Rect, color: readonly number[]): void {
  const x0 = Math.max(0, Math.floor(r.x));
  const x1 = Math.min(size.width, Math.ceil(r.x + r.width));
  const y0 = Math.max(0, Math.floor(r.y));
  const y1 = Math.min(size.height, Math.ceil(r.y + r.height));
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) data.set(color, (y * size.width + x) * 3);
}

/**
 * A layout map at the generation's `size`: every pixel a copy region
 * touches (scaled from the poster) in the "empty" colour, the rest "free".
 */
export function layoutMap(
  regions: LayoutRegions,
  size: Size,
  options?: LayoutMapOptions,
): RgbImage {
  const o = layoutMapOptionsSchema.parse(options);
  const data = new Uint8Array(size.width * size.height * 3);
  for (let i = 0; i < size.width * size.height; i++) data.set(o.free, i * 3);
  const poster = { width: regions.width, height: regions.height };
  if (regions.product && o.product)
    paint(data, size, scaleRect(regions.product, poster, size), o.product);
  for (const r of regions.copy) {
    const padded = {
      x: r.x - o.padding,
      y: r.y - o.padding,
      width: r.width + 2 * o.padding,
      height: r.height + 2 * o.padding,
    };
    paint(data, size, scaleRect(padded, poster, size), o.empty);
  }
  return { width: size.width, height: size.height, data };
}
