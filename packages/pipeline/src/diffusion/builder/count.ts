import { buildClipText } from "./clip-text";
import { GraphBuilder } from "./graph";
import type { ModelPreset } from "./presets";
import { buildUNet } from "./unet";
import { buildVaeDecoder } from "./vae-decoder";

/** Parameter counts of a preset's graphs, without generating any weights. */
export function countParameters(preset: ModelPreset): Record<string, number> {
  const count = (build: (g: GraphBuilder) => void): number => {
    const g = new GraphBuilder("count", { weightType: "float32", seed: 0, countOnly: true });
    build(g);
    return g.parameterCount;
  };
  const out: Record<string, number> = {
    text_encoder: count((g) =>
      buildClipText(g, preset.textEncoder, {
        outputType: "float32",
        withProjection: false,
        hiddenStates: false,
      }),
    ),
    unet: count((g) =>
      buildUNet(g, preset.unet, { sampleType: "float32", timestepType: "float32" }),
    ),
    vae_decoder: count((g) => buildVaeDecoder(g, preset.vae, "float32")),
  };
  const te2 = preset.textEncoder2;
  if (te2)
    out["text_encoder_2"] = count((g) =>
      buildClipText(g, te2, { outputType: "float32", withProjection: true, hiddenStates: true }),
    );
  return out;
}
