/**
 * What the upload checker's worker threads are asked and answer. Plain data:
 * it crosses a thread boundary (errors would lose their class on the way).
 */

/** Raster and vector formats an image intake may be told to accept. */
export type ImageKind = "png" | "jpeg" | "webp" | "gif" | "svg";

export interface ImageTask {
  kind: "image";
  bytes: Uint8Array;
  accept: ImageKind[];
}

export interface FontTask {
  kind: "font";
  bytes: Uint8Array;
}

export type IntakeTask = ImageTask | FontTask;

/** Why an upload is refused; the API turns each into an English and a Chinese sentence. */
export type IntakeProblem =
  // images
  | "image-type"
  | "image-too-large"
  | "image-damaged"
  | "svg-unsafe"
  | "svg-encoding"
  // fonts
  | "not-a-font"
  | "collection"
  | "unreadable"
  | "no-embedding"
  | "no-glyphs"
  | "font-too-large"
  // either
  | "undrawable"
  | "too-slow"
  | "too-much-memory"
  | "busy";

export interface ImageResult {
  ok: true;
  kind: "image";
  /** The re-encoded image: these bytes are stored, never the upload. */
  bytes: Uint8Array;
  mime: "image/png" | "image/jpeg";
  ext: "png" | "jpg";
  /** What the upload was. */
  source: ImageKind;
  width: number;
  height: number;
}

export interface FontResult {
  ok: true;
  kind: "font";
  /** The font rebuilt by HarfBuzz's subsetter (a plain TTF/OTF): stored instead of the upload. */
  bytes: Uint8Array;
  info: {
    family: string;
    style: string;
    weight: number;
    italic: boolean;
    format: "ttf" | "otf";
    glyphs: number;
    latin: boolean;
    cjk: number;
  };
}

export interface IntakeRefusal {
  ok: false;
  problem: IntakeProblem;
  /** For logs: what exactly failed. */
  detail: string;
}

export type IntakeResult = ImageResult | FontResult | IntakeRefusal;

/** Caps every upload check applies. */
export const INTAKE_LIMITS = {
  /** Longest side of a raster image, declared and decoded. */
  maxSide: 4096,
  /** Pixels of a raster image, declared and decoded. */
  maxPixels: 16 * 1024 * 1024,
  /** An SVG logo is rasterised to a PNG whose longest side is this. */
  svgRasterSide: 2048,
  /** The SFNT a WOFF/WOFF2 declares it inflates to, and the sum of its tables. */
  maxSfntBytes: 30 * 1024 * 1024,
  /** Code points a font may map (Unicode assigns about 150,000). */
  maxCodePoints: 200_000,
  /** Wall-clock time one check may take. */
  taskMs: 10_000,
  /** V8 old-space heap of a checker thread. */
  heapMb: 512,
} as const;
