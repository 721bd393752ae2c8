import type { QualityResult } from "@hyperposter/domain";
import type { Composed, ProductArt } from "../compose/compose";
import type { Logo } from "../compose/logo";
import { runGate } from "../quality/gate";
import type { RgbImage } from "../image-backend/types";

/**
 * The quality gate over one composed poster, with the logo drawn at the size
 * the layout gave it and the product's cut-out: generating and re-rendering
 * the copy check a poster the same way.
 */
export async function gateComposed(
  composed: Composed,
  background: RgbImage,
  options: { logo?: Logo; product?: ProductArt; ocr: boolean },
): Promise<QualityResult> {
  const { logo, product } = options;
  const logoBox = composed.layout.elements.find((e) => e.kind === "logo")?.box;
  const logoImg = logo && logoBox ? await logo.at(logoBox.width, logoBox.height) : undefined;
  return runGate({
    layout: composed.layout,
    canvas: composed.canvas,
    background,
    backgroundCanvas: await composed.background(),
    ...(logoImg ? { logo: logoImg } : {}),
    ...(product ? { product: product.canvas } : {}),
    missingGlyphs: composed.plan.missing,
    ocr: options.ocr,
  });
}
