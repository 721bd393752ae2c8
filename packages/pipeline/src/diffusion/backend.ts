import type { ImageBackend, RenderOptions, RenderRequest, RgbImage } from "../image-backend/types";
import { promptsForRequest } from "../image-backend/product-space";
import { fitToSize, nearestBucket } from "./aspect";
import type { ExecutionProviderName } from "./onnx/session";
import { GenerateCoalescer, type BatchInfo } from "./batching";
import type { GenerateOptions, GenerateResult } from "./pipeline";
import { loadImagePipeline, type ImagePipeline } from "./image-pipeline";
import { zoneInBucket } from "./control/zone";
import { inpaintInput, placeProduct, restoreProduct, type PlacedProduct } from "./control/inpaint";
import { DepthModel } from "./control/depth";
import {
  controlInputs,
  planControls,
  type ControlSetting,
  type PlannedControl,
} from "./control/control-plan";

export interface BatchingConfig {
  /** Most images in one UNet batch across concurrent renders; 1 turns batching off. */
  maxBatch: number;
  /** How long the oldest waiting render waits for others to join its batch. */
  maxWaitMs: number;
  onBatch?: (info: BatchInfo) => void;
}

export interface DiffusionBackendOptions {
  modelDir: string;
  provider?: ExecutionProviderName;
  trtCacheDir?: string;
  /** Distilled models: 1–4 steps, guidance ≤ 1. Base models need ~25 steps and guidance ~7. */
  steps?: number;
  guidanceScale?: number;
  /** Decode with vae_decoder_tiny/ when present (faster, slightly softer). */
  tinyVae?: boolean;
  /** Run one generation at load so the first job does not pay for allocation or TensorRT engine builds. */
  warmup?: boolean;
  /** Load, run and release text encoders in turn, the denoiser released meanwhile. */
  sequentialEncoders?: boolean;
  log?: (message: string) => void;
  /**
   * Merge concurrent renders of the same size into one UNet batch (see
   * batching/). Off (each render is its own run) when absent or maxBatch 1.
   */
  batching?: BatchingConfig;
  /** Inpainting around the product (folders with an inpainting UNet): strength and mask feathering. */
  inpaint?: { strength?: number; featherPx?: number };
  /**
   * Which of the folder's ControlNets run, with scale and step range
   * (HYPERPOSTER_CONTROLNET). Absent: every ControlNet whose name says its
   * image (controlnet_canny, controlnet_seg/_layout) at scale 1 over all
   * steps; [] runs none. A name the folder lacks is refused at create.
   */
  controlnet?: ControlSetting[];
  /**
   * A DPT / Depth-Anything ONNX export (HYPERPOSTER_DEPTH_MODEL) that makes
   * the `depth` control image from the placed product frame.
   */
  depthModel?: string;
}

/**
 * The ImageBackend over the ONNX diffusion pipeline. Sessions are created
 * once in `create` and reused by every render.
 */
export class DiffusionBackend implements ImageBackend {
  readonly name = "diffusion";

  private readonly coalescer: GenerateCoalescer | undefined;

  private constructor(
    readonly pipeline: ImagePipeline,
    private readonly options: DiffusionBackendOptions,
    /** The ControlNets each render feeds, with the image each takes. */
    readonly controls: PlannedControl[],
    private readonly depth?: DepthModel,
  ) {
    const batching = options.batching;
    this.coalescer =
      batching && batching.maxBatch > 1
        ? new GenerateCoalescer(pipeline, {
            maxBatch: batching.maxBatch,
            maxWaitMs: batching.maxWaitMs,
            ...(batching.onBatch ? { onBatch: batching.onBatch } : {}),
          })
        : undefined;
  }

  private generate(options: GenerateOptions): Promise<GenerateResult> {
    // A render with its own inpainting input, style references or control images carries
    // per-request conditioning a shared batch cannot: it runs alone.
    const ownConditioning =
      options.inpaint !== undefined ||
      options.references !== undefined ||
      options.control !== undefined;
    return this.coalescer && !ownConditioning
      ? this.coalescer.generate(options)
      : this.pipeline.generate(options);
  }

