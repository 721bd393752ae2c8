import { z } from "zod";
import type { Rect, RenderRequest, RgbImage } from "../../image-backend/types";
import { layoutMap } from "../../control-images/layout-map";
import { compositePlacedProduct, placedProductCanny } from "../../control-images/placed-product";
import type { ControlInput } from "./controlnet-runner";
import { zoneInBucket } from "./zone";

/** The control images the backend makes from a render request. */
export type ControlKind = "canny" | "layout" | "depth";

/**
 * One configured ControlNet (HYPERPOSTER_CONTROLNET="canny:0.8:0-1,…"):
 * `name` is the ControlNet's folder name with or without its `controlnet_`
 * prefix, or a fused graph's name from unet/controlnets.json.
 */
export const controlSettingSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
    /** controlnet_conditioning_scale. */
    scale: z.number().finite().min(0).max(2).default(1),
    /** control_guidance_start / _end, fractions of the steps. */
    start: z.number().min(0).max(1).default(0),
    end: z.number().min(0).max(1).default(1),
  })
  .refine((s) => s.start <= s.end, { message: "start must not be after end" });
export type ControlSetting = z.input<typeof controlSettingSchema>;

/** A ControlNet of the folder with the image it takes and its scale and step range. */
export interface PlannedControl {
  controlnet: string;
  kind: ControlKind;
  scale: number;
  start: number;
  end: number;
}

/**
 * Which control image a ControlNet takes, from its name: controlnet_canny →
 * canny edges, controlnet_seg / controlnet_layout → the layout map
 * (segmentation-style), controlnet_depth → depth.
 */
export function controlKindOf(name: string): ControlKind | undefined {
  const bare = name.replace(/^controlnet_/, "");
  if (bare === "canny") return "canny";
  if (bare === "seg" || bare === "layout") return "layout";
  if (bare === "depth") return "depth";
  return undefined;
}

const KIND_HINT = "controlnet_canny, controlnet_seg, controlnet_layout or controlnet_depth";

/**
 * The ControlNets a backend runs, decided once at startup. With settings,
 * exactly those (each must name one of the folder's ControlNets whose image
 * the backend can make); without, every ControlNet whose name says its image,
 * at diffusers' defaults (scale 1, all steps). Refusals are one sentence.
 */
export function planControls(
  controlNames: readonly string[],
  settings: readonly ControlSetting[] | undefined,
  options: { depth: boolean; log?: (message: string) => void },
): PlannedControl[] {
  const usable = (kind: ControlKind | undefined): kind is ControlKind =>
    kind !== undefined && (kind !== "depth" || options.depth);
  if (!settings) {
    const planned: PlannedControl[] = [];
    for (const name of controlNames) {
      const kind = controlKindOf(name);
      if (usable(kind)) planned.push({ controlnet: name, kind, scale: 1, start: 0, end: 1 });
      else
        options.log?.(
          kind === "depth"
            ? `${name}: not run, no depth model is configured (HYPERPOSTER_DEPTH_MODEL)`
            : `${name}: not run, its name does not say which control image it takes (${KIND_HINT})`,
        );
    }
    return planned;
  }
  const seen = new Set<string>();
  return settings.map((raw) => {
    const parsed = controlSettingSchema.safeParse(raw);
    if (!parsed.success)
      throw new Error(
        `HYPERPOSTER_CONTROLNET: ${JSON.stringify(raw)} is not a valid setting (${parsed.error.issues[0]?.message ?? "invalid"}).`,
      );
    const s = parsed.data;
    const controlnet = controlNames.find((n) => n === s.name || n === `controlnet_${s.name}`);
    if (!controlnet)
      throw new Error(
        `HYPERPOSTER_CONTROLNET names ${s.name}, but the model folder has ${
          controlNames.length ? `only ${controlNames.join(", ")}` : "no ControlNet"
        }.`,
      );
    if (seen.has(controlnet)) throw new Error(`HYPERPOSTER_CONTROLNET names ${controlnet} twice.`);
    seen.add(controlnet);
    const kind = controlKindOf(controlnet);
    if (kind === undefined)
      throw new Error(
        `HYPERPOSTER_CONTROLNET names ${controlnet}, whose name does not say which control image it takes; name it ${KIND_HINT}.`,
      );
    if (kind === "depth" && !options.depth)
      throw new Error(
        `HYPERPOSTER_CONTROLNET names ${controlnet}, a depth ControlNet, but no depth model is configured (HYPERPOSTER_DEPTH_MODEL).`,
      );
    return { controlnet, kind, scale: s.scale, start: s.start, end: s.end };
  });
}

/** Where the composer puts the cut-out in `rect`: scaled uniformly, centred (as placeProduct). */
export function fittedRect(cutout: { width: number; height: number }, rect: Rect): Rect {
  const scale = Math.min(rect.width / cutout.width, rect.height / cutout.height);
  const width = Math.max(1, Math.round(cutout.width * scale));
  const height = Math.max(1, Math.round(cutout.height * scale));
  return {
    x: Math.round(rect.x + (rect.width - width) / 2),
    y: Math.round(rect.y + (rect.height - height) / 2),
    width,
    height,
  };
}

/** Makes a depth control image of the placed product frame (the configured depth model). */
export type DepthImage = (frame: RgbImage) => Promise<RgbImage>;

/**
 * The control images of one render at the generation bucket's size, one per
 * planned ControlNet that has something to show: canny needs the product
 * cut-out and its zone, the layout map needs copy regions, depth the
 * product. A ControlNet without an image is left out, so it does not run.
 */
export async function controlInputs(
  planned: readonly PlannedControl[],
  request: RenderRequest,
  bucket: { width: number; height: number },
  depth?: DepthImage,
): Promise<ControlInput[]> {
  const toBucket = (r: Rect): Rect => zoneInBucket(r, request.width, request.height, bucket);
  const product =
    request.productCutout && request.productZone
      ? {
          cutout: request.productCutout,
          box: fittedRect(request.productCutout, toBucket(request.productZone)),
        }
      : undefined;
  const out: ControlInput[] = [];
  for (const p of planned) {
    let image: RgbImage | undefined;
    if (p.kind === "canny" && product)
      image = placedProductCanny(product.cutout, product.box, bucket, bucket);
    else if (p.kind === "layout" && request.calmZones.length > 0)
      image = layoutMap(
        { width: bucket.width, height: bucket.height, copy: request.calmZones.map(toBucket) },
        bucket,
      );
    else if (p.kind === "depth" && depth && product)
      image = await depth(compositePlacedProduct(product.cutout, product.box, bucket, bucket));
    if (image)
      out.push({ controlnet: p.controlnet, image, scale: p.scale, start: p.start, end: p.end });
  }
  return out;
}
