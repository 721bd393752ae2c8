/**
 * bench:diffusion's IP-Adapter section: the per-step cost of an IP-Adapter
 * UNet (77 + 4 tokens, the image cross-attention in every transformer
 * block) relative to the plain UNet with the same base weights, at 512²
 * (latents 4×64×64), batch 1. Tiny models always; with `full`, the
 * full-size SD 1.5 random-weight pair (~3.5 GB each, external data, built
 * into .models/ when missing, never into git).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { SD15, TINY_SD15, writeModelFolder } from "@hyperposter/pipeline/diffusion/builder";
import { loadModelFolder } from "../src/diffusion/model-folder";
import { createSession, type ExecutionProviderName } from "../src/diffusion/onnx/session";
import { inputSpecs, makeFeed } from "../src/diffusion/onnx/tensors";
import { GaussianStream } from "../src/diffusion/random";
import { crossAttentionLayers } from "../src/diffusion/builder/unet";

async function openUNet(dir: string, provider: ExecutionProviderName) {
  const folder = loadModelFolder(dir);
  const { session, provider: used } = await createSession(folder.unet.modelPath, { provider });
  const specs = inputSpecs(session);
  const spec = (n: string) => {
    const s = specs.get(n);
    if (!s) throw new Error(`unet has no ${n}`);
    return s;
  };
  const dim = folder.unet.config.cross_attention_dim;
  const ip = specs.has("ipadapter_scale");
  const tokens = ip ? 81 : 77;
  const layers = crossAttentionLayers(folder.unet.config);
  const rnd = new GaussianStream(1);
  const feeds = {
    sample: makeFeed(spec("sample"), rnd.fill(4 * 64 * 64), [1, 4, 64, 64]),
    timestep: makeFeed(spec("timestep"), [999], [1]),
    encoder_hidden_states: makeFeed(spec("encoder_hidden_states"), rnd.fill(tokens * dim), [
      1,
      tokens,
      dim,
    ]),
    ...(ip
      ? {
          ipadapter_scale: makeFeed(spec("ipadapter_scale"), new Float32Array(layers).fill(0.7), [
            layers,
          ]),
        }
      : {}),
  };
  await session.run(feeds); // allocation and kernel selection
  return {
    provider: used,
    release: () => session.release(),
    run: async (): Promise<number> => {
      const t0 = performance.now();
      await session.run(feeds);
      return performance.now() - t0;
    },
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2;
};

export async function ipAdapterCost(options: {
  provider: ExecutionProviderName;
  runs: number;
  tmpDir: string;
  fullDir?: string;
  write: (label: string, value: string) => void;
  heading: (text: string) => void;
}): Promise<void> {
  const pairs: { name: string; plain: string; ip: string; runs: number }[] = [];
  const tinyPlain = writeModelFolder(join(options.tmpDir, "tiny-sd15"), TINY_SD15).dir;
  const tinyIp = writeModelFolder(join(options.tmpDir, "tiny-sd15-ip"), TINY_SD15, {
    ipAdapter: true,
  }).dir;
  pairs.push({ name: "tiny SD 1.5", plain: tinyPlain, ip: tinyIp, runs: options.runs });
  if (options.fullDir) {
    const plain = join(options.fullDir, "sd15");
    const ip = join(options.fullDir, "sd15-ip-adapter");
    if (!existsSync(join(plain, "model_index.json")))
      writeModelFolder(plain, SD15, { externalData: true, tiledWeights: true });
    if (!existsSync(join(ip, "model_index.json")))
      writeModelFolder(ip, SD15, { externalData: true, tiledWeights: true, ipAdapter: true });
    pairs.push({
      name: "full SD 1.5 (random weights)",
      plain,
      ip,
      runs: Math.min(options.runs, 3),
    });
  }
  for (const pair of pairs) {
    const plain = await openUNet(pair.plain, options.provider);
    const ip = await openUNet(pair.ip, options.provider);
    // Alternate the two so load on a shared machine hits both alike.
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < pair.runs; i++) {
      a.push(await plain.run());
      b.push(await ip.run());
    }
    await plain.release();
    await ip.release();
    options.heading(
      `IP-Adapter UNet step vs plain UNet, ${pair.name}, 512² batch 1, ${plain.provider}, median of ${pair.runs} alternated runs:`,
    );
    options.write("plain UNet step (77 tokens)", `${median(a).toFixed(1)} ms`);
    options.write("IP-Adapter UNet step (77 + 4)", `${median(b).toFixed(1)} ms`);
    options.write("IP-Adapter / plain", `${(median(b) / median(a)).toFixed(3)}×`);
  }
}
