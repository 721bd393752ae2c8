export {
  GenerateCoalescer,
  type BatchInfo,
  type CoalescedResult,
  type CoalescerOptions,
  type RowRunner,
} from "./coalescer";
