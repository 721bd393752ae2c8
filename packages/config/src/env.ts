import { z } from "zod";

/**
 * Every environment variable the product reads, validated once at start-up.
 * `.env.example` at the repository root documents each with its default; keep
 * the two in step (a test checks they list the same names).
 */
const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const bool = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0"])
    .default(fallback ? "true" : "false")
    .transform((v) => v === "true" || v === "1");
const url = z.url({ error: "must be a URL." });
const optionalUrl = url.optional();

export const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace"]).default("info"),

  DATABASE_URL: z
    .string({ error: "is required (a postgres:// URL)." })
    .regex(/^postgres(ql)?:\/\/.+/, { error: "must be a postgres:// URL." }),

  AWS_REGION: z.string().min(1).default("us-east-1"),
  /** Set for the embedded queue/storage server; unset in production (AWS endpoints). */
  SQS_ENDPOINT: optionalUrl,
  SQS_QUEUE_URL: url,
  SQS_DLQ_URL: url,
  S3_ENDPOINT: optionalUrl,
  S3_BUCKET: z.string().min(3).max(63),
  S3_FORCE_PATH_STYLE: bool(false),
  /** Lifetime of presigned asset URLs. */
  ASSET_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(604800).default(3600),

  WEB_PORT: port(3000),
  /** Base URL the web app is reached at (links in logs and invitations). */
  APP_URL: url.default("http://localhost:3000"),
  /**
   * Proxies in front of the web app that each append the address they saw to
   * X-Forwarded-For (an AWS ALB: 1). The client is the Nth address from the
   * right; 0 ignores the header (no proxy, development).
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Bearer token that shows /api/health and /status details and the worker's /metrics. */
  OPS_TOKEN: z.string().min(16, { error: "must be at least 16 characters." }).optional(),
  /** Largest request body of an ordinary API call, and of a file upload (font, logo). */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(104857600).default(1048576),
  UPLOAD_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(104857600).default(26214400),
  /** 0 picks any free port (tests that run several workers). */
  /** Credits a workspace created at sign-up starts with (0: none until granted). */
  SIGNUP_CREDITS: z.coerce.number().int().min(0).max(100000).default(100),
  /** Clerk: all unset runs local accounts; CLERK_JWT_KEY verifies session tokens without a network call. */
  CLERK_SECRET_KEY: z.string().optional(),
  CLERK_JWT_KEY: z.string().optional(),
  CLERK_WEBHOOK_SIGNING_SECRET: z.string().optional(),
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: z.string().optional(),
  /** Outgoing mail (verification, password reset, invitations): smtp:// or smtps://user:pass@host:port. Unset: nothing is sent, a line is logged. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, { error: "must be an smtp:// or smtps:// URL." })
    .optional(),
  /** The From: of every message. */
  MAIL_FROM: z.string().min(3).default("Hyperposter <no-reply@hyperposter.local>"),
  /** Development only: the folder the local SMTP server of `npm run dev` stores messages in, shown at /dev/mailbox. */
  DEV_MAILBOX_DIR: z.string().optional(),
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** Interface the worker's /healthz, /readyz and /metrics listen on (0.0.0.0 for a scraper elsewhere). */
  WORKER_HEALTH_HOST: z.string().min(1).default("127.0.0.1"),
  /** How often the worker writes its heartbeat, and when /api/health calls it stale. */
  WORKER_HEARTBEAT_MS: z.coerce.number().int().min(500).max(60000).default(5000),
  WORKER_STALE_AFTER_MS: z.coerce.number().int().min(1000).default(15000),
  /** Jobs one worker runs at once (a GPU worker: usually one). */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(10).default(1),
  /** SIGTERM: how long in-flight jobs may run on before they are released to the queue. */
  WORKER_DRAIN_SECONDS: z.coerce.number().int().min(0).max(3600).default(25),
  /**
   * Set by the ECS agent inside a task: the worker then turns on task
   * scale-in protection while it holds a job. Unset elsewhere.
   */
  ECS_AGENT_URI: optionalUrl,
  /** Run the OCR read-back in the quality gate (tests and benchmarks turn it off). */
  WORKER_OCR: bool(true),
  /** Long-poll wait; SQS allows 0–20. */
  SQS_WAIT_TIME_SECONDS: z.coerce.number().int().min(0).max(20).default(20),
  /** Visibility a received job gets, renewed by the heartbeat; also the claim's lease. */
  SQS_VISIBILITY_TIMEOUT_SECONDS: z.coerce.number().int().min(2).max(43200).default(60),
  /**
   * Receives after which SQS moves a job to the dead-letter queue. The queue's
   * redrive policy is built from this value (the embedded stack and infra/).
   */
  SQS_MAX_RECEIVE_COUNT: z.coerce.number().int().min(1).max(1000).default(5),
  /** How often a running job renews its visibility and lease. */
  JOB_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(3600).default(20),
  /** Transient failures come back after base × 2^(receives − 1) seconds, at most max. */
  JOB_RETRY_BASE_SECONDS: z.coerce.number().int().min(0).max(3600).default(5),
  JOB_RETRY_MAX_SECONDS: z.coerce.number().int().min(0).max(43200).default(300),
  /** The worker's outbox dispatcher polls this often (the web app also nudges it). */
  OUTBOX_DISPATCH_INTERVAL_MS: z.coerce.number().int().min(50).max(600000).default(1000),
  /** REST API: requests one key may make per window (a fixed window per key, kept in PostgreSQL). */
  API_RATE_LIMIT_POINTS: z.coerce.number().int().min(1).max(100000).default(30),
  API_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  /** The worker delivers due webhooks this often. */
  WEBHOOK_DISPATCH_INTERVAL_MS: z.coerce.number().int().min(50).max(600000).default(1000),
  /**
   * Development only: webhooks may also go over http and to loopback or
   * private addresses (a receiver on localhost). Refused in production.
   */
  WEBHOOK_ALLOW_LOCAL_TARGETS: bool(false),
  /** The sweeper re-sends a generation left QUEUED (or with a dead lease) this long. */
  SWEEPER_INTERVAL_MS: z.coerce.number().int().min(100).max(3600000).default(60000),
  SWEEPER_STALE_AFTER_SECONDS: z.coerce.number().int().min(1).max(86400).default(600),
  /** Re-sends before the sweeper gives up and fails the generation. */
  SWEEPER_MAX_RESENDS: z.coerce.number().int().min(0).max(100).default(3),

  IMAGE_BACKEND: z.enum(["procedural", "diffusion"]).default("procedural"),
  HYPERPOSTER_MODEL_DIR: z.string().optional(),
  /** s3://bucket/prefix/ the worker copies the model folder from into HYPERPOSTER_MODEL_DIR at start. */
  HYPERPOSTER_MODEL_S3_URI: z
    .string()
    .regex(/^s3:\/\/[a-z0-9.-]{3,63}(\/.*)?$/, { error: "must be an s3://bucket/prefix URI." })
    .optional(),
  HYPERPOSTER_ORT_PROVIDER: z.enum(["cpu", "cuda", "tensorrt", "webgpu"]).default("cpu"),
  HYPERPOSTER_TRT_CACHE_DIR: z.string().optional(),
  /** The upload-check pool's worker file, when a bundler moved the pipeline's sources (read by the pipeline itself). */
  HYPERPOSTER_INTAKE_WORKER: z.string().optional(),
  /** Denoising steps for distilled models (SD-Turbo: 1–4, Hyper-SD: 1–8). */
  HYPERPOSTER_DIFFUSION_STEPS: z.coerce.number().int().min(1).max(50).default(4),
  /** Load, run and release the text encoders one at a time per new prompt, the denoiser released meanwhile (small GPUs). */
  HYPERPOSTER_SEQUENTIAL_ENCODERS: bool(false),
  /**
   * Diffusion: most images one UNet batch merges across concurrent jobs (the
   * worker then takes up to this many jobs at once). 1 = no cross-job batching.
   */
  HYPERPOSTER_BATCH_MAX: z.coerce.number().int().min(1).max(16).default(1),
  /** Diffusion: how long the oldest waiting render waits for other jobs to join its batch. */
  HYPERPOSTER_BATCH_WAIT_MS: z.coerce.number().int().min(0).max(10000).default(50),

  /**
   * Diffusion: which ControlNets of the model folder run, comma-separated
   * name:scale:start-end (name = the folder name with or without controlnet_,
   * e.g. "canny:0.8:0-1,layout:0.5:0-0.6"; scale defaults to 1, the step range
   * to 0-1). Unset: every ControlNet whose name says its control image, at
   * scale 1. A name the folder lacks stops the worker at start-up.
   */
  HYPERPOSTER_CONTROLNET: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const out: { name: string; scale: number; start: number; end: number }[] = [];
      for (const entry of v.split(",").map((e) => e.trim())) {
        if (entry === "") continue;
        const m = /^([a-z0-9][a-z0-9_-]*)(?::([0-9.]+))?(?::([0-9.]+)-([0-9.]+))?$/.exec(entry);
        const scale = Number(m?.[2] ?? 1);
        const start = Number(m?.[3] ?? 0);
        const end = Number(m?.[4] ?? 1);
        if (!m || !(scale >= 0 && scale <= 2) || !(start >= 0 && end <= 1 && start <= end)) {
          ctx.addIssue({
            code: "custom",
            message: `entry "${entry}" must be name[:scale[:start-end]] with scale 0–2 and 0 ≤ start ≤ end ≤ 1 (e.g. canny:0.8:0-1).`,
          });
          return z.NEVER;
        }
        out.push({ name: m[1] as string, scale, start, end });
      }
      return out;
    }),

  /**
   * Diffusion: a DPT / Depth-Anything ONNX export (pixel_values → predicted_depth)
   * that makes the depth control image for a controlnet_depth.
   */
  HYPERPOSTER_DEPTH_MODEL: z.string().min(1).optional(),

  /** rules (deterministic, default) or llm (an OpenAI-compatible chat-completions endpoint). */
  REPHRASER_BACKEND: z.enum(["rules", "llm"]).default("rules"),
  /** e.g. https://api.openai.com/v1, https://ark.cn-beijing.volces.com/api/v3, http://localhost:11434/v1 */
  LLM_BASE_URL: optionalUrl,
  LLM_MODEL: z.string().min(1).optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(500).max(120000).default(15000),

  /** An ONNX salient-object / background-removal model (U²-Net, IS-Net, BiRefNet, RMBG) for product cut-outs. */
  SEGMENTATION_MODEL: z.string().min(1).optional(),
  /** Its input side when the model does not fix it (most exports: 1024; U²-Net: 320). */
  SEGMENTATION_SIZE: z.coerce.number().int().min(32).max(2048).optional(),
  /** imagenet (U²-Net, BiRefNet, RMBG-2.0) or half (IS-Net, RMBG-1.4: mean 0.5, std 1). */
  SEGMENTATION_NORMALISATION: z.enum(["imagenet", "half"]).default("imagenet"),
  /** An OpenAI-compatible vision chat endpoint that describes product photos. */
  VLM_BASE_URL: optionalUrl,
  VLM_MODEL: z.string().min(1).optional(),
  VLM_API_KEY: z.string().min(1).optional(),
  VLM_TIMEOUT_MS: z.coerce.number().int().min(500).max(120000).default(30000),
  /** The printer's CMYK output profile for print-ready PDFs; Ghostscript's own CMYK profile otherwise. */
  PRINT_CMYK_ICC: z.string().min(1).optional(),
  /** The Ghostscript binary CMYK conversion runs. */
  GHOSTSCRIPT_PATH: z.string().min(1).default("gs"),

  /** Stripe: unset runs billing in local mode (plans and credits work, `npm run billing` grants). */
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  /** The signing secret of the webhook endpoint (/api/webhooks/stripe), whsec_… */
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** Recurring prices of the plans (Free has none), and one-time prices of the credit packs. */
  STRIPE_PRICE_PRO: z.string().min(1).optional(),
  STRIPE_PRICE_TEAM: z.string().min(1).optional(),
  STRIPE_PRICE_AGENCY: z.string().min(1).optional(),
  /** Agency's metered price, attached to its subscription; billed from the meter below. */
  STRIPE_PRICE_AGENCY_OVERAGE: z.string().min(1).optional(),
  STRIPE_PRICE_PACK_100: z.string().min(1).optional(),
  STRIPE_PRICE_PACK_500: z.string().min(1).optional(),
  /** The Billing Meter's event_name that overage credits are reported under. */
  STRIPE_METER_EVENT_NAME: z.string().min(1).default("hyperposter_overage_credits"),
  /** Tests only: send Stripe API calls to a local server (http://127.0.0.1:PORT) instead of api.stripe.com. */
  STRIPE_API_BASE: optionalUrl,
  /** After a failed subscription payment the plan stays this many days, then drops to Free. */
  BILLING_GRACE_DAYS: z.coerce.number().int().min(0).max(60).default(7),
});
export type Env = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, sentence: string) {
    super(sentence);
    this.name = "ConfigError";
    this.variable = variable;
  }
}

