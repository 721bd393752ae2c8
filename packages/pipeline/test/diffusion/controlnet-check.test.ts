import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TINY_SD } from "@hyperposter/pipeline/diffusion/builder";
import { checkModelFolder } from "../../src/diffusion/model-check";
import { tinyModelDir } from "./tiny-models";

/*
 * model:check on ControlNet folders: the `controls:` entries of each accepted
 * layout, and one sentence naming the file for each mismatch. The mismatched
 * folders are copies of tiny builder folders with one file changed.
 */

const models = tinyModelDir();
let plainDir: string;
let splitDir: string;
let fusedDir: string;
const names = ["controlnet_canny", "controlnet_layout"];
const tiny = "a 32-wide text conditioning";

function variant(from: string, name: string, change: (dir: string) => void): string {
  const dir = join(from, "..", name);
  cpSync(from, dir, { recursive: true });
  change(dir);
  return dir;
}

function editJson(path: string, change: (v: Record<string, unknown>) => void): void {
  const v = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  change(v);
  writeFileSync(path, JSON.stringify(v));
}

beforeAll(() => {
  plainDir = models.build("plain", TINY_SD);
  splitDir = models.build("split", TINY_SD, { controlnet: { layout: "split", names } });
  fusedDir = models.build("fused", TINY_SD, { controlnet: { layout: "fused", names } });
}, 120_000);

afterAll(() => models.cleanup());

describe("model:check names a folder's ControlNets", () => {
  it("accepts the split layout: one entry per controlnet_<name>/ with its family and conditioning channels", () => {
    const report = checkModelFolder(splitDir);
    expect(report.controls).toEqual([
      `controlnet_canny (split ControlNet, ${tiny}, 3 conditioning channels)`,
      `controlnet_layout (split ControlNet, ${tiny}, 3 conditioning channels)`,
    ]);
    expect(report.components.map((c) => c.name)).toEqual(
      expect.arrayContaining(["unet", ...names]),
    );
  });

  it("accepts the fused layout with the names from unet/controlnets.json", () => {
    expect(checkModelFolder(fusedDir).controls).toEqual([
      `controlnet_canny (fused ControlNet, ${tiny}, 3 conditioning channels)`,
      `controlnet_layout (fused ControlNet, ${tiny}, 3 conditioning channels)`,
    ]);
    // Without controlnets.json the graph's ControlNets are numbered.
    const unnamed = variant(fusedDir, "fused-unnamed", (d) =>
      rmSync(join(d, "unet", "controlnets.json")),
    );
    expect(checkModelFolder(unnamed).controls).toEqual([
      `controlnet_0 (fused ControlNet, ${tiny}, 3 conditioning channels)`,
      `controlnet_1 (fused ControlNet, ${tiny}, 3 conditioning channels)`,
    ]);
    expect(checkModelFolder(plainDir).controls).toEqual([]);
  });

  it("refuses an SD 1.5 ControlNet (768) beside an SD-Turbo / SD 2.1 UNet (1024)", () => {
    const dir = variant(splitDir, "sd15-cn-on-turbo", (d) => {
      // Widths as the real configs have them; only the configs are read before the refusal.
      editJson(join(d, "unet", "config.json"), (v) => (v["cross_attention_dim"] = 1024));
      editJson(join(d, "text_encoder", "config.json"), (v) => (v["hidden_size"] = 1024));
      editJson(join(d, "controlnet_canny", "config.json"), (v) => (v["cross_attention_dim"] = 768));
    });
    expect(() => checkModelFolder(dir)).toThrow(
      "controlnet_canny/config.json: controlnet_canny is a ControlNet for SD 1.x (SD 1.5, Hyper-SD15) " +
        "(cross_attention_dim 768) but the UNet is SD 2.x (SD 2.1, SD-Turbo) (cross_attention_dim 1024); " +
        "use a ControlNet trained for the UNet's base model.",
    );
  });

  it("refuses a ControlNet whose block_out_channels differ from the UNet's", () => {
    const dir = variant(splitDir, "narrow-cn", (d) =>
      editJson(
        join(d, "controlnet_layout", "config.json"),
        (v) => (v["block_out_channels"] = [32, 32]),
      ),
    );
    expect(() => checkModelFolder(dir)).toThrow(
      "controlnet_layout/config.json: controlnet_layout's encoder (block_out_channels [32, 32], " +
        "layers_per_block 1, in_channels 4) does not mirror the UNet's ([32, 64], 1, 4), so its residuals cannot be added.",
    );
  });

  it("refuses a UNet with residual inputs and no controlnet/", () => {
    const dir = variant(splitDir, "no-cn", (d) => {
      for (const n of names) rmSync(join(d, n), { recursive: true });
    });
    expect(() => checkModelFolder(dir)).toThrow(
      "unet/model.onnx: takes ControlNet residuals (down_block_0 …, mid_block_additional_residual) " +
        "but the folder has no controlnet/ or controlnet_<name>/ model to compute them.",
    );
  });

  it("refuses a controlnet/ beside a UNet exported without residual inputs", () => {
    const dir = variant(plainDir, "cn-on-plain", (d) =>
      cpSync(join(splitDir, "controlnet_canny"), join(d, "controlnet_canny"), { recursive: true }),
    );
    expect(() => checkModelFolder(dir)).toThrow(
      "unet/model.onnx: the folder has controlnet_canny/ but the UNet has no ControlNet residual inputs",
    );
  });

  it("refuses a fused UNet whose controlnets.json count differs from controlnet_scales", () => {
    const dir = variant(fusedDir, "fused-three", (d) =>
      writeFileSync(
        join(d, "unet", "controlnets.json"),
        JSON.stringify({ controlnets: [...names, "controlnet_depth"] }),
      ),
    );
    expect(() => checkModelFolder(dir)).toThrow(
      "unet/controlnets.json: names 3 ControlNets (controlnet_canny, controlnet_layout, controlnet_depth) " +
        "but unet/model.onnx's controlnet_scales has 2.",
    );
  });

  it("refuses a split ControlNet folder beside a fused UNet", () => {
    const dir = variant(fusedDir, "fused-plus-split", (d) =>
      cpSync(join(splitDir, "controlnet_canny"), join(d, "controlnet_canny"), { recursive: true }),
    );
    expect(() => checkModelFolder(dir)).toThrow(
      /controlnet_canny\/model\.onnx: is a separate ControlNet but the UNet is ONNX Runtime's fused graph/,
    );
  });
});
