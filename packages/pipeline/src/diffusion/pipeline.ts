import type * as ort from "onnxruntime-node";
import { concatTwice, guide } from "./guidance";
import type { RgbImage } from "../image-backend/types";
import type { ModelFolder } from "./model-folder";
import { loadModelFolder } from "./model-folder";
import { createSession, type ExecutionProviderName, type SessionConfig } from "./onnx/session";
import { inputSpecs, makeFeed, readFloat } from "./onnx/tensors";
import { GaussianStream } from "./random";
import { createScheduler } from "./schedulers";
import type { PromptTokenizer } from "./text-conditioning";
import { concatFeatures, encodeTextsToTensor, loadPromptTokenizer } from "./text-conditioning";
import { latentsToRgb } from "./latents-to-rgb";
import { clipEncoderSource } from "./text-encoders/clip-encoder";
import { EmbeddingCache } from "./text-encoders/embedding-cache";
import { EncoderSet } from "./text-encoders/encoder-set";
import {
  appendImageTokens,
  imageTokens,
  type ImageTokens,
  type StyleReference,
} from "./control/ip-adapter";
import { type InpaintInput } from "./control/inpaint";
import { encodeForInpaint, type InpaintLatents } from "./control/inpaint-latents";
import { ControlNets, type ControlInput } from "./control/controlnet-runner";

/** What every row of one batched run shares: one UNet call per step needs one size, one timestep schedule, one guidance. */
export interface SharedOptions {
  /** Output size in pixels; multiples of the VAE scale factor. Defaults to the native size. */
  width?: number;
  height?: number;
  steps: number;
  /** > 1 enables classifier-free guidance; distilled models use ≤ 1 (none). */
  guidanceScale: number;
  /** Scheduler eta (DDIM) / gamma (TCD). */
  eta?: number;
  /** Decode with vae_decoder_tiny/ when the folder has one. */
  tinyVae?: boolean;
  onStep?: (step: number, total: number) => void;
  signal?: AbortSignal;
  /** IP-Adapter style references (folders with image_encoder/, image_proj/ and an IP-Adapter UNet). */
  references?: readonly StyleReference[];
  /** Inpainting (folders with a 9-channel UNet and vae_encoder/): the frame, its mask and the strength. */
  inpaint?: InpaintInput;
  /** ControlNets to apply (the folder's controlnet/ models or its fused UNet's). */
  control?: ControlInput[];
}

export interface GenerateOptions extends SharedOptions {
  prompt: string;
  negativePrompt?: string;
  seed: number;
  /** Variants generated in one batched run; variant i draws from Gaussian stream i. */
  batch?: number;
}

/**
 * One image of a batched run. Its latents and between-step noise come from
 * Gaussian stream `stream` of `seed` alone, so a row gives the same image
 * whatever else shares its batch (up to the kernels' batched float rounding).
 */
export interface ImageRow {
  prompt: string;
  negativePrompt?: string;
  seed: number;
  stream: number;
}

/** The rows `generate` runs for one request: variant i is stream i of the request's seed. */
export function rowsOf(options: GenerateOptions): ImageRow[] {
  const batch = options.batch ?? 1;
  return Array.from({ length: batch }, (_, stream) => ({
    prompt: options.prompt,
    ...(options.negativePrompt !== undefined ? { negativePrompt: options.negativePrompt } : {}),
    seed: options.seed,
    stream,
  }));
}

export interface StageTimings {
  tokenizeMs: number;
  textEncoderMs: number;
  unetMs: number[];
  /** Scheduler math plus tensor plumbing (CFG combine, feeds, copies) per step. */
  overheadMs: number[];
  /** Separate ControlNet runs plus summing their residuals, per step (0 without split ControlNets). */
  controlnetMs: number[];
  vaeMs: number;
}

export interface GenerateResult {
  images: RgbImage[];
  timings: StageTimings;
}

export interface PipelineSessions {
  /** Resident text encoders (absent with sequentialEncoders: they are opened per encode). */
  textEncoder?: ort.InferenceSession;
  textEncoder2?: ort.InferenceSession;
  unet: ort.InferenceSession;
  vaeDecoder: ort.InferenceSession;
  tinyVaeDecoder?: ort.InferenceSession;
  imageEncoder?: ort.InferenceSession;
  imageProj?: ort.InferenceSession;
  vaeEncoder?: ort.InferenceSession;
}

