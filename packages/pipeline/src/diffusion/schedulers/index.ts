import { DdimScheduler } from "./ddim";
import { EulerAncestralDiscreteScheduler } from "./euler-ancestral-discrete";
import { EulerDiscreteScheduler } from "./euler-discrete";
import { FlowMatchEulerDiscreteScheduler } from "./flow-match-euler-discrete";
import { LcmScheduler } from "./lcm";
import { TcdScheduler } from "./tcd";
import type { Scheduler } from "./types";

export * from "./types";
export { alphasCumprod, type PredictionType, type TimestepSpacing } from "./common";
export {
  EulerDiscreteScheduler,
  eulerDiscreteConfigSchema,
  type EulerDiscreteConfig,
} from "./euler-discrete";
export { EulerAncestralDiscreteScheduler } from "./euler-ancestral-discrete";
export { DdimScheduler, ddimConfigSchema, type DdimConfig } from "./ddim";
export { LcmScheduler, lcmConfigSchema, type LcmConfig } from "./lcm";
export {
  FlowMatchEulerDiscreteScheduler,
  flowMatchEulerConfigSchema,
  flowShiftMu,
  type FlowMatchEulerConfig,
  type FlowScheduleOptions,
} from "./flow-match-euler-discrete";
export { TcdScheduler, tcdConfigSchema, TCD_DEFAULT_ETA, type TcdConfig } from "./tcd";

const byClassName: Record<string, (config: Record<string, unknown>) => Scheduler> = {
  EulerDiscreteScheduler: (c) => new EulerDiscreteScheduler(c),
  EulerAncestralDiscreteScheduler: (c) => new EulerAncestralDiscreteScheduler(c),
  DDIMScheduler: (c) => new DdimScheduler(c),
  LCMScheduler: (c) => new LcmScheduler(c),
  TCDScheduler: (c) => new TcdScheduler(c),
  FlowMatchEulerDiscreteScheduler: (c) => new FlowMatchEulerDiscreteScheduler(c),
};

export const SUPPORTED_SCHEDULERS = Object.keys(byClassName);

/** Builds the scheduler a scheduler_config.json names in `_class_name`. */
export function createScheduler(
  config: Record<string, unknown>,
  classNameOverride?: string,
): Scheduler {
  const name = classNameOverride ?? config["_class_name"];
  if (typeof name !== "string") throw new Error("scheduler config has no _class_name");
  const make = byClassName[name];
  if (!make)
    throw new Error(`unsupported scheduler ${name}; supported: ${SUPPORTED_SCHEDULERS.join(", ")}`);
  return make(config);
}
