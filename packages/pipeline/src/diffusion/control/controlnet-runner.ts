import type * as ort from "onnxruntime-node";
import { z } from "zod";
import type { RgbImage } from "../../image-backend/types";
import type { ModelFolder } from "../model-folder";
import { inputSpecs, makeFeed, readFloat, type InputSpec } from "../onnx/tensors";
import { controlLayoutOf, type ControlLayout } from "./controlnet-folder";
import { controlNetOutputNames, residualLayout, unetResidualInputNames } from "./residual-layout";

/** One ControlNet applied to a generation (diffusers' per-ControlNet arguments). */
export const controlInputSchema = z.object({
  /** The ControlNet: a name from `controlNames` or its index. */
  controlnet: z.union([z.string().min(1), z.number().int().nonnegative()]),
  /** The control image at the generation's size; fed as RGB in [0, 1]. */
  image: z.custom<RgbImage>(
    (v) =>
      typeof v === "object" &&
      v !== null &&
      "data" in v &&
      v.data instanceof Uint8Array &&
      "width" in v &&
      "height" in v &&
      typeof v.width === "number" &&
      typeof v.height === "number" &&
      v.data.length === v.width * v.height * 3,
    "an RgbImage with width × height × 3 bytes",
  ),
  /** controlnet_conditioning_scale. */
  scale: z.number().finite().default(1),
  /** control_guidance_start / _end: the fraction of the steps where this control acts. */
  start: z.number().min(0).max(1).default(0),
  end: z.number().min(0).max(1).default(1),
});
export type ControlInput = z.input<typeof controlInputSchema>;
type Control = z.output<typeof controlInputSchema>;

/**
 * diffusers' controlnet_keep: a control acts at step i of n unless
 * i/n < start or (i+1)/n > end.
 */
export function controlKeep(step: number, total: number, start: number, end: number): number {
  return step / total < start || (step + 1) / total > end ? 0 : 1;
}

/** RGB bytes → CHW floats in [0, 1] (diffusers' control image processor, do_normalize=False). */
export function controlImageToChw(image: RgbImage): Float32Array {
  const plane = image.width * image.height;
  const out = new Float32Array(3 * plane);
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) out[c * plane + p] = (image.data[p * 3 + c] as number) / 255;
  }
  return out;
}

export interface StepControl {
  /** Extra UNet feeds for step `step`; runs the split ControlNets. */
  feeds(step: number, shared: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>>;
  /** Milliseconds spent in separate ControlNet sessions per step so far. */
  readonly ms: number[];
}

export interface RunShape {
  /** UNet rows: batch, doubled for CFG. */
  rows: number;
  width: number;
  height: number;
  latentWidth: number;
  latentHeight: number;
  totalSteps: number;
}

/**
 * ControlNets in either export layout. Split: each controlnet (controlnet/, controlnet_<name>/) session
 * runs on the UNet's own inputs plus the control image and its residuals
 * (× scale, summed over ControlNets) become the UNet's down_block_i /
 * mid_block_additional_residual inputs; zeros where no control acts.
 * Fused: ONNX Runtime's graph takes the images and per-step scales itself.
 */
export class ControlNets {
  private constructor(
    readonly layout: ControlLayout,
    readonly names: string[],
    private readonly sessions: ort.InferenceSession[],
    private readonly folder: ModelFolder,
    private unet: ort.InferenceSession,
    readonly unetOutput: string,
  ) {}

  /** The pipeline reloaded its UNet (sequential encoders): read input specs from the new session. */
  useUnet(unet: ort.InferenceSession): void {
    this.unet = unet;
  }

  static async open(
    folder: ModelFolder,
    unet: ort.InferenceSession,
    open: (name: string, path: string) => Promise<ort.InferenceSession>,
  ): Promise<ControlNets> {
    const layout = controlLayoutOf(unet.inputNames);
    const unetOutput = unet.outputNames.includes("out_sample")
      ? "out_sample"
      : layout === "fused" && unet.outputNames.includes("latent")
        ? "latent"
        : "out_sample";
    if (layout === "split") {
      if (folder.controlnets.length === 0)
        throw new Error(
          "unet/model.onnx takes ControlNet residuals (down_block_0 …) but the folder has no controlnet/ model",
        );
      const sessions: ort.InferenceSession[] = [];
      for (const cn of folder.controlnets) sessions.push(await open(cn.name, cn.modelPath));
      const net = new ControlNets(
        layout,
        folder.controlnets.map((c) => c.name),
        sessions,
        folder,
        unet,
        unetOutput,
      );
      net.checkSplitIo();
      return net;
    }
    if (layout === "fused") {
      const n = fusedCount(unet);
      const names =
        folder.fusedControlNames ?? Array.from({ length: n }, (_, i) => `controlnet_${i}`);
      if (names.length !== n)
        throw new Error(
          `unet/controlnets.json names ${names.length} ControlNets but controlnet_images holds ${n}`,
        );
      return new ControlNets(layout, names, [], folder, unet, unetOutput);
    }
    if (folder.controlnets.length > 0)
      throw new Error(
        `${folder.controlnets[0]?.name ?? "controlnet"}/ is present but unet/model.onnx has no residual inputs (down_block_0 …, mid_block_additional_residual): export the UNet for ControlNet`,
      );
    return new ControlNets(layout, [], [], folder, unet, unetOutput);
  }

