import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cutOutPixels } from "../../src/product/cutout";
import {
  fromModelOutput,
  loadSegmentationModel,
  toModelInput,
} from "../../src/product/segmentation-model";
import { scoreMask, syntheticPhoto } from "../../src/product/synthetic";
import { writeTinySegmentationModel } from "../../src/product/tiny-segmentation-model";

const dir = mkdtempSync(join(tmpdir(), "seg-"));
const modelPath = join(dir, "tiny-saliency.onnx");
writeTinySegmentationModel(modelPath, 128);

describe("operator-supplied segmentation model (ONNX)", () => {
  it.skipIf(!existsSync("/usr/bin/python3"))("writes a model onnx.checker accepts", () => {
    try {
      execFileSync("/usr/bin/python3", ["-c", "import onnx"], { stdio: "ignore" });
    } catch {
      return; // python3-onnx missing here: the load test below still runs the model.
    }
    execFileSync("/usr/bin/python3", [
      "-c",
      `import onnx; onnx.checker.check_model(onnx.load(${JSON.stringify(modelPath)}))`,
    ]);
  });

  it("normalises the input the ImageNet way, planar RGB", async () => {
    const data = new Uint8ClampedArray(4 * 4 * 4);
    for (let i = 0; i < 16; i++) data.set([255, 0, 128, 255], i * 4);
    const img = { width: 4, height: 4, data };
    const t = await toModelInput(img, 2, "imagenet");
    expect(t.length).toBe(12);
    expect(t[0]).toBeCloseTo((1 - 0.485) / 0.229, 2);
    expect(t[4]).toBeCloseTo(-0.456 / 0.224, 2);
    expect(t[8]).toBeCloseTo((128 / 255 - 0.406) / 0.225, 2);
    const half = await toModelInput(img, 2, "half");
    expect(half[0]).toBeCloseTo(0.5, 2);
  });

  it("turns logits into stretched probabilities at the photo's size", async () => {
    const logits = Float32Array.from({ length: 64 }, (_, i) => (i < 32 ? -10 : 10));
    const p = await fromModelOutput(logits, 8, 16, 16);
    expect(p.length).toBe(256);
    expect(p[0]).toBeCloseTo(0, 2);
    expect(p[255]).toBeCloseTo(1, 2);
  });

  it("runs through onnxruntime-node and cuts out a product on white", async () => {
    const seg = await loadSegmentationModel({ path: modelPath });
    expect(seg.inputSize).toBe(128);
    const s = syntheticPhoto(0);
    expect(s.backdrop).toBe("white");
    const cut = await cutOutPixels(s.photo, false, { segmenter: seg });
    expect(cut.method).toBe("model");
    const prob = await seg(s.photo);
    const alpha = Uint8Array.from(prob, (p) => Math.round(p * 255));
    const { iou } = scoreMask(alpha, s.mask, s.photo.width, s.photo.height);
    expect(iou).toBeGreaterThan(0.8);
  });
});