export interface PipelineLoadOptions {
  /**
   * Open, run and release the text encoders one after another for each new
   * prompt, with the denoiser released meanwhile and reloaded after
   * (HYPERPOSTER_SEQUENTIAL_ENCODERS): peak memory is the largest single
   * model instead of all of them, at the cost of session loads per new prompt.
   */
  sequentialEncoders?: boolean;
  /** Per-prompt text embeddings reused across formats and variants; false turns it off. */
  embeddingCache?: EmbeddingCache | false;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw signal.reason instanceof Error
      ? signal.reason
      : new DOMException("generation aborted", "AbortError");
  }
}

/**
 * tokenize → text encoder(s) → scheduler loop over the UNet → VAE decode.
 * Owns its sessions (created once) and nothing else; a fresh scheduler is
 * built from the folder's scheduler_config.json for every run.
 */
export class DiffusionPipeline {
  private constructor(
    readonly folder: ModelFolder,
    readonly sessions: PipelineSessions,
    readonly providers: Record<string, ExecutionProviderName>,
    private readonly tok: PromptTokenizer,
    private readonly tok2: PromptTokenizer | undefined,
    /** The text encoder's hidden states stay on the device and feed the UNet there (webgpu, SD 1.x/2.x). */
    readonly hiddenOnDevice: boolean,
    /** The text encoders behind the common interface, resident or sequential, with the embedding cache. */
    readonly encoders: EncoderSet,
    private readonly sessionConfig: SessionConfig,
    readonly controlnets: ControlNets,
  ) {}

  /** The ControlNets `generate({ control })` can name, in index order. */
  get controlNames(): string[] {
    return this.controlnets.names;
  }

  /** Sequential mode: the denoiser was released so an encoder could load. */
  private unetReleased = false;

  private async releaseDenoiser(): Promise<void> {
    if (this.unetReleased) return;
    await this.sessions.unet.release();
    this.unetReleased = true;
  }

  private async ensureDenoiser(): Promise<void> {
    if (!this.unetReleased) return;
    this.sessions.unet = (
      await createSession(this.folder.unet.modelPath, this.sessionConfig)
    ).session;
    this.controlnets.useUnet(this.sessions.unet);
    this.unetReleased = false;
  }

