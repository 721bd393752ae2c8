import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ort from "onnxruntime-node";

export const EXECUTION_PROVIDERS = ["cpu", "cuda", "tensorrt", "webgpu"] as const;
export type ExecutionProviderName = (typeof EXECUTION_PROVIDERS)[number];

export interface SessionConfig {
  provider: ExecutionProviderName;
  deviceId?: number;
  /** TensorRT engine cache folder: engines take minutes to build, so they must survive restarts. */
  trtCacheDir?: string;
  /** Let TensorRT build fp16 engines (its main speed lever on fp32 exports). */
  trtFp16?: boolean;
  intraOpThreads?: number;
  log?: (message: string) => void;
}

export interface LoadedSession {
  session: ort.InferenceSession;
  /** The provider that actually loaded (after any fallback). */
  provider: ExecutionProviderName;
}

function providerList(config: SessionConfig): ort.InferenceSession.ExecutionProviderConfig[] {
  const deviceId = config.deviceId ?? 0;
  if (config.provider === "cpu") return ["cpu"];
  if (config.provider === "cuda") return [{ name: "cuda", deviceId }, "cpu"];
  // Bundled with onnxruntime-node (Dawn over Vulkan); ops it lacks run on CPU.
  if (config.provider === "webgpu") return [{ name: "webgpu" }, "cpu"];
  // Nodes TensorRT cannot take fall through to CUDA, then CPU.
  return [{ name: "tensorrt", deviceId }, { name: "cuda", deviceId }, "cpu"];
}

/**
 * TensorRT's engine cache and fp16 switches: the Node binding forwards only
 * deviceId for tensorrt, and the TensorRT EP reads these documented
 * ORT_TENSORRT_* variables as its options when the process sets them.
 */
function configureTensorRt(config: SessionConfig): void {
  if (config.trtCacheDir) {
    mkdirSync(config.trtCacheDir, { recursive: true });
    process.env["ORT_TENSORRT_ENGINE_CACHE_ENABLE"] = "1";
    process.env["ORT_TENSORRT_CACHE_PATH"] = config.trtCacheDir;
  }
  if (config.trtFp16) process.env["ORT_TENSORRT_FP16_ENABLE"] = "1";
}

/**
 * Dawn's Vulkan backend reads XDG_RUNTIME_DIR (the loader and Mesa's
 * drivers keep caches there) and fails to find an adapter in a service
 * environment that has none, so give it a private writable folder.
 */
function configureWebGpu(): void {
  if (process.env["XDG_RUNTIME_DIR"]) return;
  const dir = join(tmpdir(), `hyperposter-xdg-${process.getuid?.() ?? "user"}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  process.env["XDG_RUNTIME_DIR"] = dir;
}

/**
 * Creates a session on the configured provider. A provider whose shared
 * library cannot load (the CPU-only package, no CUDA/TensorRT on the host)
 * throws inside ORT; that is logged and the session is created on CPU so a
 * misconfigured worker degrades instead of crash-looping.
 */
export async function createSession(
  modelPath: string,
  config: SessionConfig,
  /**
   * Outputs that feed another session on the same device: on webgpu they
   * stay GPU buffers (`preferredOutputLocation: "gpu-buffer"`), elsewhere
   * they come back to the host as usual.
   */
  outputsOnDevice: readonly string[] = [],
): Promise<LoadedSession> {
  const log = config.log ?? ((m: string) => console.warn(m));
  const base: ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: "all",
    ...(config.intraOpThreads ? { intraOpNumThreads: config.intraOpThreads } : {}),
  };
  if (config.provider !== "cpu") {
    if (config.provider === "tensorrt") configureTensorRt(config);
    if (config.provider === "webgpu") configureWebGpu();
    try {
      const onDevice = config.provider === "webgpu" && outputsOnDevice.length > 0;
      const session = await ort.InferenceSession.create(modelPath, {
        ...base,
        executionProviders: providerList(config),
        ...(onDevice
          ? {
              preferredOutputLocation: Object.fromEntries(
                outputsOnDevice.map((name) => [name, "gpu-buffer" as const]),
              ),
            }
          : {}),
      });
      return { session, provider: config.provider };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log(
        `onnx: execution provider ${config.provider} failed to load for ${modelPath} (${reason.split("\n")[0]}); falling back to cpu`,
      );
    }
  }
  const session = await ort.InferenceSession.create(modelPath, {
    ...base,
    executionProviders: ["cpu"],
  });
  return { session, provider: "cpu" };
}

export interface WebGpuProbe {
  available: boolean;
  /** "ok", or the first line of ONNX Runtime's error. */
  reason: string;
}

/**
 * Whether the bundled WebGPU provider finds an adapter (a Vulkan driver:
 * a GPU's, or Mesa's lavapipe) by opening `modelPath` on it alone.
 */
export async function probeWebGpu(modelPath: string): Promise<WebGpuProbe> {
  configureWebGpu();
  try {
    const session = await ort.InferenceSession.create(modelPath, {
      executionProviders: [{ name: "webgpu" }],
    });
    await session.release();
    return { available: true, reason: "ok" };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { available: false, reason: reason.split("\n")[0] ?? reason };
  }
}