  async release(): Promise<void> {
    for (const s of this.sessions) await s.release();
  }

  private residualNames(): { down: string[]; mid: string } {
    return unetResidualInputNames(residualLayout(this.folder.unet.config).length - 1);
  }

  private checkSplitIo(): void {
    const { down, mid } = this.residualNames();
    for (const name of [...down, mid]) {
      if (!this.unet.inputNames.includes(name))
        throw new Error(
          `unet/model.onnx: missing input ${name} (a UNet with ${this.folder.unet.config.block_out_channels.length} blocks of ${this.folder.unet.config.layers_per_block} layers takes ${down.length} down residuals)`,
        );
    }
    this.sessions.forEach((s, i) => {
      const cn = this.names[i] as string;
      for (const name of ["sample", "timestep", "encoder_hidden_states", "controlnet_cond"]) {
        if (!s.inputNames.includes(name))
          throw new Error(
            `${cn}/model.onnx: missing input ${name} (has ${s.inputNames.join(", ")})`,
          );
      }
      if (s.outputNames.length !== down.length + 1)
        throw new Error(
          `${cn}/model.onnx: ${s.outputNames.length} outputs, the UNet takes ${down.length} down residuals + 1 mid`,
        );
    });
  }

  /**
   * Which output holds residual k (the mid block's is k = count): by name
   * when the export named all of them (down_block_res_sample_i /
   * mid_block_res_sample, or the UNet's own input names), else by position —
   * torch.onnx emits the flattened (down…, mid) tuple in order, and exports
   * that pass fewer output_names than outputs leave the rest auto-named.
   */
  private outputOrder(session: ort.InferenceSession): string[] {
    const outs = session.outputNames;
    const count = outs.length - 1;
    const own = controlNetOutputNames(count);
    const unetNames = this.residualNames();
    const schemes = [
      [...own.down, own.mid],
      [...unetNames.down, unetNames.mid],
    ];
    for (const names of schemes) if (names.every((n) => outs.includes(n))) return names;
    return [...outs];
  }

  /** Resolves `controlnet` references and checks the images; throws a sentence on misuse. */
  private resolve(
    controls: readonly ControlInput[],
    shape: RunShape,
  ): { index: number; c: Control }[] {
    return controls.map((raw) => {
      const parsed = controlInputSchema.safeParse(raw);
      if (!parsed.success)
        throw new Error(`control: ${parsed.error.issues[0]?.message ?? "invalid"}`);
      const c = parsed.data;
      if (this.layout === "none")
        throw new Error("this model folder has no ControlNet (no controlnet/ and no fused UNet)");
      const index =
        typeof c.controlnet === "number" ? c.controlnet : this.names.indexOf(c.controlnet);
      if (index < 0 || index >= this.names.length)
        throw new Error(
          `control: no ControlNet ${String(c.controlnet)} (this folder has ${this.names.join(", ")})`,
        );
      if (c.image.width !== shape.width || c.image.height !== shape.height)
        throw new Error(
          `control image for ${this.names[index] ?? ""} is ${c.image.width}×${c.image.height}, the generation is ${shape.width}×${shape.height}`,
        );
      if (c.start > c.end) throw new Error(`control: start ${c.start} is after end ${c.end}`);
      return { index, c };
    });
  }

  /** The per-step hook for one generation. */
  prepare(controls: readonly ControlInput[] | undefined, shape: RunShape): StepControl | undefined {
    if (this.layout === "none") {
      if (controls && controls.length > 0) this.resolve(controls, shape);
      return undefined;
    }
    const resolved = this.resolve(controls ?? [], shape);
    return this.layout === "fused"
      ? this.prepareFused(resolved, shape)
      : this.prepareSplit(resolved, shape);
  }

  private controlImage(c: Control, rows: number): Float32Array {
    const chw = controlImageToChw(c.image);
    const out = new Float32Array(rows * chw.length);
    for (let r = 0; r < rows; r++) out.set(chw, r * chw.length);
    return out;
  }

