import type {
  BrandColors,
  FormatSpec,
  PosterCopy,
  PosterLayout,
  TemplateName,
} from "@hyperposter/domain";
import { type Canvas, createCanvas } from "@napi-rs/canvas";
import type { DrawFamily } from "../fonts/uploaded";
import type { RgbImage } from "../image-backend/types";
import { backgroundCanvas, backgroundPixels, drawPoster } from "./draw";
import type { Logo } from "./logo";
import { type Plan, planLayout } from "./plan";
import { type StyleOptions, styleLayout } from "./style";

export interface ComposeInput {
  format: FormatSpec;
  copy: PosterCopy;
  brand: BrandColors;
  heading: DrawFamily;
  body: DrawFamily;
  template: TemplateName;
  scale?: number;
  logo?: Logo;
  /** The product cut-out, when the poster shows one. */
  product?: ProductArt;
}

export interface ProductArt {
  canvas: Canvas;
  /** Width / height of the cut-out. */
  aspect: number;
}

export interface Composed {
  layout: PosterLayout;
  plan: Plan;
  canvas: Canvas;
  /** The background alone as a canvas (PDF export, the gate's backdrop); made on demand. */
  background(): Promise<Canvas>;
}

export function plan(input: ComposeInput): Plan {
  return planLayout({
    format: input.format,
    copy: input.copy,
    heading: input.heading,
    body: input.body,
    template: input.template,
    ...(input.scale !== undefined ? { scale: input.scale } : {}),
    ...(input.logo ? { logoAspect: input.logo.aspect } : {}),
    ...(input.product ? { productAspect: input.product.aspect } : {}),
  });
}

/**
 * Lays out and paints one poster over a background: plan geometry, choose
 * colours and underlays from the pixels, draw. Pure apart from font loading.
 */
export async function composePoster(
  input: ComposeInput,
  bg: RgbImage,
  style: StyleOptions = {},
  planned?: Plan,
): Promise<Composed> {
  const p = planned ?? plan(input);
  const layout = styleLayout(p, bg, input.brand, {
    ...style,
    ...(input.logo && style.logoLuminance === undefined
      ? { logoLuminance: input.logo.luminance }
      : {}),
  });
  const canvas = createCanvas(layout.width, layout.height);
  const ctx = canvas.getContext("2d");
  // Pixels straight onto the poster: no intermediate canvas, no blit.
  ctx.putImageData(await backgroundPixels(bg), 0, 0);
  const logoBox = layout.elements.find((e) => e.kind === "logo")?.box;
  const logo =
    input.logo && logoBox ? await input.logo.at(logoBox.width, logoBox.height) : undefined;
  drawPoster(ctx, layout, {
    ...(logo ? { logo } : {}),
    ...(input.product ? { product: input.product.canvas } : {}),
  });
  return { layout, plan: p, canvas, background: () => backgroundCanvas(bg) };
}