/**
 * Parse the environment. A missing or malformed variable throws a ConfigError
 * whose message is one sentence naming it.
 */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings mean "not set", as in most .env tooling.
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ""),
  );
  const result = EnvSchema.safeParse(cleaned);
  if (result.success) {
    const env = result.data;
    if (env.REPHRASER_BACKEND === "llm" && (!env.LLM_BASE_URL || !env.LLM_MODEL)) {
      const missing = env.LLM_BASE_URL ? "LLM_MODEL" : "LLM_BASE_URL";
      throw new ConfigError(
        missing,
        `Configuration error: ${missing} is required when REPHRASER_BACKEND is llm.`,
      );
    }
    if (env.IMAGE_BACKEND === "diffusion" && !env.HYPERPOSTER_MODEL_DIR) {
      throw new ConfigError(
        "HYPERPOSTER_MODEL_DIR",
        "Configuration error: HYPERPOSTER_MODEL_DIR is required when IMAGE_BACKEND is diffusion.",
      );
    }
    if (env.HYPERPOSTER_MODEL_S3_URI && !env.HYPERPOSTER_MODEL_DIR) {
      throw new ConfigError(
        "HYPERPOSTER_MODEL_DIR",
        "Configuration error: HYPERPOSTER_MODEL_DIR is required when HYPERPOSTER_MODEL_S3_URI is set (the folder the model is copied to).",
      );
    }
    if (env.NODE_ENV === "production" && env.WEBHOOK_ALLOW_LOCAL_TARGETS) {
      throw new ConfigError(
        "WEBHOOK_ALLOW_LOCAL_TARGETS",
        "Configuration error: WEBHOOK_ALLOW_LOCAL_TARGETS must not be true in production (webhooks could reach private addresses).",
      );
    }
    if (env.NODE_ENV === "production" && new URL(env.APP_URL).protocol !== "https:") {
      throw new ConfigError(
        "APP_URL",
        "Configuration error: APP_URL must be an https:// URL in production (session cookies are Secure only over https).",
      );
    }
    return env;
  }
  const issue = result.error.issues[0];
  const variable = String(issue?.path[0] ?? "environment");
  const problem =
    issue?.code === "invalid_type" && cleaned[variable] === undefined
      ? "is required but not set."
      : (issue?.message ?? "is invalid.");
  const sentence = `Configuration error: ${variable} ${problem.replace(/^Invalid input:?\s*/i, "is invalid: ")}`;
  throw new ConfigError(variable, sentence.endsWith(".") ? sentence : `${sentence}.`);
}

let cached: Env | undefined;

/** The process's environment, parsed once. */
export function env(): Env {
  cached ??= loadEnv();
  return cached;
}

/** For processes: print the one sentence and exit instead of a stack trace. */
export function envOrExit(): Env {
  try {
    return env();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/** Variables only the embedded stack (`npm run dev`, tests) reads. */
export const DevEnvSchema = z.object({
  HYPERPOSTER_DATA_DIR: z.string().optional(),
  EMBEDDED_PG_PORT: port(54329),
  EMBEDDED_TEST_PG_PORT: port(54339),
  FAUXQS_PORT: port(45660),
});
export type DevEnv = z.infer<typeof DevEnvSchema>;

export function loadDevEnv(source: Record<string, string | undefined> = process.env): DevEnv {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ""),
  );
  const result = DevEnvSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const variable = String(result.error.issues[0]?.path[0] ?? "environment");
  throw new ConfigError(variable, `Configuration error: ${variable} is invalid.`);
}
