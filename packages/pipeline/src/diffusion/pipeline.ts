import type * as ort from "onnxruntime-node";
import type { RgbImage } from "../image-backend/types";
import type { ModelFolder } from "./model-folder";
import { loadModelFolder } from "./model-folder";
import { createSession, type ExecutionProviderName, type SessionConfig } from "./onnx/session";
import { inputSpecs, makeFeed, readFloat } from "./onnx/tensors";
import { GaussianStream } from "./random";
import { createScheduler } from "./schedulers";
import type { PromptTokenizer } from "./text-conditioning";
import {
  concatFeatures,
  encodeTexts,
  encodeTextsToTensor,
  loadPromptTokenizer,
  repeatRows,
} from "./text-conditioning";
import { latentsToRgb } from "./latents-to-rgb";
import { ControlNets, type ControlInput } from "./control/controlnet-runner";

export interface GenerateOptions {
  prompt: string;
  negativePrompt?: string;
  /** Output size in pixels; multiples of the VAE scale factor. Defaults to the native size. */
  width?: number;
  height?: number;
  steps: number;
  /** > 1 enables classifier-free guidance; distilled models use ≤ 1 (none). */
  guidanceScale: number;
  seed: number;
  /** Variants generated in one batched run; variant i draws from Gaussian stream i. */
  batch?: number;
  /** Scheduler eta (DDIM) / gamma (TCD). */
  eta?: number;
  /** Decode with vae_decoder_tiny/ when the folder has one. */
  tinyVae?: boolean;
  onStep?: (step: number, total: number) => void;
  signal?: AbortSignal;
  /** ControlNets to apply (the folder's controlnet/ models or its fused UNet's). */
  control?: ControlInput[];
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
  textEncoder: ort.InferenceSession;
  textEncoder2?: ort.InferenceSession;
  unet: ort.InferenceSession;
  vaeDecoder: ort.InferenceSession;
  tinyVaeDecoder?: ort.InferenceSession;
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
    readonly controlnets: ControlNets,
  ) {}

  /** The ControlNets `generate({ control })` can name, in index order. */
  get controlNames(): string[] {
    return this.controlnets.names;
  }

  static async load(
    dirOrFolder: string | ModelFolder,
    config: SessionConfig = { provider: "cpu" },
  ): Promise<DiffusionPipeline> {
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
    let hiddenOnDevice = !folder.isXl && providers["unet"] === "webgpu";
    let textEncoder = await open(
      "text_encoder",
      folder.textEncoder.modelPath,
      hiddenOnDevice ? ["last_hidden_state"] : [],
    );
    if (
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
      textEncoder,
      unet,
      vaeDecoder: await open("vae_decoder", folder.vaeDecoder.modelPath),
    };
    if (folder.textEncoder2)
      sessions.textEncoder2 = await open("text_encoder_2", folder.textEncoder2.modelPath);
    if (folder.tinyVaeDecoder)
      sessions.tinyVaeDecoder = await open("vae_decoder_tiny", folder.tinyVaeDecoder.modelPath);
    const controlnets = await ControlNets.open(folder, unet, open);
    validateSessions(folder, sessions, controlnets.unetOutput);
    const maxLen = folder.textEncoder.config.max_position_embeddings;
    const tok = loadPromptTokenizer(folder.tokenizer, folder, maxLen);
    const tok2 = folder.tokenizer2
      ? loadPromptTokenizer(folder.tokenizer2, folder, maxLen)
      : undefined;
    return new DiffusionPipeline(
      folder,
      sessions,
      providers,
      tok,
      tok2,
      hiddenOnDevice && providers["text_encoder"] === "webgpu",
      controlnets,
    );
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

  async release(): Promise<void> {
    for (const s of Object.values(this.sessions) as ort.InferenceSession[]) await s.release();
    await this.controlnets.release();
  }

  async generate(options: GenerateOptions): Promise<GenerateResult> {
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

    // 1. Text conditioning: rows are [uncond, cond] with CFG, [cond] without.
    const texts = cfg ? [options.negativePrompt ?? "", options.prompt] : [options.prompt];
    const t0 = performance.now();
    // Tokenizing is folded into encodeTexts; time it alone for the stage report.
    for (const text of texts) this.tok.tokenizer.encode(text);
    timings.tokenizeMs = performance.now() - t0;
    const onDevice: ort.Tensor[] = [];
    try {
      return await this.denoiseAndDecode(options, texts, batch, cfg, timings, onDevice);
    } finally {
      // GPU buffers are not garbage-collected: free them whatever happened.
      for (const t of onDevice) t.dispose();
    }
  }

  private async denoiseAndDecode(
    options: GenerateOptions,
    texts: string[],
    batch: number,
    cfg: boolean,
    timings: StageTimings,
    onDevice: ort.Tensor[],
  ): Promise<GenerateResult> {
    const f = this.folder;
    const scale = f.vaeScaleFactor;
    const width = options.width ?? f.nativeSize;
    const height = options.height ?? f.nativeSize;
    const rows = texts.length;
    let t0 = performance.now();
    let deviceHidden: ort.Tensor | undefined;
    let cond: Awaited<ReturnType<DiffusionPipeline["encode"]>> | undefined;
    if (this.hiddenOnDevice) {
      // Each text encoded `batch` times: the encoder's output already has
      // the UNet's rows ([uncond×batch, cond×batch]) and never leaves the device.
      const expanded = texts.flatMap((t) => Array.from({ length: batch }, () => t));
      deviceHidden = await encodeTextsToTensor(this.sessions.textEncoder, this.tok, expanded);
      onDevice.push(deviceHidden);
    } else {
      cond = await this.encode(texts, options.negativePrompt ?? "");
    }
    timings.textEncoderMs = performance.now() - t0;
    // Host conditioning is encoded once per text and repeated per variant.
    const hostRows = deviceHidden ? 1 : batch;
    const hidden = cond ? repeatRows(cond.hidden, rows, hostRows) : undefined;
    const pooled = cond?.pooled ? repeatRows(cond.pooled, rows, hostRows) : undefined;

    // 2. Initial latents, one Gaussian stream per variant.
    const lc = f.unet.config.in_channels;
    const lh = height / scale;
    const lw = width / scale;
    const per = lc * lh * lw;
    const streams = Array.from({ length: batch }, (_, i) => new GaussianStream(options.seed, i));
    const scheduler = createScheduler(f.scheduler);
    scheduler.setTimesteps(options.steps);
    let latents: Float32Array = new Float32Array(batch * per);
    streams.forEach((s, i) => latents.set(s.fill(per), i * per));
    const sigma0 = scheduler.initNoiseSigma;
    for (let i = 0; i < latents.length; i++) latents[i] = (latents[i] as number) * sigma0;
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
    const unetRows = rows * batch;
    const staticFeeds: Record<string, ort.Tensor> = {};
    if (deviceHidden) staticFeeds["encoder_hidden_states"] = deviceHidden;
    else if (cond && hidden)
      staticFeeds["encoder_hidden_states"] = makeFeed(spec("encoder_hidden_states"), hidden, [
        unetRows,
        cond.seqLen,
        cond.dim,
      ]);
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
    const total = scheduler.timesteps.length;
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
      const t = scheduler.timesteps[step] as number;
      const modelIn = cfg ? concatTwice(latents) : latents;
      const scaled = scheduler.scaleModelInput(modelIn, t);
      const feeds: Record<string, ort.Tensor> = {
        ...staticFeeds,
        sample: makeFeed(spec("sample"), scaled, [unetRows, lc, lh, lw]),
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

  private async encode(texts: string[], negative: string) {
    const f = this.folder;
    if (!f.isXl)
      return encodeTexts(
        this.sessions.textEncoder,
        this.tok,
        texts,
        "last",
        f.textEncoder.config.num_hidden_layers,
      );
    const s2 = this.sessions.textEncoder2;
    const tok2 = this.tok2;
    const cfg2 = f.textEncoder2?.config;
    if (!s2 || !tok2 || !cfg2) throw new Error("SDXL folder without text_encoder_2");
    const a = await encodeTexts(
      this.sessions.textEncoder,
      this.tok,
      texts,
      "penultimate",
      f.textEncoder.config.num_hidden_layers,
    );
    const b = await encodeTexts(s2, tok2, texts, "penultimate", cfg2.num_hidden_layers);
    const hidden = concatFeatures(a, b);
    const pooled = b.pooled;
    // SDXL's force_zeros_for_empty_prompt: an empty negative prompt means zero conditioning.
    if (texts.length === 2 && negative.trim() === "") {
      hidden.fill(0, 0, hidden.length / 2);
      pooled?.fill(0, 0, pooled.length / 2);
    }
    return {
      hidden,
      seqLen: a.seqLen,
      dim: a.dim + b.dim,
      ...(pooled ? { pooled, pooledDim: b.pooledDim ?? 0 } : {}),
    };
  }
}

function concatTwice(x: Float32Array): Float32Array {
  const out = new Float32Array(x.length * 2);
  out.set(x, 0);
  out.set(x, x.length);
  return out;
}

/** ε = ε_uncond + w·(ε_cond − ε_uncond); rows are [uncond…, cond…]. */
function guide(pred: Float32Array, half: number, w: number): Float32Array {
  const out = new Float32Array(half);
  for (let i = 0; i < half; i++) {
    const u = pred[i] as number;
    out[i] = u + w * ((pred[half + i] as number) - u);
  }
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
