import { EnvSchema } from "@hyperposter/config";
import { z } from "zod";

/**
 * What an operator chooses for a deployment, read from CDK context
 * (`cdk.json` or `-c key=value`). Runtime values the code also reads
 * (visibility timeout, receives before the DLQ) come from the product's own
 * config schema, so the queue and the worker can never disagree.
 */
const int = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

export const DeploySettingsSchema = z.object({
  /** No credentials are needed to synthesize: account and region are plain values. */
  account: z.string().regex(/^\d{12}$/, { error: "must be a 12-digit AWS account id." }),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: "must be an AWS region." }),
  stage: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,15}$/, { error: "must be lowercase letters, digits, dashes." })
    .default("prod"),
  /** The address users reach the app at (a custom domain on the distribution, or its *.cloudfront.net name). */
  appUrl: z.url().refine((u) => u.startsWith("https://"), { error: "must be an https:// URL." }),
  /** The OpenNext output folder (`npm run build:aws`). */
  webBundleDir: z.string().min(1),

  /** GPU instance types, in order of preference (all with one NVIDIA GPU). */
  gpuInstanceTypes: z
    .array(z.string().regex(/^g\d\w*\.\w+$/))
    .min(1)
    .default(["g6.xlarge", "g5.xlarge"]),
  /** On-Demand instances kept below Spot (0: scale to zero really means zero). */
  onDemandBase: int(0, 100, 0),
  /** Share of instances above the base that run On-Demand, in percent (the rest is Spot). */
  onDemandPercentAboveBase: int(0, 100, 30),
  /** The most worker tasks (= GPU instances) the service scales to. */
  workerMaxTasks: int(1, 200, 8),
  /** Jobs waiting per running worker the tracker aims at = acceptable wait ÷ seconds per job. */
  acceptableWaitSeconds: int(5, 3600, 60),
  secondsPerJob: z.coerce.number().min(0.5).max(600).default(6),
  /**
   * ECS stops a task this long after SIGTERM (ECS allows at most 120 s; a Spot
   * notice gives 120 s). The worker drains for this minus `drainMarginSeconds`.
   */
  drainDeadlineSeconds: int(10, 120, 110),
  drainMarginSeconds: int(2, 30, 10),
  /** Aurora Serverless v2 capacity range (ACUs). */
  dbMinCapacity: z.coerce.number().min(0).max(256).default(0.5),
  dbMaxCapacity: z.coerce.number().min(1).max(256).default(8),
  /** Worker container: MiB of memory reserved (a g6.xlarge has 16 GiB). */
  workerMemoryMiB: int(1024, 786432, 12288),
  /** Assets older than this move to S3 Infrequent Access; older than `assetExpireDays` are deleted (0: never). */
  assetInfrequentAccessDays: int(30, 3650, 30),
  assetExpireDays: int(0, 3650, 365),
});
export type DeploySettings = z.infer<typeof DeploySettingsSchema>;

/** The runtime variables infra/ sets from the product's schema: defaults unless context overrides them. */
export const RuntimeSchema = EnvSchema.pick({
  SQS_MAX_RECEIVE_COUNT: true,
  SQS_VISIBILITY_TIMEOUT_SECONDS: true,
  SQS_WAIT_TIME_SECONDS: true,
  JOB_HEARTBEAT_SECONDS: true,
  WORKER_CONCURRENCY: true,
  IMAGE_BACKEND: true,
  HYPERPOSTER_ORT_PROVIDER: true,
  HYPERPOSTER_DIFFUSION_STEPS: true,
  // Cross-job batching (one UNet batch over up to BATCH_MAX queued generations)
  // and text encoders loaded one at a time: GPU-worker knobs an operator tunes per card.
  HYPERPOSTER_BATCH_MAX: true,
  HYPERPOSTER_BATCH_WAIT_MS: true,
  HYPERPOSTER_SEQUENTIAL_ENCODERS: true,
  REPHRASER_BACKEND: true,
  LLM_BASE_URL: true,
  LLM_MODEL: true,
});
export type RuntimeSettings = z.infer<typeof RuntimeSchema>;

export interface Settings {
  deploy: DeploySettings;
  runtime: RuntimeSettings;
}

export class SettingsError extends Error {
  override readonly name = "SettingsError";
}

/** Parse context values (strings from `-c`, or JSON from cdk.json) into settings, one sentence per problem. */
export function parseSettings(context: Record<string, unknown>): Settings {
  const pick = (schema: z.ZodObject) =>
    Object.fromEntries(
      Object.keys(schema.shape)
        .filter((key) => context[key] !== undefined && context[key] !== "")
        .map((key) => [key, listFromString(context[key])]),
    );
  const deploy = DeploySettingsSchema.safeParse(pick(DeploySettingsSchema));
  if (!deploy.success) throw new SettingsError(sentence("context", deploy.error));
  const runtime = RuntimeSchema.safeParse(pick(RuntimeSchema));
  if (!runtime.success) throw new SettingsError(sentence("context", runtime.error));
  const d = deploy.data;
  if (d.drainDeadlineSeconds - d.drainMarginSeconds < 1)
    throw new SettingsError("Deploy setting drainDeadlineSeconds must exceed drainMarginSeconds.");
  if (d.dbMaxCapacity < d.dbMinCapacity)
    throw new SettingsError("Deploy setting dbMaxCapacity must not be below dbMinCapacity.");
  return { deploy: d, runtime: runtime.data };
}

/** `-c gpuInstanceTypes=g6.xlarge,g5.xlarge` arrives as one string. */
function listFromString(value: unknown): unknown {
  return typeof value === "string" && value.includes(",") ? value.split(",") : value;
}

function sentence(where: string, error: z.ZodError): string {
  const issue = error.issues[0];
  return `Deploy setting ${String(issue?.path[0] ?? where)} ${issue?.message ?? "is invalid"}.`.replace(
    /\.\.$/,
    ".",
  );
}

/** The worker drains for the deadline minus a margin to release jobs and close connections. */
export function workerDrainSeconds(deploy: DeploySettings): number {
  return deploy.drainDeadlineSeconds - deploy.drainMarginSeconds;
}

/** Backlog per task the target-tracking policy keeps: acceptable wait ÷ seconds per job. */
export function backlogPerTaskTarget(deploy: DeploySettings): number {
  return Math.max(1, Math.round(deploy.acceptableWaitSeconds / deploy.secondsPerJob));
}