  static async load(
    dirOrFolder: string | ModelFolder,
    config: SessionConfig = { provider: "cpu" },
    options: PipelineLoadOptions = {},
  ): Promise<DiffusionPipeline> {
    const sequential = options.sequentialEncoders ?? false;
    const folder = typeof dirOrFolder === "string" ? loadModelFolder(dirOrFolder) : dirOrFolder;
    const providers: Record<string, ExecutionProviderName> = {};
    const open = async (
      name: string,
      path: string,
      outputsOnDevice: string[] = [],
    ): Promise<ort.InferenceSession> => {
      const loaded = await createSession(path, config, outputsOnDevice);
      providers[name] = loaded.provider;
      return loaded.session;
    };
    const unet = await open("unet", folder.unet.modelPath);
    // SD 1.x/2.x hidden states go straight into the UNet when both run on
    // webgpu and agree on the dtype; SDXL's two encoders are concatenated
    // (and an empty negative zeroed) on the host. Outputs the host reads
    // (the UNet's prediction for the scheduler, the decoded image) come back
    // as host tensors: onnxruntime-node 1.30 aborts the process when
    // getData() downloads a gpu-buffer output.
    const typeOf = (meta: readonly ort.InferenceSession.ValueMetadata[], name: string) => {
      const m = meta.find((v) => v.name === name);
      return m?.isTensor ? m.type : undefined;
    };
    // Sequential encoders are released after each run: their outputs cannot
    // stay on the device; an IP-Adapter UNet reads text + image tokens joined on the host.
    let hiddenOnDevice =
      !sequential &&
      !folder.isXl &&
      providers["unet"] === "webgpu" &&
      !unet.inputNames.includes("ipadapter_scale");
    let textEncoder = sequential
      ? undefined
      : await open(
          "text_encoder",
          folder.textEncoder.modelPath,
          hiddenOnDevice ? ["last_hidden_state"] : [],
        );
    if (
      textEncoder &&
      hiddenOnDevice &&
      typeOf(textEncoder.outputMetadata, "last_hidden_state") !==
        typeOf(unet.inputMetadata, "encoder_hidden_states")
    ) {
      // An export whose encoder and UNet disagree on the dtype: convert on the host.
      await textEncoder.release();
      textEncoder = await open("text_encoder", folder.textEncoder.modelPath);
      hiddenOnDevice = false;
    }
    const sessions: PipelineSessions = {
      ...(textEncoder ? { textEncoder } : {}),
      unet,
      vaeDecoder: await open("vae_decoder", folder.vaeDecoder.modelPath),
    };
    if (folder.textEncoder2 && !sequential)
      sessions.textEncoder2 = await open("text_encoder_2", folder.textEncoder2.modelPath);
    if (folder.tinyVaeDecoder)
      sessions.tinyVaeDecoder = await open("vae_decoder_tiny", folder.tinyVaeDecoder.modelPath);
    if (folder.imageEncoder && folder.imageProj) {
      sessions.imageEncoder = await open("image_encoder", folder.imageEncoder.modelPath);
      sessions.imageProj = await open("image_proj", folder.imageProj.modelPath);
    }
    if (folder.vaeEncoder)
      sessions.vaeEncoder = await open("vae_encoder", folder.vaeEncoder.modelPath);
    const controlnets = await ControlNets.open(folder, unet, open);
    validateSessions(folder, sessions, controlnets.unetOutput);
    const maxLen = folder.textEncoder.config.max_position_embeddings;
    const tok = loadPromptTokenizer(folder.tokenizer, folder, maxLen);
    const tok2 = folder.tokenizer2
      ? loadPromptTokenizer(folder.tokenizer2, folder, maxLen)
      : undefined;
    const layer = folder.isXl ? "penultimate" : "last";
    const sources = [
      clipEncoderSource({
        name: "text_encoder",
        modelPath: folder.textEncoder.modelPath,
        tok,
        layer,
        numLayers: folder.textEncoder.config.num_hidden_layers,
        session: config,
        ...(sessions.textEncoder ? { existing: sessions.textEncoder } : {}),
        onOpen: (p) => (providers["text_encoder"] = p as ExecutionProviderName),
      }),
    ];
    if (folder.textEncoder2 && tok2) {
      sources.push(
        clipEncoderSource({
          name: "text_encoder_2",
          modelPath: folder.textEncoder2.modelPath,
          tok: tok2,
          layer,
          numLayers: folder.textEncoder2.config.num_hidden_layers,
          session: config,
          ...(sessions.textEncoder2 ? { existing: sessions.textEncoder2 } : {}),
          onOpen: (p) => (providers["text_encoder_2"] = p as ExecutionProviderName),
        }),
      );
    }
    // The set is made before the pipeline that its beforeOpen hook releases.
    const ref: { pipeline?: DiffusionPipeline } = {};
    const encoders = await EncoderSet.open(sources, {
      sequential,
      ...(options.embeddingCache === false
        ? {}
        : { cache: options.embeddingCache ?? new EmbeddingCache() }),
      beforeOpen: async () => ref.pipeline?.releaseDenoiser(),
    });
    const pipeline = new DiffusionPipeline(
      folder,
      sessions,
      providers,
      tok,
      tok2,
      hiddenOnDevice && providers["text_encoder"] === "webgpu",
      encoders,
      config,
      controlnets,
    );
    ref.pipeline = pipeline;
    return pipeline;
  }

  /**
   * Output sizes must be multiples of this: the VAE factor times the UNet's
   * downsampling, or the skip connections of odd-sized maps do not line up.
   */
  get sizeMultiple(): number {
    return (
      this.folder.vaeScaleFactor * 2 ** (this.folder.unet.config.block_out_channels.length - 1)
    );
  }

  /** One short run at the native size so the first real request does not pay for lazy allocation (or engine builds). */
  async warmup(): Promise<void> {
    await this.generate({ prompt: "warmup", steps: 1, guidanceScale: 0, seed: 0 });
  }