  private prepareFused(resolved: { index: number; c: Control }[], shape: RunShape): StepControl {
    const specs = inputSpecs(this.unet);
    const imagesSpec = specs.get("controlnet_images") as InputSpec;
    const scalesSpec = specs.get("controlnet_scales") as InputSpec;
    const n = this.names.length;
    const per = shape.rows * 3 * shape.height * shape.width;
    const images = new Float32Array(n * per);
    const byIndex = new Map<number, Control>();
    for (const { index, c } of resolved) {
      if (byIndex.has(index))
        throw new Error(
          `control: ${this.names[index] ?? ""} is given twice; the fused graph runs each ControlNet once`,
        );
      byIndex.set(index, c);
      images.set(this.controlImage(c, shape.rows), index * per);
    }
    // Constant over the run: the images (uncond and cond rows alike, as diffusers doubles them for CFG).
    const imagesFeed = makeFeed(imagesSpec, images, [n, shape.rows, 3, shape.height, shape.width]);
    const ms: number[] = [];
    return {
      ms,
      feeds: (step) => {
        ms.push(0);
        const scales = Array.from({ length: n }, (_, i) => {
          const c = byIndex.get(i);
          return c ? c.scale * controlKeep(step, shape.totalSteps, c.start, c.end) : 0;
        });
        return Promise.resolve({
          controlnet_images: imagesFeed,
          controlnet_scales: makeFeed(scalesSpec, scales, [n]),
        });
      },
    };
  }

  private prepareSplit(resolved: { index: number; c: Control }[], shape: RunShape): StepControl {
    const unetSpecs = inputSpecs(this.unet);
    const layout = residualLayout(this.folder.unet.config);
    const names = this.residualNames();
    const unetNames = [...names.down, names.mid];
    const dims = layout.map((l) => [
      shape.rows,
      l.channels,
      shape.latentHeight / l.downscale,
      shape.latentWidth / l.downscale,
    ]);
    const sizes = dims.map((d) => d.reduce((a, b) => a * b, 1));
    const zeros = unetNames.map((n, k) =>
      makeFeed(
        unetSpecs.get(n) as InputSpec,
        new Float32Array(sizes[k] as number),
        dims[k] as number[],
      ),
    );
    const prepared = resolved.map(({ index, c }) => {
      const session = this.sessions[index] as ort.InferenceSession;
      const specs = inputSpecs(session);
      const cond = makeFeed(
        specs.get("controlnet_cond") as InputSpec,
        this.controlImage(c, shape.rows),
        [shape.rows, 3, shape.height, shape.width],
      );
      return { session, specs, c, cond, order: this.outputOrder(session) };
    });
    const ms: number[] = [];
    return {
      ms,
      feeds: async (step, shared) => {
        const t0 = performance.now();
        let sums: Float32Array[] | undefined;
        for (const p of prepared) {
          const scale = p.c.scale * controlKeep(step, shape.totalSteps, p.c.start, p.c.end);
          // A control outside its step range (or at scale 0) contributes exactly nothing: skip its run.
          if (scale === 0) continue;
          const feeds: Record<string, ort.Tensor> = { controlnet_cond: p.cond };
          for (const name of p.session.inputNames) {
            if (name === "controlnet_cond") continue;
            const t = shared[name];
            if (!t) throw new Error(`${this.names[0] ?? "controlnet"}: no feed for input ${name}`);
            const spec = p.specs.get(name);
            if (spec && spec.type !== t.type)
              throw new Error(
                `controlnet input ${name} is ${spec.type} but the UNet's is ${t.type}: export both with the same dtype`,
              );
            feeds[name] = t;
          }
          const out = await p.session.run(feeds);
          sums ??= sizes.map((s) => new Float32Array(s));
          p.order.forEach((name, k) => {
            const r = readFloat(out[name], name);
            const acc = sums?.[k] as Float32Array;
            if (r.length !== acc.length)
              throw new Error(
                `controlnet output ${name} has ${r.length} values, the UNet's ${unetNames[k] ?? ""} needs ${acc.length}`,
              );
            for (let i = 0; i < acc.length; i++)
              acc[i] = (acc[i] as number) + scale * (r[i] as number);
          });
        }
        ms.push(performance.now() - t0);
        const feeds: Record<string, ort.Tensor> = {};
        unetNames.forEach((n, k) => {
          feeds[n] = sums
            ? makeFeed(unetSpecs.get(n) as InputSpec, sums[k] as Float32Array, dims[k] as number[])
            : (zeros[k] as ort.Tensor);
        });
        return feeds;
      },
    };
  }
}

function fusedCount(unet: ort.InferenceSession): number {
  const spec = inputSpecs(unet).get("controlnet_scales");
  const images = inputSpecs(unet).get("controlnet_images");
  const n = spec?.shape[0] ?? images?.shape[0];
  if (typeof n !== "number")
    throw new Error(
      "unet/model.onnx: controlnet_scales has no static length, so the number of fused ControlNets is unknown",
    );
  return n;
}
