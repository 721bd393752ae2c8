import type { Segmenter } from "@hyperposter/pipeline/product/library";

export interface SegmentationSettings {
  SEGMENTATION_MODEL?: string | undefined;
  SEGMENTATION_SIZE?: number | undefined;
  SEGMENTATION_NORMALISATION?: "imagenet" | "half" | undefined;
}

/**
 * The operator's ONNX cut-out model (SEGMENTATION_MODEL) for uploads in the
 * app, as the CLI and the pipeline use it. It is loaded on the first upload,
 * once per server process, so a server without uploads never pays for it and
 * onnxruntime stays out of every other request; a model that fails to load is
 * retried on the next upload and the upload fails with the reason.
 */
export function segmenterFromSettings(settings: SegmentationSettings): Segmenter | undefined {
  const path = settings.SEGMENTATION_MODEL;
  if (!path) return undefined;
  let model: Promise<Segmenter> | undefined;
  const load = async (): Promise<Segmenter> => {
    try {
      const { loadSegmentationModel } = await import("@hyperposter/pipeline/product/segmentation");
      return await loadSegmentationModel({
        path,
        ...(settings.SEGMENTATION_SIZE ? { size: settings.SEGMENTATION_SIZE } : {}),
        normalisation: settings.SEGMENTATION_NORMALISATION ?? "imagenet",
      });
    } catch (error) {
      model = undefined;
      throw new Error(
        `SEGMENTATION_MODEL ${path} could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  };
  return async (img) => {
    model ??= load();
    return (await model)(img);
  };
}