  static async create(options: DiffusionBackendOptions): Promise<DiffusionBackend> {
    const log = options.log ?? ((m: string) => console.warn(m));
    const pipeline = await loadImagePipeline(
      options.modelDir,
      {
        provider: options.provider ?? "cpu",
        ...(options.trtCacheDir ? { trtCacheDir: options.trtCacheDir, trtFp16: true } : {}),
        log,
      },
      { sequentialEncoders: options.sequentialEncoders ?? false },
    );
    let controls: PlannedControl[];
    let depth: DepthModel | undefined;
    try {
      controls = planControls(pipeline.controlNames, options.controlnet, {
        depth: options.depthModel !== undefined,
        log,
      });
      if (options.depthModel && controls.some((c) => c.kind === "depth"))
        depth = await DepthModel.open(options.depthModel, { provider: options.provider ?? "cpu" });
    } catch (error) {
      await pipeline.release();
      throw error;
    }
    if (controls.length > 0)
      log(
        `diffusion: ControlNets ${controls.map((c) => `${c.controlnet} (${c.kind}, scale ${c.scale}, steps ${c.start}–${c.end})`).join(", ")}`,
      );
    const backend = new DiffusionBackend(pipeline, options, controls, depth);
    if (options.warmup ?? true) await pipeline.warmup();
    return backend;
  }

  async render(request: RenderRequest, options: RenderOptions = {}): Promise<RgbImage[]> {
    const f = this.pipeline.folder;
    const bucket = nearestBucket(
      request.width,
      request.height,
      f.nativeSize,
      this.pipeline.sizeMultiple,
    );
    const steps = this.options.steps ?? 4;
    options.onProgress?.({ stage: "encode-prompt", step: 0, totalSteps: steps });
    // With a product photo, its region is asked for as empty space; the cut-out goes there later.
    const { prompt, negativePrompt } = promptsForRequest(request);
    // With an inpainting UNet the scene is generated around the real product
    // (light and ground match); otherwise generate-then-composite stays.
    let placed: PlacedProduct | undefined;
    if (request.productCutout && request.productZone && this.pipeline.supportsInpainting) {
      const zone = zoneInBucket(request.productZone, request.width, request.height, bucket);
      placed = await placeProduct(request.productCutout, zone, bucket.width, bucket.height);
    }
    const inpaint = placed ? await inpaintInput(placed, this.options.inpaint ?? {}) : undefined;
    const references = this.pipeline.supportsStyleReferences ? request.styleReferences : undefined;
    // Control images at the bucket size; a ControlNet with nothing to show (no product) does not run.
    const control =
      this.controls.length > 0
        ? await controlInputs(
            this.controls,
            request,
            bucket,
            this.depth ? (frame) => (this.depth as DepthModel).image(frame) : undefined,
          )
        : [];
    const result = await this.generate({
      ...(inpaint ? { inpaint } : {}),
      ...(control.length > 0 ? { control } : {}),
      ...(references ? { references } : {}),
      prompt,
      negativePrompt,
      width: bucket.width,
      height: bucket.height,
      steps,
      guidanceScale: this.options.guidanceScale ?? 0,
      seed: request.seed,
      batch: request.variants,
      tinyVae: this.options.tinyVae ?? false,
      onStep: (step, total) => options.onProgress?.({ stage: "denoise", step, totalSteps: total }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    options.onProgress?.({ stage: "decode", step: steps, totalSteps: steps });
    return Promise.all(
      result.images.map((image) =>
        fitToSize(placed ? restoreProduct(image, placed) : image, request.width, request.height),
      ),
    );
  }

  async close(): Promise<void> {
    this.coalescer?.close();
    await this.pipeline.release();
    await this.depth?.release();
  }
}
