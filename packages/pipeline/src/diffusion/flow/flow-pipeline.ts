import type * as ort from "onnxruntime-node";
import { concatTwice, guide } from "../guidance";
import { latentsToRgb } from "../latents-to-rgb";
import { createSession, type ExecutionProviderName, type SessionConfig } from "../onnx/session";
import { inputSpecs, makeFeed, readFloat } from "../onnx/tensors";
import {
  rowsOf,
  type GenerateOptions,
  type GenerateResult,
  type ImageRow,
  type PipelineLoadOptions,
  type SharedOptions,
  type StageTimings,
} from "../pipeline";
import { GaussianStream } from "../random";
import { FlowMatchEulerDiscreteScheduler, flowShiftMu } from "../schedulers";
import { loadPromptTokenizer } from "../text-conditioning";
import { clipEncoderSource } from "../text-encoders/clip-encoder";
import { EmbeddingCache } from "../text-encoders/embedding-cache";
import { EncoderSet } from "../text-encoders/encoder-set";
import { t5EncoderSource } from "../text-encoders/t5-encoder";
import type { TextEmbeddings, TextEncoderSource } from "../text-encoders/types";
import { loadHfTokenizer } from "../tokenizers/hf";
import { loadFlowFolder, type FlowFolder } from "./folder";
import { fluxImageIds, fluxTextIds, packLatents, unpackLatents } from "./latents";

/** What the transformer reads for every row: text hidden states and the pooled vector. */
interface Conditioning {
  hidden: Float32Array;
  seqLen: number;
  dim: number;
  pooled: Float32Array;
  pooledDim: number;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw signal.reason instanceof Error
      ? signal.reason
      : new DOMException("generation aborted", "AbortError");
  }
}

/** Flux's T5 length: 512 tokens for guidance-distilled dev, 256 for schnell (diffusers' max_sequence_length). */
export function t5MaxLength(folder: FlowFolder): number {
  return folder.kind === "flux" && folder.transformer.config.guidance_embeds ? 512 : 256;
}

/** Flux: linspace(1, 1/n, n), FluxPipeline's own σ grid before the shift. */
export function fluxSigmas(steps: number): number[] {
  return Array.from({ length: steps }, (_, i) =>
    steps === 1 ? 1 : 1 + ((1 / steps - 1) * i) / (steps - 1),
  );
}

/** Row `index[i]` of `values` (`rows` rows) as row i. */
function gatherRows(values: Float32Array, rows: number, index: readonly number[]): Float32Array {
  const size = values.length / rows;
  const out = new Float32Array(index.length * size);
  index.forEach((r, i) => out.set(values.subarray(r * size, (r + 1) * size), i * size));
  return out;
}

/**
 * SD3's encode_prompt: CLIP-L and CLIP-G penultimate states side by side
 * (768 + 1280), zero-padded to T5's width, then T5's tokens after them on
 * the sequence axis; pooled = CLIP-L text_embeds ‖ CLIP-G text_embeds.
 */
export function joinSd3(l: TextEmbeddings, g: TextEmbeddings, t5: TextEmbeddings): Conditioning {
  const rows = l.rows;
  if (l.seqLen !== g.seqLen) throw new Error("CLIP-L and CLIP-G token counts differ");
  const d = t5.dim;
  if (l.dim + g.dim > d)
    throw new Error(`CLIP widths ${l.dim} + ${g.dim} exceed the T5 width ${d}`);
  const seqLen = l.seqLen + t5.seqLen;
  const hidden = new Float32Array(rows * seqLen * d);
  for (let r = 0; r < rows; r++) {
    for (let s = 0; s < l.seqLen; s++) {
      const at = (r * seqLen + s) * d;
      const src = r * l.seqLen + s;
      hidden.set(l.hidden.subarray(src * l.dim, (src + 1) * l.dim), at);
      hidden.set(g.hidden.subarray(src * g.dim, (src + 1) * g.dim), at + l.dim);
    }
    hidden.set(
      t5.hidden.subarray(r * t5.seqLen * d, (r + 1) * t5.seqLen * d),
      (r * seqLen + l.seqLen) * d,
    );
  }
  const pl = l.pooledDim ?? 0;
  const pg = g.pooledDim ?? 0;
  if (!l.pooled || !g.pooled || pl === 0 || pg === 0)
    throw new Error("SD3's CLIP encoders must return text_embeds");
  const pooled = new Float32Array(rows * (pl + pg));
  for (let r = 0; r < rows; r++) {
    pooled.set(l.pooled.subarray(r * pl, (r + 1) * pl), r * (pl + pg));
    pooled.set(g.pooled.subarray(r * pg, (r + 1) * pg), r * (pl + pg) + pl);
  }
  return { hidden, seqLen, dim: d, pooled, pooledDim: pl + pg };
}

