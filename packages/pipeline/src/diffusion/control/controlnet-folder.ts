import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { UNetConfig } from "../component-configs";
import type { ControlNetConfig } from "./controlnet-config";

/** Split layout: controlnet/ or controlnet_<name>/ (e.g. controlnet_canny/), each model.onnx + config.json. */
export const CONTROLNET_DIR_PATTERN = /^controlnet(_[a-z0-9][a-z0-9_-]*)?$/;
/** Fused layout: optional unet/controlnets.json naming the graph's ControlNets in order. */
export const FUSED_NAMES_FILE = "controlnets.json";
export const fusedNamesSchema = z.object({ controlnets: z.array(z.string().min(1)).min(1) });

export type ControlLayout = "none" | "split" | "fused";

/** The split ControlNet folders of a model folder, `controlnet` first, then by name. */
export function controlNetDirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => CONTROLNET_DIR_PATTERN.test(n) && statSync(join(dir, n)).isDirectory())
    .sort((a, b) => (a === "controlnet" ? -1 : b === "controlnet" ? 1 : a.localeCompare(b)));
}

/** Which ControlNet layout a UNet export has, from its input names. */
export function controlLayoutOf(unetInputs: readonly string[]): ControlLayout {
  if (unetInputs.includes("controlnet_images") || unetInputs.includes("controlnet_scales"))
    return "fused";
  if (
    unetInputs.includes("mid_block_additional_residual") ||
    unetInputs.some((n) => /^down_block_\d+$/.test(n))
  )
    return "split";
  return "none";
}

/** The base-model family a cross-attention width belongs to, in words. */
export function familyOf(crossAttentionDim: number): string {
  switch (crossAttentionDim) {
    case 768:
      return "SD 1.x (SD 1.5, Hyper-SD15)";
    case 1024:
      return "SD 2.x (SD 2.1, SD-Turbo)";
    case 2048:
      return "SDXL (SDXL-Turbo, Hyper-SDXL)";
    default:
      return `a ${crossAttentionDim}-wide text conditioning`;
  }
}

/**
 * Why a ControlNet cannot drive this UNet, as a sentence, or undefined when
 * it fits: its encoder must mirror the UNet's (same text width, block
 * widths, depth and SDXL conditioning), or the residuals do not line up.
 */
export function controlNetMismatch(
  name: string,
  unet: UNetConfig,
  cn: ControlNetConfig,
): string | undefined {
  if (cn.cross_attention_dim !== unet.cross_attention_dim) {
    return (
      `${name} is a ControlNet for ${familyOf(cn.cross_attention_dim)} (cross_attention_dim ` +
      `${cn.cross_attention_dim}) but the UNet is ${familyOf(unet.cross_attention_dim)} ` +
      `(cross_attention_dim ${unet.cross_attention_dim}); use a ControlNet trained for the UNet's base model.`
    );
  }
  const sdxl = (c: { addition_embed_type?: string | null | undefined }) =>
    c.addition_embed_type === "text_time";
  if (sdxl(cn) !== sdxl(unet)) {
    return `${name} ${sdxl(cn) ? "expects" : "lacks"} SDXL's text_time conditioning but the UNet ${
      sdxl(unet) ? "has" : "does not have"
    } it; use a ControlNet trained for the UNet's base model.`;
  }
  const same = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
  if (
    !same(cn.block_out_channels, unet.block_out_channels) ||
    cn.layers_per_block !== unet.layers_per_block ||
    cn.in_channels !== unet.in_channels
  ) {
    return (
      `${name}'s encoder (block_out_channels [${cn.block_out_channels.join(", ")}], ` +
      `layers_per_block ${cn.layers_per_block}, in_channels ${cn.in_channels}) does not mirror the UNet's ` +
      `([${unet.block_out_channels.join(", ")}], ${unet.layers_per_block}, ${unet.in_channels}), so its residuals cannot be added.`
    );
  }
  return undefined;
}
