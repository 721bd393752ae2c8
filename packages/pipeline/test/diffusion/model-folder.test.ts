import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  countParameters,
  SD_TURBO,
  TINY_SD,
  TINY_SDXL,
} from "@hyperposter/pipeline/diffusion/builder";
import { checkModelFolder } from "../../src/diffusion/model-check";
import { loadModelFolder, ModelFolderError } from "../../src/diffusion/model-folder";
import { inspectOnnx } from "../../src/diffusion/onnx/inspect";
import { inputSpecs, makeFeed } from "../../src/diffusion/onnx/tensors";
import { DiffusionPipeline } from "../../src/diffusion/pipeline";
import { createSession } from "../../src/diffusion/onnx/session";
import { tinyModelDir } from "./tiny-models";

const models = tinyModelDir();
let good: string;
let xl: string;

beforeAll(() => {
  good = models.build("good", TINY_SD, { tinyVae: true, externalData: true });
  xl = models.build("xl", TINY_SDXL, { dtype: "float16" });
});
afterAll(() => models.cleanup());

/** A fresh copy of the good folder to break in one place. */
function broken(name: string, breakIt: (dir: string) => void): string {
  const dir = models.build(name, TINY_SD, { tinyVae: true, externalData: true });
  breakIt(dir);
  return dir;
}

function errorOf(fn: () => unknown): ModelFolderError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ModelFolderError) return error;
    throw error;
  }
  throw new Error("expected a ModelFolderError");
}

describe("model folder layout (optimum export)", () => {
  it("loads the SD layout with configs, pad token and native size", () => {
    const f = loadModelFolder(good);
    expect(f.isXl).toBe(false);
    expect(f.tokenizer.padToken).toBe("!");
    expect(f.vaeScaleFactor).toBe(8);
    expect(f.nativeSize).toBe(128);
    expect(f.tinyVaeDecoder?.config._class_name).toBe("AutoencoderTiny");
    expect(existsSync(join(good, "unet", "model.onnx_data"))).toBe(true);
  });

  it("checks every component's I/O and counts parameters without running", () => {
    const report = checkModelFolder(good);
    expect(report.components.map((c) => c.name)).toEqual([
      "text_encoder",
      "unet",
      "vae_decoder",
      "vae_decoder_tiny",
    ]);
    const unet = report.components.find((c) => c.name === "unet");
    expect(unet?.inputs.map((i) => i.name)).toEqual([
      "sample",
      "timestep",
      "encoder_hidden_states",
    ]);
    expect(unet?.parameters).toBe(countParameters(TINY_SD)["unet"]);
    expect(unet?.externalFiles).toEqual(["model.onnx_data"]);
    const xlReport = checkModelFolder(xl);
    expect(xlReport.folder.isXl).toBe(true);
    expect(xlReport.folder.tokenizer2?.padToken).toBe("!");
    expect(
      xlReport.components
        .find((c) => c.name === "unet")
        ?.inputs.map((i) => `${i.name}:${i.elemType}`),
    ).toEqual([
      "sample:float16",
      "timestep:float16",
      "encoder_hidden_states:float16",
      "text_embeds:float16",
      "time_ids:float16",
    ]);
  });

  it("full SD-Turbo / SD 2.1 graphs match the real parameter counts (UNet ≈ 865.9 M)", () => {
    const counts = countParameters(SD_TURBO);
    // diffusers' UNet2DConditionModel for SD 2.1: 865,910,724 parameters.
    expect(Math.abs((counts["unet"] as number) / 865_910_724 - 1)).toBeLessThan(0.01);
    // OpenCLIP ViT-H text tower as transformers' CLIPTextModel (23 layers): 340.4 M.
    expect(Math.abs((counts["text_encoder"] as number) / 340_387_840 - 1)).toBeLessThan(0.01);
    // AutoencoderKL decoder + post_quant_conv: 49.5 M.
    expect(Math.abs((counts["vae_decoder"] as number) / 49_490_199 - 1)).toBeLessThan(0.01);
  });
});