/**
 * FluxPipeline and StableDiffusion3Pipeline over ONNX Runtime: text
 * encoders (through EncoderSet: cache, sequential mode) → flow-match Euler
 * over the transformer → VAE (z / scaling_factor + shift_factor).
 */
export class FlowPipeline {
  /** Sequential mode: the transformer was released so an encoder could load. */
  private transformerReleased = false;

  private constructor(
    readonly folder: FlowFolder,
    private transformer: ort.InferenceSession,
    private readonly vaeDecoder: ort.InferenceSession,
    readonly encoders: EncoderSet,
    readonly providers: Record<string, ExecutionProviderName>,
    private readonly sessionConfig: SessionConfig,
  ) {}

  static async load(
    dirOrFolder: string | FlowFolder,
    config: SessionConfig = { provider: "cpu" },
    options: PipelineLoadOptions = {},
  ): Promise<FlowPipeline> {
    const folder = typeof dirOrFolder === "string" ? loadFlowFolder(dirOrFolder) : dirOrFolder;
    const sequential = options.sequentialEncoders ?? false;
    const providers: Record<string, ExecutionProviderName> = {};
    const open = async (name: string, path: string): Promise<ort.InferenceSession> => {
      const loaded = await createSession(path, config);
      providers[name] = loaded.provider;
      return loaded.session;
    };
    const transformer = await open("transformer", folder.transformer.modelPath);
    checkTransformerInputs(folder, transformer);
    const vaeDecoder = await open("vae_decoder", folder.vaeDecoder.modelPath);
    const sources: TextEncoderSource[] = [];
    // SD3 reads CLIP's penultimate layer and text_embeds; Flux only pooler_output.
    const layer = folder.kind === "sd3" ? "penultimate" : "last";
    for (const [i, enc] of folder.clipEncoders.entries()) {
      const files = folder.clipTokenizers[i];
      if (!files) throw new Error(`no tokenizer for ${enc.name}`);
      sources.push(
        clipEncoderSource({
          name: enc.name,
          modelPath: enc.modelPath,
          tok: loadPromptTokenizer(files, folder, enc.config.max_position_embeddings),
          layer,
          numLayers: enc.config.num_hidden_layers,
          session: config,
          onOpen: (p) => (providers[enc.name] = p as ExecutionProviderName),
        }),
      );
    }
    const t5Tok = folder.kind === "flux" ? "tokenizer_2" : "tokenizer_3";
    sources.push(
      t5EncoderSource({
        name: folder.t5Encoder.name,
        modelPath: folder.t5Encoder.modelPath,
        tokenizer: loadHfTokenizer(folder.t5TokenizerDir, t5Tok, "<pad>"),
        maxLength: t5MaxLength(folder),
        session: config,
        onOpen: (p) => (providers[folder.t5Encoder.name] = p as ExecutionProviderName),
      }),
    );
    const ref: { pipeline?: FlowPipeline } = {};
    const encoders = await EncoderSet.open(sources, {
      sequential,
      ...(options.embeddingCache === false
        ? {}
        : { cache: options.embeddingCache ?? new EmbeddingCache() }),
      beforeOpen: async () => ref.pipeline?.releaseTransformer(),
    });
    const pipeline = new FlowPipeline(folder, transformer, vaeDecoder, encoders, providers, config);
    ref.pipeline = pipeline;
    return pipeline;
  }

  get sizeMultiple(): number {
    return this.folder.sizeMultiple;
  }

  /** The transformer export has a `guidance` input (FLUX.1-dev class). */
  get hasGuidanceInput(): boolean {
    return this.transformer.inputNames.includes("guidance");
  }

  readonly supportsStyleReferences = false;
  readonly supportsInpainting = false;
  /** Flow transformers take no ControlNets here (checkOptions refuses control). */
  readonly controlNames: string[] = [];

  private async releaseTransformer(): Promise<void> {
    if (this.transformerReleased) return;
    await this.transformer.release();
    this.transformerReleased = true;
  }

  private async ensureTransformer(): Promise<void> {
    if (!this.transformerReleased) return;
    this.transformer = (
      await createSession(this.folder.transformer.modelPath, this.sessionConfig)
    ).session;
    this.transformerReleased = false;
  }

  async warmup(): Promise<void> {
    await this.generate({ prompt: "warmup", steps: 1, guidanceScale: 0, seed: 0 });
  }

  async release(): Promise<void> {
    await this.encoders.release();
    if (!this.transformerReleased) await this.transformer.release();
    await this.vaeDecoder.release();
  }

