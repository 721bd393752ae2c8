import type { RenderRequest } from "./types";

/** "lower left", "upper centre", "centre"… of the zone's middle on the poster, in thirds. */
export function placeWords(
  zone: { x: number; y: number; width: number; height: number },
  width: number,
  height: number,
): string {
  const cx = (zone.x + zone.width / 2) / width;
  const cy = (zone.y + zone.height / 2) / height;
  const horizontal = cx < 1 / 3 ? "left" : cx > 2 / 3 ? "right" : "center";
  const vertical = cy < 1 / 3 ? "upper" : cy > 2 / 3 ? "lower" : "";
  if (!vertical) return horizontal === "center" ? "center" : `${horizontal} side`;
  return horizontal === "center" ? `${vertical} center` : `${vertical} ${horizontal}`;
}

/**
 * The prompts a generative backend is given when a product photo will be
 * composited: the product's region is asked for as empty, plain space (the
 * real product stands there afterwards), and a second, invented product is
 * kept out of the picture.
 */
export function promptsForRequest(request: RenderRequest): {
  prompt: string;
  negativePrompt: string;
} {
  const zone = request.productZone;
  if (!zone) return { prompt: request.prompt, negativePrompt: request.negativePrompt };
  const share = (zone.width * zone.height) / (request.width * request.height);
  const size = share > 0.25 ? "a large" : share > 0.08 ? "an" : "a small";
  const where = placeWords(zone, request.width, request.height);
  const prompt = `${request.prompt}, ${size} empty uncluttered area on the ${where} with a plain surface, nothing placed there`;
  const extra = "objects in the foreground, duplicate product, extra bottles or packages";
  return {
    prompt,
    negativePrompt: request.negativePrompt ? `${request.negativePrompt}, ${extra}` : extra,
  };
}
