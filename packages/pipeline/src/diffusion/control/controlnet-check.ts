import { ModelFolderError } from "../folder-component";
import type { ModelFolder } from "../model-folder";
import type { IoInfo, OnnxSummary } from "../onnx/inspect";
import { controlLayoutOf, familyOf } from "./controlnet-folder";
import { residualLayout, unetResidualInputNames } from "./residual-layout";

const FLOATS = ["float32", "float16"];
const UNET = "unet/model.onnx";

function find(s: OnnxSummary, kind: "inputs" | "outputs", name: string): IoInfo | undefined {
  return s[kind].find((v) => v.name === name);
}

function need(file: string, s: OnnxSummary, name: string, rank: number): IoInfo {
  const entry = find(s, "inputs", name);
  if (!entry)
    throw new ModelFolderError(
      file,
      `has no input ${name} (it has ${s.inputs.map((v) => v.name).join(", ")}), so it is not a ControlNet export this pipeline can feed.`,
    );
  if (!FLOATS.includes(entry.elemType))
    throw new ModelFolderError(
      file,
      `input ${name} is ${entry.elemType}, but the pipeline feeds ${FLOATS.join(" or ")}.`,
    );
  if (entry.dims.length !== rank)
    throw new ModelFolderError(
      file,
      `input ${name} has rank ${entry.dims.length}, but it must have rank ${rank}.`,
    );
  return entry;
}

function staticAt(entry: IoInfo, axis: number): number | undefined {
  const d = entry.dims[axis];
  return typeof d === "number" ? d : undefined;
}

/** The pipeline feeds RGB control images (controlImageToChw): a ControlNet must take 3 channels. */
function requireRgb(file: string, what: string, channels: number): void {
  if (channels !== 3)
    throw new ModelFolderError(
      file,
      `${what} is ${channels}, but the pipeline feeds 3-channel RGB control images.`,
    );
}

/**
 * model:check for ControlNets: which layout the UNet export has (split
 * residual inputs or ONNX Runtime's fused graph), that the folder holds
 * what that layout needs, and each ControlNet's I/O. Returns one `controls:`
 * entry per ControlNet. Config mismatches (text width, encoder shape) are
 * refused earlier, by loadModelFolder.
 */
export function checkControlNets(
  folder: ModelFolder,
  unet: OnnxSummary,
  inspect: (path: string, name: string) => OnnxSummary,
): string[] {
  const cfg = folder.unet.config;
  const family = familyOf(cfg.cross_attention_dim);
  const layout = controlLayoutOf(unet.inputs.map((v) => v.name));
  if (layout === "none") {
    const first = folder.controlnets[0];
    if (first)
      throw new ModelFolderError(
        UNET,
        `the folder has ${first.name}/ but the UNet has no ControlNet residual inputs (down_block_0 …, mid_block_additional_residual), so it was exported without ControlNet support.`,
      );
    if (folder.fusedControlNames)
      throw new ModelFolderError(
        "unet/controlnets.json",
        "names fused ControlNets but unet/model.onnx has no controlnet_images or controlnet_scales input, so it is not ONNX Runtime's fused UNet+ControlNet graph.",
      );
    return [];
  }
  if (layout === "fused") {
    if (folder.controlnets.length > 0)
      throw new ModelFolderError(
        `${folder.controlnets[0]?.name ?? "controlnet"}/model.onnx`,
        "is a separate ControlNet but the UNet is ONNX Runtime's fused graph (controlnet_images), which carries its ControlNets inside; remove the folder or export the split layout.",
      );
    const images = need(UNET, unet, "controlnet_images", 5);
    const scales = need(UNET, unet, "controlnet_scales", 1);
    const n = staticAt(scales, 0) ?? staticAt(images, 0);
    if (n === undefined)
      throw new ModelFolderError(
        UNET,
        "controlnet_scales has no static length, so the number of fused ControlNets is unknown; export with a fixed count.",
      );
    const nImages = staticAt(images, 0);
    if (nImages !== undefined && nImages !== n)
      throw new ModelFolderError(
        UNET,
        `controlnet_images holds ${nImages} ControlNets but controlnet_scales has ${n} entries.`,
      );
    const names =
      folder.fusedControlNames ?? Array.from({ length: n }, (_, i) => `controlnet_${i}`);
    if (names.length !== n)
      throw new ModelFolderError(
        "unet/controlnets.json",
        `names ${names.length} ControlNets (${names.join(", ")}) but unet/model.onnx's controlnet_scales has ${n}.`,
      );
    const channels = staticAt(images, 2) ?? 3;
    requireRgb(UNET, "controlnet_images' channel axis", channels);
    return names.map(
      (name) => `${name} (fused ControlNet, ${family}, ${channels} conditioning channels)`,
    );
  }
  if (folder.controlnets.length === 0)
    throw new ModelFolderError(
      UNET,
      "takes ControlNet residuals (down_block_0 …, mid_block_additional_residual) but the folder has no controlnet/ or controlnet_<name>/ model to compute them.",
    );
  if (folder.fusedControlNames)
    throw new ModelFolderError(
      "unet/controlnets.json",
      "names fused ControlNets but unet/model.onnx is the split layout (residual inputs); remove the file.",
    );
  const layoutRes = residualLayout(cfg);
  const { down, mid } = unetResidualInputNames(layoutRes.length - 1);
  [...down, mid].forEach((name, k) => {
    const entry = need(UNET, unet, name, 4);
    const want = layoutRes[k]?.channels;
    const got = staticAt(entry, 1);
    if (got !== undefined && got !== want)
      throw new ModelFolderError(
        UNET,
        `input ${name} has ${got} channels, but unet/config.json's blocks give ${String(want)}.`,
      );
  });
  const extra = unet.inputs.find((v) => /^down_block_\d+$/.test(v.name) && !down.includes(v.name));
  if (extra)
    throw new ModelFolderError(
      UNET,
      `input ${extra.name} is beyond the ${down.length} down residuals that unet/config.json's blocks make.`,
    );
  return folder.controlnets.map((cn) => {
    const file = `${cn.name}/model.onnx`;
    const s = inspect(cn.modelPath, cn.name);
    need(file, s, "sample", 4);
    need(file, s, "encoder_hidden_states", 3);
    if (!find(s, "inputs", "timestep"))
      throw new ModelFolderError(file, "has no input timestep, so it is not a ControlNet export.");
    const cond = need(file, s, "controlnet_cond", 4);
    const condChannels = staticAt(cond, 1);
    if (condChannels !== undefined && condChannels !== cn.config.conditioning_channels)
      throw new ModelFolderError(
        file,
        `input controlnet_cond has ${condChannels} channels, but ${cn.name}/config.json's conditioning_channels is ${cn.config.conditioning_channels}.`,
      );
    requireRgb(`${cn.name}/config.json`, "conditioning_channels", cn.config.conditioning_channels);
    if (s.outputs.length !== down.length + 1)
      throw new ModelFolderError(
        file,
        `has ${s.outputs.length} outputs, but the UNet takes ${down.length} down-block residuals and one mid-block residual.`,
      );
    return `${cn.name} (split ControlNet, ${familyOf(cn.config.cross_attention_dim)}, ${cn.config.conditioning_channels} conditioning channels)`;
  });
}