  /** The UNet takes IP-Adapter image tokens (and image_encoder/ + image_proj/ are loaded). */
  get supportsStyleReferences(): boolean {
    return (
      this.sessions.unet.inputNames.includes("ipadapter_scale") &&
      this.sessions.imageEncoder !== undefined
    );
  }

  /** The UNet is a 9-channel inpainting UNet and vae_encoder/ is loaded. */
  get supportsInpainting(): boolean {
    return (
      this.sessions.vaeEncoder !== undefined &&
      this.folder.unet.config.in_channels === 2 * this.folder.vaeDecoder.config.latent_channels + 1
    );
  }

  async release(): Promise<void> {
    // The encoder set owns the resident text encoder sessions.
    await this.encoders.release();
    const { textEncoder: _te, textEncoder2: _te2, unet, ...rest } = this.sessions;
    if (!this.unetReleased) await unet.release();
    for (const s of Object.values(rest) as ort.InferenceSession[]) await s.release();
    await this.controlnets.release();
  }

  /**
   * Throws what `generate` would throw for these options before any model
   * runs (size off the UNet's grid, bad batch, seed or steps), so a batcher
   * can refuse one request without failing the batch it would have joined.
   */
  checkOptions(options: GenerateOptions): void {
    const f = this.folder;
    const width = options.width ?? f.nativeSize;
    const height = options.height ?? f.nativeSize;
    const multiple = this.sizeMultiple;
    if (width % multiple !== 0 || height % multiple !== 0 || width <= 0 || height <= 0) {
      throw new Error(
        `width and height must be positive multiples of ${multiple}, got ${width}×${height}`,
      );
    }
    const batch = options.batch ?? 1;
    if (!Number.isInteger(batch) || batch < 1)
      throw new Error(`batch must be a positive integer, got ${batch}`);
    if (!Number.isInteger(options.steps) || options.steps < 1)
      throw new Error(`steps must be a positive integer, got ${options.steps}`);
    if (!Number.isSafeInteger(options.seed) || options.seed < 0)
      throw new Error(`seed must be a non-negative safe integer, got ${options.seed}`);
  }

  /** `batch` variants of one prompt in one batched run (variant i: stream i of the seed). */
  async generate(options: GenerateOptions): Promise<GenerateResult> {
    this.checkOptions(options);
    return this.generateRows(rowsOf(options), options);
  }

  /**
   * Any rows — different prompts, negative prompts, seeds, streams — in one
   * run: one text-encoder call, one UNet call per step over every row, one
   * VAE call. Images come back in row order.
   */
  async generateRows(
    rowList: readonly ImageRow[],
    options: SharedOptions,
  ): Promise<GenerateResult> {
    if (rowList.length === 0) throw new Error("generateRows needs at least one row");
    for (const row of rowList) this.checkOptions({ ...options, ...row });
    const cfg = options.guidanceScale > 1;
    const timings: StageTimings = {
      tokenizeMs: 0,
      textEncoderMs: 0,
      unetMs: [],
      overheadMs: [],
      controlnetMs: [],
      vaeMs: 0,
    };
    throwIfAborted(options.signal);

    // 1. Text conditioning, one text per UNet row: [uncond×B, cond×B] with CFG, [cond×B] without.
    const texts = cfg
      ? [...rowList.map((r) => r.negativePrompt ?? ""), ...rowList.map((r) => r.prompt)]
      : rowList.map((r) => r.prompt);
    const t0 = performance.now();
    // Tokenizing is folded into encodeTexts; time it alone for the stage report.
    for (const text of new Set(texts)) this.tok.tokenizer.encode(text);
    timings.tokenizeMs = performance.now() - t0;
    const onDevice: ort.Tensor[] = [];
    try {
      return await this.denoiseAndDecode(options, rowList, texts, cfg, timings, onDevice);
    } finally {
      // GPU buffers are not garbage-collected: free them whatever happened.
      for (const t of onDevice) t.dispose();
    }
  }

