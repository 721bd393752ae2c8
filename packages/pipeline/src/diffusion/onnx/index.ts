export {
  createSession,
  type ExecutionProviderName,
  type LoadedSession,
  type SessionConfig,
} from "./session";
export { inputSpecs, makeFeed, readFloat, type FeedType, type InputSpec } from "./tensors";
export { float16BitsToFloat32, float32ToFloat16Bits, fromFloat16, toFloat16 } from "./fp16";
export { decodeModel, encodeModel, type ModelMessage } from "./proto";