  checkOptions(options: GenerateOptions): void {
    const width = options.width ?? this.folder.nativeSize;
    const height = options.height ?? this.folder.nativeSize;
    const m = this.sizeMultiple;
    if (width % m !== 0 || height % m !== 0 || width <= 0 || height <= 0)
      throw new Error(
        `width and height must be positive multiples of ${m}, got ${width}×${height}`,
      );
    const batch = options.batch ?? 1;
    if (!Number.isInteger(batch) || batch < 1)
      throw new Error(`batch must be a positive integer, got ${batch}`);
    if (!Number.isInteger(options.steps) || options.steps < 1)
      throw new Error(`steps must be a positive integer, got ${options.steps}`);
    if (!Number.isSafeInteger(options.seed) || options.seed < 0)
      throw new Error(`seed must be a non-negative safe integer, got ${options.seed}`);
    if (options.references?.some((r) => r.strength > 0))
      throw new Error(`${this.folder.pipelineClass} folders take no style references`);
    if (options.inpaint) throw new Error(`${this.folder.pipelineClass} folders do not inpaint`);
    if (options.control?.length)
      throw new Error(`${this.folder.pipelineClass} folders have no ControlNets`);
  }

  async generate(options: GenerateOptions): Promise<GenerateResult> {
    this.checkOptions(options);
    return this.generateRows(rowsOf(options), options);
  }

  /** Conditioning for `texts` (one row each), each distinct text encoded once. */
  private async conditioning(texts: readonly string[]): Promise<Conditioning> {
    const distinct = [...new Set(texts)];
    const index = texts.map((t) => distinct.indexOf(t));
    const encoded = await this.encoders.encode(distinct);
    let c: Conditioning;
    if (this.folder.kind === "flux") {
      const [clip, t5] = encoded;
      if (!clip?.pooled || !clip.pooledDim || !t5)
        throw new Error("text_encoder must return pooler_output");
      c = {
        hidden: t5.hidden,
        seqLen: t5.seqLen,
        dim: t5.dim,
        pooled: clip.pooled,
        pooledDim: clip.pooledDim,
      };
    } else {
      const [l, g, t5] = encoded;
      if (!l || !g || !t5) throw new Error("an SD3 folder needs three text encoders");
      c = joinSd3(l, g, t5);
    }
    return {
      ...c,
      hidden: gatherRows(c.hidden, distinct.length, index),
      pooled: gatherRows(c.pooled, distinct.length, index),
    };
  }