  private async denoiseAndDecode(
    options: SharedOptions,
    rowList: readonly ImageRow[],
    texts: string[],
    cfg: boolean,
    timings: StageTimings,
    onDevice: ort.Tensor[],
  ): Promise<GenerateResult> {
    const f = this.folder;
    const scale = f.vaeScaleFactor;
    const width = options.width ?? f.nativeSize;
    const height = options.height ?? f.nativeSize;
    const batch = rowList.length;
    let t0 = performance.now();
    let deviceHidden: ort.Tensor | undefined;
    let cond: Awaited<ReturnType<DiffusionPipeline["encode"]>> | undefined;
    if (this.hiddenOnDevice) {
      // One encoder row per UNet row: the output already has the UNet's
      // rows and never leaves the device.
      const session = this.sessions.textEncoder;
      if (!session) throw new Error("hidden states on the device need a resident text encoder");
      deviceHidden = await encodeTextsToTensor(session, this.tok, texts);
      onDevice.push(deviceHidden);
    } else {
      // On the host each distinct text is encoded once and gathered per row.
      const distinct = [...new Set(texts)];
      const encoded = await this.encode(distinct);
      const index = texts.map((t) => distinct.indexOf(t));
      cond = {
        ...encoded,
        hidden: gatherRows(encoded.hidden, distinct.length, index),
        ...(encoded.pooled ? { pooled: gatherRows(encoded.pooled, distinct.length, index) } : {}),
      };
      // SDXL's force_zeros_for_empty_prompt: an empty negative prompt means zero conditioning.
      if (f.isXl && cfg) {
        const hiddenRow = cond.hidden.length / texts.length;
        const pooledRow = (cond.pooled?.length ?? 0) / texts.length;
        rowList.forEach((row, i) => {
          if ((row.negativePrompt ?? "").trim() !== "") return;
          cond?.hidden.fill(0, i * hiddenRow, (i + 1) * hiddenRow);
          cond?.pooled?.fill(0, i * pooledRow, (i + 1) * pooledRow);
        });
      }
    }
    timings.textEncoderMs = performance.now() - t0;
    await this.ensureDenoiser();
    let hidden = cond?.hidden;
    let seqLen = cond?.seqLen ?? 0;
    const unetRows = texts.length;
    let ip: ImageTokens | undefined;
    if (this.sessions.unet.inputNames.includes("ipadapter_scale")) {
      const { imageEncoder, imageProj } = this.sessions;
      if (!imageEncoder || !imageProj || !hidden)
        throw new Error("an IP-Adapter UNet needs image_encoder/ and image_proj/");
      ip = await imageTokens({ imageEncoder, imageProj }, options.references ?? []);
      hidden = appendImageTokens(hidden, unetRows, seqLen, ip, cfg ? batch : 0);
      seqLen += ip.count;
    } else if ((options.references ?? []).some((r) => r.strength > 0)) {
      throw new Error(
        "style references need an IP-Adapter folder (image_encoder/, image_proj/ and its UNet)",
      );
    }
    const pooled = cond?.pooled;

    // 2. Initial latents: row i draws from its own Gaussian stream.
    const lc = f.vaeDecoder.config.latent_channels;
    const lh = height / scale;
    const lw = width / scale;
    const per = lc * lh * lw;
    const streams = rowList.map((r) => new GaussianStream(r.seed, r.stream));
    const scheduler = createScheduler(f.scheduler);
    scheduler.setTimesteps(options.steps);
    let latents: Float32Array = new Float32Array(batch * per);
    streams.forEach((s, i) => latents.set(s.fill(per), i * per));
    let inpaint: InpaintLatents | undefined;
    if (options.inpaint) {
      if (!this.supportsInpainting || !this.sessions.vaeEncoder)
        throw new Error("inpainting needs a 9-channel inpainting UNet and vae_encoder/");
      inpaint = await encodeForInpaint(
        this.sessions.vaeEncoder,
        options.inpaint,
        scale,
        f.vaeDecoder.config.scaling_factor,
        width,
        height,
      );
    }
    // diffusers' get_timesteps: strength s runs the last ⌊steps·s⌋ timesteps.
    const strength = options.inpaint?.strength ?? 1;
    const skip = options.steps - Math.min(Math.floor(options.steps * strength), options.steps);
    const timesteps = scheduler.timesteps.slice(skip);
    if (timesteps.length === 0)
      throw new Error(`strength ${strength} leaves no denoising step of ${options.steps}`);
    if (inpaint && strength < 1) {
      // Start from the frame's latents noised to the first kept timestep.
      const image = new Float32Array(batch * per);
      for (let b = 0; b < batch; b++) image.set(inpaint.imageLatents, b * per);
      latents = scheduler.addNoise(image, latents, timesteps[0] as number);
    } else {
      const sigma0 = scheduler.initNoiseSigma;
      for (let i = 0; i < latents.length; i++) latents[i] = (latents[i] as number) * sigma0;
    }
    const noise = (length: number): Float32Array => {
      if (length !== batch * per)
        throw new Error(`scheduler asked for ${length} noise values, latents have ${batch * per}`);
      const out = new Float32Array(length);
      streams.forEach((s, i) => out.set(s.fill(per), i * per));
      return out;
    };

    // 3. Denoising loop.
    const specs = inputSpecs(this.sessions.unet);
    const spec = (name: string) => {
      const s = specs.get(name);
      if (!s) throw new Error(`unet has no ${name} input`);
      return s;
    };
    const staticFeeds: Record<string, ort.Tensor> = {};
    if (deviceHidden) staticFeeds["encoder_hidden_states"] = deviceHidden;
    else if (cond && hidden)
      staticFeeds["encoder_hidden_states"] = makeFeed(spec("encoder_hidden_states"), hidden, [
        unetRows,
        seqLen,
        cond.dim,
      ]);
    if (ip)
      staticFeeds["ipadapter_scale"] = makeFeed(
        spec("ipadapter_scale"),
        new Float32Array(Number(spec("ipadapter_scale").shape[0])).fill(ip.scale),
        [Number(spec("ipadapter_scale").shape[0])],
      );
    if (f.isXl) {
      if (!pooled || cond?.pooledDim === undefined)
        throw new Error("text_encoder_2 returned no text_embeds");
      staticFeeds["text_embeds"] = makeFeed(spec("text_embeds"), pooled, [
        unetRows,
        cond.pooledDim,
      ]);
      // original size, crop top-left, target size (SDXL micro-conditioning)
      const ids = Array.from({ length: unetRows }, () => [
        height,
        width,
        0,
        0,
        height,
        width,
      ]).flat();
      staticFeeds["time_ids"] = makeFeed(spec("time_ids"), ids, [unetRows, 6]);
    }
    const total = timesteps.length;
    const inChannels = f.unet.config.in_channels;
    if (inpaint && options.control?.length)
      throw new Error("ControlNets and inpainting cannot be combined in one run");
    const control = this.controlnets.prepare(options.control, {
      rows: unetRows,
      width,
      height,
      latentWidth: lw,
      latentHeight: lh,
      totalSteps: total,
    });
    for (let step = 0; step < total; step++) {
      throwIfAborted(options.signal);
      let tStart = performance.now();
      const t = timesteps[step] as number;
      const modelIn = cfg ? concatTwice(latents) : latents;
      let scaled = scheduler.scaleModelInput(modelIn, t);
      // Inpainting: [scaled latents, mask, masked-image latents] on channels, per row.
      if (inpaint) scaled = inpaint.stack(scaled, unetRows);
      const feeds: Record<string, ort.Tensor> = {
        ...staticFeeds,
        sample: makeFeed(spec("sample"), scaled, [unetRows, inChannels, lh, lw]),
        timestep: makeFeed(spec("timestep"), [t], [1]),
      };
      let overhead = performance.now() - tStart;
      tStart = performance.now();
      if (control) Object.assign(feeds, await control.feeds(step, feeds));
      timings.controlnetMs.push(performance.now() - tStart);
      tStart = performance.now();
      const out = await this.sessions.unet.run(feeds);
      timings.unetMs.push(performance.now() - tStart);
      tStart = performance.now();
      const outName = this.controlnets.unetOutput;
      const pred = readFloat(out[outName], outName);
      if (pred.length !== unetRows * per)
        throw new Error(`unet ${outName} has ${pred.length} values, expected ${unetRows * per}`);
      const eps = cfg ? guide(pred, batch * per, options.guidanceScale) : pred;
      latents = scheduler.step(eps, t, latents, {
        noise,
        ...(options.eta !== undefined ? { eta: options.eta } : {}),
      }).prevSample;
      overhead += performance.now() - tStart;
      timings.overheadMs.push(overhead);
      options.onStep?.(step + 1, total);
    }
    throwIfAborted(options.signal);

    // 4. Decode.
    t0 = performance.now();
    const useTiny =
      options.tinyVae === true &&
      this.sessions.tinyVaeDecoder !== undefined &&
      f.tinyVaeDecoder !== undefined;
    const vaeSession = useTiny
      ? (this.sessions.tinyVaeDecoder as ort.InferenceSession)
      : this.sessions.vaeDecoder;
    const vaeCfg = useTiny && f.tinyVaeDecoder ? f.tinyVaeDecoder.config : f.vaeDecoder.config;
    const shift = vaeCfg.shift_factor ?? 0;
    const z = new Float32Array(latents.length);
    for (let i = 0; i < z.length; i++)
      z[i] = (latents[i] as number) / vaeCfg.scaling_factor + shift;
    const vaeSpec = inputSpecs(vaeSession).get("latent_sample");
    if (!vaeSpec) throw new Error("vae decoder has no latent_sample input");
    const decoded = await vaeSession.run({
      latent_sample: makeFeed(vaeSpec, z, [batch, lc, lh, lw]),
    });
    const pixels = readFloat(decoded["sample"], "sample");
    timings.vaeMs = performance.now() - t0;
    return { images: latentsToRgb(pixels, batch, width, height), timings };
  }