describe("model folder errors name the file at fault", () => {
  it.each([
    ["unet/model.onnx", (d: string) => rmSync(join(d, "unet", "model.onnx"))],
    ["tokenizer/merges.txt", (d: string) => rmSync(join(d, "tokenizer", "merges.txt"))],
    ["model_index.json", (d: string) => rmSync(join(d, "model_index.json"))],
    [
      "scheduler/scheduler_config.json",
      (d: string) => rmSync(join(d, "scheduler", "scheduler_config.json")),
    ],
    [
      "vae_decoder/config.json",
      (d: string) => writeFileSync(join(d, "vae_decoder", "config.json"), "{ not json"),
    ],
  ])("missing or unreadable %s", (file, breakIt) => {
    const dir = broken(`missing-${file.replaceAll("/", "-")}`, breakIt);
    const error = errorOf(() => loadModelFolder(dir));
    expect(error.file).toBe(file);
  });

  it("inconsistent configs: cross_attention_dim vs text encoder width", () => {
    const dir = broken("xattn", (d) => {
      const path = join(d, "unet", "config.json");
      const cfg = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
      writeFileSync(path, JSON.stringify({ ...cfg, cross_attention_dim: 48 }));
    });
    const error = errorOf(() => loadModelFolder(dir));
    expect(error.file).toBe("unet/config.json");
    expect(error.message).toMatch(/cross_attention_dim 48/);
  });

  it("unsupported scheduler class", () => {
    const dir = broken("sched", (d) => {
      writeFileSync(
        join(d, "scheduler", "scheduler_config.json"),
        JSON.stringify({ _class_name: "PNDMScheduler" }),
      );
    });
    expect(errorOf(() => loadModelFolder(dir)).message).toMatch(/PNDMScheduler is not supported/);
  });

  it("a truncated external data file", () => {
    const dir = broken("truncated", (d) =>
      writeFileSync(join(d, "unet", "model.onnx_data"), Buffer.alloc(16)),
    );
    const error = errorOf(() => checkModelFolder(dir));
    expect(error.file).toBe("unet/model.onnx");
    expect(error.message).toMatch(/shorter/);
  });

  it("a model with the wrong inputs in a component's place", async () => {
    const dir = broken("swapped", (d) =>
      copyFileSync(join(d, "vae_decoder_tiny", "model.onnx"), join(d, "unet", "model.onnx")),
    );
    const error = errorOf(() => checkModelFolder(dir));
    expect(error.file).toBe("unet/model.onnx");
    expect(error.message).toMatch(/missing input sample/);
    const wrong = broken("swapped-run", (d) =>
      copyFileSync(join(d, "text_encoder", "model.onnx"), join(d, "vae_decoder", "model.onnx")),
    );
    // The text encoder's weights are external: bring them along so only the I/O is wrong.
    copyFileSync(
      join(wrong, "text_encoder", "model.onnx_data"),
      join(wrong, "vae_decoder", "model.onnx_data"),
    );
    await expect(DiffusionPipeline.load(wrong)).rejects.toThrow(
      /vae_decoder\/model.onnx: missing input latent_sample/,
    );
  });

  it("a feed of the wrong shape is refused before ONNX Runtime sees it", async () => {
    const { session } = await createSession(join(good, "unet", "model.onnx"), { provider: "cpu" });
    const spec = inputSpecs(session).get("sample");
    if (!spec) throw new Error("no sample input");
    expect(() => makeFeed(spec, new Float32Array(3 * 8 * 8), [1, 3, 8, 8])).toThrow(/dim 1 = 4/);
    expect(() => makeFeed(spec, new Float32Array(10), [1, 4, 8, 8])).toThrow(/10 values/);
    await session.release();
  });

  it("an unavailable execution provider falls back to cpu and says so", async () => {
    const logs: string[] = [];
    const loaded = await createSession(join(good, "vae_decoder", "model.onnx"), {
      provider: "cuda",
      log: (m) => logs.push(m),
    });
    expect(loaded.provider).toBe("cpu");
    expect(logs.join("\n")).toMatch(/cuda failed to load .*falling back to cpu/);
    await loaded.session.release();
  });
});

const systemOnnx = (() => {
  try {
    execFileSync("/usr/bin/python3", ["-c", "import onnx"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

// Debian's python3-onnx (onnx 1.12: IR 8, opset 17) validates the bytes we write; skipped where it is not installed.
describe.skipIf(!systemOnnx)("onnx.checker (python3-onnx)", () => {
  it("accepts every built model, inline and external, fp32 and fp16", () => {
    const paths = [
      ...["text_encoder", "unet", "vae_decoder", "vae_decoder_tiny"].map((c) =>
        join(good, c, "model.onnx"),
      ),
      ...["text_encoder", "text_encoder_2", "unet", "vae_decoder"].map((c) =>
        join(xl, c, "model.onnx"),
      ),
    ];
    const script =
      "import sys, onnx\nfor p in sys.argv[1:]:\n    onnx.checker.check_model(p, full_check=True)\nprint('ok', len(sys.argv) - 1)";
    const out = execFileSync("/usr/bin/python3", ["-c", script, ...paths], { encoding: "utf8" });
    expect(out.trim()).toBe(`ok ${paths.length}`);
    expect(inspectOnnx(paths[1] as string).opset).toBe(17);
  });
});
