import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeTinySegmentationModel } from "@hyperposter/pipeline";
import { cutOutProduct } from "@hyperposter/pipeline/product/library";
import { describe, expect, it } from "vitest";
import { segmenterFromSettings } from "../src/services/segmenter";

const BOTTLE = readFileSync(
  new URL("../../../examples/products/cold-brew-bottle.jpg", import.meta.url),
);

describe("SEGMENTATION_MODEL in the web app", () => {
  it("is not loaded when unset: uploads cut with the alpha or backdrop methods", () => {
    expect(segmenterFromSettings({})).toBeUndefined();
  });

  it("cuts an upload with the ONNX model when set (the tiny model the repo builds)", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "seg-")), "tiny.onnx");
    writeTinySegmentationModel(path, 64);
    const segmenter = segmenterFromSettings({
      SEGMENTATION_MODEL: path,
      SEGMENTATION_NORMALISATION: "imagenet",
    });
    expect(segmenter).toBeDefined();
    const cut = await cutOutProduct(BOTTLE, segmenter ? { segmenter } : {});
    expect(cut.method).toBe("model");
    // The bottle stands on white: the model's cut-out is narrower than the photo.
    expect(cut.image.width).toBeLessThan(600);
    expect(cut.image.width).toBeGreaterThan(60);
    // Loaded once: a second upload reuses the session.
    expect((await cutOutProduct(BOTTLE, { segmenter: segmenter! })).method).toBe("model");
  });

  it("names the setting when the model cannot be loaded, and tries again next time", async () => {
    const segmenter = segmenterFromSettings({ SEGMENTATION_MODEL: "/nonexistent/model.onnx" });
    await expect(cutOutProduct(BOTTLE, { segmenter: segmenter! })).rejects.toThrow(
      /SEGMENTATION_MODEL \/nonexistent\/model.onnx could not be loaded/,
    );
    await expect(cutOutProduct(BOTTLE, { segmenter: segmenter! })).rejects.toThrow(
      /could not be loaded/,
    );
  });
});
