import { mkdirSync } from "node:fs";
import * as ort from "onnxruntime-node";

export type ExecutionProviderName = "cpu" | "cuda" | "tensorrt";

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
 * Creates a session on the configured provider. A provider whose shared
 * library cannot load (the CPU-only package, no CUDA/TensorRT on the host)
 * throws inside ORT; that is logged and the session is created on CPU so a
 * misconfigured worker degrades instead of crash-looping.
 */
export async function createSession(
  modelPath: string,
  config: SessionConfig,
): Promise<LoadedSession> {
  const log = config.log ?? ((m: string) => console.warn(m));
  const base: ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: "all",
    ...(config.intraOpThreads ? { intraOpNumThreads: config.intraOpThreads } : {}),
  };
  if (config.provider !== "cpu") {
    if (config.provider === "tensorrt") configureTensorRt(config);
    try {
      const session = await ort.InferenceSession.create(modelPath, {
        ...base,
        executionProviders: providerList(config),
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
