/** An 8-bit RGB image, row-major, 3 bytes per pixel, no padding. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A pixel rectangle; x/y are the top-left corner. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RenderRequest {
  prompt: string;
  negativePrompt: string;
  width: number;
  height: number;
  seed: number;
  /** How many distinct images to return (variant i uses seed + i's stream). */
  variants: number;
  /** Brand colors as #RRGGBB, most important first. */
  palette: string[];
  /** Where the layout will put text: the backend keeps these regions calm. */
  calmZones: Rect[];
  /**
   * Where the composer will stand the customer's product: a generated
   * background leaves it empty (described so in the prompt), since the real
   * cut-out is composited there afterwards.
   */
  productZone?: Rect;
  /**
   * The product cut-out for productZone: a backend that can inpaint (the
   * diffusion backend with an inpainting UNet) generates the scene around
   * it; others ignore it and the composer pastes it afterwards.
   */
  productCutout?: { width: number; height: number; data: Uint8ClampedArray };
  /** Brand style references (IP-Adapter) with a strength 0–1 each; backends without an adapter ignore them. */
  styleReferences?: { image: RgbImage; strength: number }[];
}

export interface RenderProgress {
  /** e.g. "encode-prompt", "denoise", "decode", "paint". */
  stage: string;
  step: number;
  totalSteps: number;
}

export interface RenderOptions {
  onProgress?: (progress: RenderProgress) => void;
  signal?: AbortSignal;
}

/**
 * What every image backend implements: the procedural renderer (default, CPU)
 * and the distilled diffusion model (GPU). Same request and seed → same pixels.
 */
export interface ImageBackend {
  readonly name: string;
  render(request: RenderRequest, options?: RenderOptions): Promise<RgbImage[]>;
}
