import { z } from "zod";
import { unetConfigSchema } from "../component-configs";

/**
 * diffusers ControlNetModel's config.json (what `save_pretrained` writes
 * beside the weights; copy it into controlnet/ next to model.onnx). The
 * encoder keys are the UNet's; a ControlNet has no up blocks.
 */
export const controlNetConfigSchema = unetConfigSchema
  .omit({ up_block_types: true, out_channels: true })
  .extend({
    _class_name: z.string().optional(),
    _name_or_path: z.string().optional(),
    conditioning_channels: z.number().int().positive().default(3),
    conditioning_embedding_out_channels: z
      .array(z.number().int().positive())
      .min(2)
      .default([16, 32, 96, 256]),
    controlnet_conditioning_channel_order: z.enum(["rgb", "bgr"]).default("rgb"),
    global_pool_conditions: z.boolean().default(false),
  });
export type ControlNetConfig = z.infer<typeof controlNetConfigSchema>;

/** The ControlNet config that matches a UNet (the copy ControlNet training starts from). */
export function controlNetConfigFor(
  unet: z.input<typeof unetConfigSchema>,
  conditioningChannels: number[] = [16, 32, 96, 256],
): ControlNetConfig {
  const { up_block_types: _up, out_channels: _out, ...encoder } = unetConfigSchema.parse(unet);
  return controlNetConfigSchema.parse({
    _class_name: "ControlNetModel",
    ...encoder,
    conditioning_embedding_out_channels: conditioningChannels,
  });
}