  async generateRows(
    rowList: readonly ImageRow[],
    options: SharedOptions,
  ): Promise<GenerateResult> {
    if (rowList.length === 0) throw new Error("generateRows needs at least one row");
    for (const row of rowList) this.checkOptions({ ...options, ...row });
    const f = this.folder;
    // Flux-dev's guidance is an input, not CFG; SD3 runs CFG when guidance > 1.
    const cfg = f.kind === "sd3" && options.guidanceScale > 1;
    const timings: StageTimings = {
      tokenizeMs: 0,
      textEncoderMs: 0,
      unetMs: [],
      overheadMs: [],
      controlnetMs: [],
      vaeMs: 0,
    };
    throwIfAborted(options.signal);
    const texts = cfg
      ? [...rowList.map((r) => r.negativePrompt ?? ""), ...rowList.map((r) => r.prompt)]
      : rowList.map((r) => r.prompt);
    let t0 = performance.now();
    const cond = await this.conditioning(texts);
    timings.textEncoderMs = performance.now() - t0;
    await this.ensureTransformer();

    const width = options.width ?? f.nativeSize;
    const height = options.height ?? f.nativeSize;
    const lc = f.vaeDecoder.config.latent_channels;
    const lh = height / f.vaeScaleFactor;
    const lw = width / f.vaeScaleFactor;
    const per = lc * lh * lw;
    const batch = rowList.length;
    const rows = texts.length;
    const packed = f.kind === "flux";
    // Each row's noise is [C, h, w] from its own stream, packed to 2×2 tokens for Flux.
    const streams = rowList.map((r) => new GaussianStream(r.seed, r.stream));
    const draw = (): Float32Array => {
      const out = new Float32Array(batch * per);
      streams.forEach((s, i) => {
        const x = s.fill(per);
        out.set(packed ? packLatents(x, 1, lc, lh, lw) : x, i * per);
      });
      return out;
    };
    let latents = draw();

    const scheduler = new FlowMatchEulerDiscreteScheduler(f.scheduler);
    const seqLenImg = (lh / 2) * (lw / 2);
    const mu = flowShiftMu(seqLenImg, scheduler.config);
    if (f.kind === "flux")
      scheduler.setSchedule(options.steps, { sigmas: fluxSigmas(options.steps), mu });
    else scheduler.setSchedule(options.steps, scheduler.config.use_dynamic_shifting ? { mu } : {});

    const specs = inputSpecs(this.transformer);
    const spec = (name: string) => {
      const s = specs.get(name);
      if (!s) throw new Error(`transformer/model.onnx has no ${name} input`);
      return s;
    };
    const feeds: Record<string, ort.Tensor> = {
      encoder_hidden_states: makeFeed(spec("encoder_hidden_states"), cond.hidden, [
        rows,
        cond.seqLen,
        cond.dim,
      ]),
      pooled_projections: makeFeed(spec("pooled_projections"), cond.pooled, [rows, cond.pooledDim]),
    };
    if (f.kind === "flux") {
      feeds["img_ids"] = makeFeed(spec("img_ids"), fluxImageIds(lh, lw), [seqLenImg, 3]);
      feeds["txt_ids"] = makeFeed(spec("txt_ids"), fluxTextIds(cond.seqLen), [cond.seqLen, 3]);
      if (this.hasGuidanceInput)
        feeds["guidance"] = makeFeed(
          spec("guidance"),
          new Float32Array(rows).fill(options.guidanceScale),
          [rows],
        );
    }
    const sampleDims = packed ? [rows, seqLenImg, 4 * lc] : [rows, lc, lh, lw];
    const timesteps = scheduler.timesteps;
    const total = timesteps.length;
    for (let step = 0; step < total; step++) {
      throwIfAborted(options.signal);
      let tStart = performance.now();
      const t = timesteps[step] as number;
      const modelIn = cfg ? concatTwice(latents) : latents;
      // diffusers feeds Flux t/1000 (= σ; the model multiplies by 1000) and SD3 t itself.
      const tFeed = packed ? t / scheduler.numTrainTimesteps : t;
      feeds["hidden_states"] = makeFeed(spec("hidden_states"), modelIn, sampleDims);
      feeds["timestep"] = makeFeed(spec("timestep"), new Float32Array(rows).fill(tFeed), [rows]);
      let overhead = performance.now() - tStart;
      tStart = performance.now();
      const out = await this.transformer.run(feeds);
      timings.unetMs.push(performance.now() - tStart);
      timings.controlnetMs.push(0);
      tStart = performance.now();
      const pred = readFloat(out["out_hidden_states"], "out_hidden_states");
      if (pred.length !== rows * per)
        throw new Error(
          `transformer out_hidden_states has ${pred.length} values, expected ${rows * per}`,
        );
      const v = cfg ? guide(pred, batch * per, options.guidanceScale) : pred;
      latents = scheduler.step(v, t, latents, { noise: () => draw() }).prevSample;
      overhead += performance.now() - tStart;
      timings.overheadMs.push(overhead);
      options.onStep?.(step + 1, total);
    }
    throwIfAborted(options.signal);

    t0 = performance.now();
    const spatial = packed ? unpackLatents(latents, batch, lc, lh, lw) : latents;
    const vae = f.vaeDecoder.config;
    const shift = vae.shift_factor ?? 0;
    const z = new Float32Array(spatial.length);
    for (let i = 0; i < z.length; i++) z[i] = (spatial[i] as number) / vae.scaling_factor + shift;
    const vaeSpec = inputSpecs(this.vaeDecoder).get("latent_sample");
    if (!vaeSpec) throw new Error("vae_decoder/model.onnx has no latent_sample input");
    const decoded = await this.vaeDecoder.run({
      latent_sample: makeFeed(vaeSpec, z, [batch, lc, lh, lw]),
    });
    const pixels = readFloat(decoded["sample"], "sample");
    timings.vaeMs = performance.now() - t0;
    return { images: latentsToRgb(pixels, batch, width, height), timings };
  }
}

/** The inputs the pipeline feeds, named by optimum's exports; a guidance model must take `guidance`. */
export function transformerInputs(folder: FlowFolder): string[] {
  const common = ["hidden_states", "encoder_hidden_states", "pooled_projections", "timestep"];
  if (folder.kind === "sd3") return common;
  return [
    ...common,
    "img_ids",
    "txt_ids",
    ...(folder.transformer.config.guidance_embeds ? ["guidance"] : []),
  ];
}

function checkTransformerInputs(folder: FlowFolder, s: ort.InferenceSession): void {
  for (const name of transformerInputs(folder)) {
    if (!s.inputNames.includes(name)) {
      const why =
        name === "guidance" ? " although transformer/config.json has guidance_embeds true" : "";
      throw new Error(
        `transformer/model.onnx: missing input ${name}${why} (has ${s.inputNames.join(", ")})`,
      );
    }
  }
  if (!s.outputNames.includes("out_hidden_states"))
    throw new Error(
      `transformer/model.onnx: missing output out_hidden_states (has ${s.outputNames.join(", ")})`,
    );
}
