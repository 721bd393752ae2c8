import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { UNetConfig } from "../component-configs";
import { controlNetConfigFor } from "../control/controlnet-config";
import { CONTROLNET_DIR_PATTERN, FUSED_NAMES_FILE } from "../control/controlnet-folder";
import { buildControlNet, fusedResiduals, residualInputs } from "./controlnet";
import type { ElemType, GraphBuilder } from "./graph";
import type { UNetExtras } from "./unet";

export interface ControlNetBuildOptions {
  /**
   * "split": controlnet/ (or controlnet_<name>/) models feeding a UNet with
   * down_block_i / mid_block_additional_residual inputs; "fused": ONNX
   * Runtime's UNet+ControlNet graph (controlnet_images, controlnet_scales).
   */
  layout: "split" | "fused";
  /** Split: the folder names (default ["controlnet"]); fused: the names written to unet/controlnets.json. */
  names?: string[];
  /** Zero-initialised zero convolutions (residuals exactly 0), as before training. */
  zeroConvs?: boolean;
  /** Seed of the first ControlNet's weights (default: the folder seed + 10); ControlNet i uses seed + i. */
  seed?: number;
}

type Component = (
  sub: string,
  seed: number,
  config: Record<string, unknown>,
  build: (g: GraphBuilder) => void,
) => number;

/**
 * How a folder with ControlNets is written: the UNet's extra inputs (or
 * fused ControlNets) and, for the split layout, one folder per ControlNet.
 * The same seeds give the same ControlNet weights in both layouts.
 */
export function controlNetPlan(
  unet: UNetConfig,
  options: ControlNetBuildOptions,
  io: { sampleType: ElemType; timestepType: ElemType },
  folderSeed: number,
): {
  unetExtras: (g: GraphBuilder) => UNetExtras;
  write: (dir: string, component: Component) => Record<string, number>;
} {
  const names = options.names ?? ["controlnet"];
  if (names.length === 0) throw new Error("controlnet: at least one name");
  const cfg = controlNetConfigFor(unet);
  const seed0 = options.seed ?? folderSeed + 10;
  const seeds = names.map((_, i) => seed0 + i);
  const weights = { zeroConvs: options.zeroConvs ?? false };
  if (options.layout === "fused") {
    return {
      unetExtras: (g) => ({
        residuals: fusedResiduals(
          g,
          names.map(() => cfg),
          seeds,
          io.sampleType,
          weights,
        ),
        outputName: "latent",
      }),
      write: (dir) => {
        writeFileSync(
          join(dir, "unet", FUSED_NAMES_FILE),
          `${JSON.stringify({ controlnets: names }, null, 2)}\n`,
        );
        return {};
      },
    };
  }
  for (const n of names) {
    if (!CONTROLNET_DIR_PATTERN.test(n))
      throw new Error(`controlnet folder name ${n} must match ${String(CONTROLNET_DIR_PATTERN)}`);
  }
  return {
    unetExtras: (g) => ({
      residuals: (_inputs, toF32) => residualInputs(g, unet, io.sampleType, toF32),
    }),
    write: (dir, component) => {
      const parameters: Record<string, number> = {};
      names.forEach((n, i) => {
        parameters[n] = component(n, seeds[i] as number, { ...cfg }, (g) =>
          buildControlNet(g, cfg, io, weights),
        );
      });
      void dir;
      return parameters;
    },
  };
}