  private async encode(texts: string[]) {
    const f = this.folder;
    const [a, b] = await this.encoders.encode(texts);
    if (!a) throw new Error("the pipeline has no text encoder");
    if (!f.isXl) return a;
    if (!b) throw new Error("SDXL folder without text_encoder_2");
    const hidden = concatFeatures(a, b);
    const pooled = b.pooled;
    return {
      hidden,
      seqLen: a.seqLen,
      dim: a.dim + b.dim,
      ...(pooled ? { pooled, pooledDim: b.pooledDim ?? 0 } : {}),
    };
  }
}

/** Row `index[i]` of `values` (`rows` rows) as row i of the result. */
function gatherRows(values: Float32Array, rows: number, index: readonly number[]): Float32Array {
  const size = values.length / rows;
  const out = new Float32Array(index.length * size);
  index.forEach((r, i) => out.set(values.subarray(r * size, (r + 1) * size), i * size));
  return out;
}

function validateSessions(folder: ModelFolder, s: PipelineSessions, unetOutput: string): void {
  const need = (
    session: ort.InferenceSession,
    component: string,
    inputs: string[],
    outputs: string[],
  ): void => {
    for (const name of inputs) {
      if (!session.inputNames.includes(name)) {
        throw new Error(
          `${component}/model.onnx: missing input ${name} (has ${session.inputNames.join(", ")})`,
        );
      }
    }
    for (const name of outputs) {
      if (!session.outputNames.includes(name)) {
        throw new Error(
          `${component}/model.onnx: missing output ${name} (has ${session.outputNames.join(", ")})`,
        );
      }
    }
  };
  const hidden = (layers: number) =>
    folder.isXl ? [`hidden_states.${layers - 1}`] : ["last_hidden_state"];
  if (s.textEncoder)
    need(
      s.textEncoder,
      "text_encoder",
      ["input_ids"],
      hidden(folder.textEncoder.config.num_hidden_layers),
    );
  if (s.textEncoder2 && folder.textEncoder2) {
    need(
      s.textEncoder2,
      "text_encoder_2",
      ["input_ids"],
      ["text_embeds", ...hidden(folder.textEncoder2.config.num_hidden_layers)],
    );
  }
  need(
    s.unet,
    "unet",
    [
      "sample",
      "timestep",
      "encoder_hidden_states",
      ...(folder.isXl ? ["text_embeds", "time_ids"] : []),
    ],
    [unetOutput],
  );
  need(s.vaeDecoder, "vae_decoder", ["latent_sample"], ["sample"]);
  if (s.tinyVaeDecoder) need(s.tinyVaeDecoder, "vae_decoder_tiny", ["latent_sample"], ["sample"]);
}
