import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, DevEnvSchema, EnvSchema, loadEnv } from "../src/env";

const valid = {
  DATABASE_URL: "postgres://u:p@localhost:5432/db",
  SQS_QUEUE_URL: "http://127.0.0.1:45660/000000000000/hyperposter-jobs",
  SQS_DLQ_URL: "http://127.0.0.1:45660/000000000000/hyperposter-jobs-dlq",
  S3_BUCKET: "hyperposter-assets",
};

function configErrorOf(source: Record<string, string | undefined>): ConfigError {
  try {
    loadEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadEnv", () => {
  it("applies defaults", () => {
    const env = loadEnv(valid);
    expect(env.WEB_PORT).toBe(3000);
    expect(env.S3_FORCE_PATH_STYLE).toBe(false);
    expect(env.IMAGE_BACKEND).toBe("procedural");
    // Cross-job diffusion batching is off unless asked for.
    expect(env.HYPERPOSTER_BATCH_MAX).toBe(1);
    expect(env.HYPERPOSTER_BATCH_WAIT_MS).toBe(50);
  });

  it("reads the diffusion batch size and wait, within bounds", () => {
    const env = loadEnv({ ...valid, HYPERPOSTER_BATCH_MAX: "4", HYPERPOSTER_BATCH_WAIT_MS: "20" });
    expect(env.HYPERPOSTER_BATCH_MAX).toBe(4);
    expect(env.HYPERPOSTER_BATCH_WAIT_MS).toBe(20);
    expect(configErrorOf({ ...valid, HYPERPOSTER_BATCH_MAX: "0" }).message).toMatch(
      /HYPERPOSTER_BATCH_MAX/,
    );
    expect(configErrorOf({ ...valid, HYPERPOSTER_BATCH_WAIT_MS: "-1" }).message).toMatch(
      /HYPERPOSTER_BATCH_WAIT_MS/,
    );
  });

  it("parses the ControlNet settings and refuses a malformed entry", () => {
    expect(loadEnv(valid).HYPERPOSTER_CONTROLNET).toBeUndefined();
    expect(
      loadEnv({ ...valid, HYPERPOSTER_CONTROLNET: "canny:0.8:0-1, layout:0.5:0-0.6,seg" })
        .HYPERPOSTER_CONTROLNET,
    ).toEqual([
      { name: "canny", scale: 0.8, start: 0, end: 1 },
      { name: "layout", scale: 0.5, start: 0, end: 0.6 },
      { name: "seg", scale: 1, start: 0, end: 1 },
    ]);
    for (const bad of ["canny:3", "canny:0.8:0.7-0.2", "Canny", "canny:0.5:0-1.5"])
      expect(configErrorOf({ ...valid, HYPERPOSTER_CONTROLNET: bad }).message).toMatch(
        /HYPERPOSTER_CONTROLNET.*must be name\[:scale\[:start-end\]\]/,
      );
  });

  it("names a missing variable in one sentence", () => {
    const error = configErrorOf({ ...valid, DATABASE_URL: undefined });
    expect(error.variable).toBe("DATABASE_URL");
    expect(error.message).toBe("Configuration error: DATABASE_URL is required but not set.");
  });

  it("names a malformed variable", () => {
    const error = configErrorOf({ ...valid, WEB_PORT: "eighty" });
    expect(error.variable).toBe("WEB_PORT");
    expect(error.message).toMatch(/^Configuration error: WEB_PORT .+\.$/);
    expect(error.message.split(". ").length).toBe(1);
  });

  it("rejects a non-postgres database URL", () => {
    expect(configErrorOf({ ...valid, DATABASE_URL: "mysql://x" }).message).toBe(
      "Configuration error: DATABASE_URL must be a postgres:// URL.",
    );
  });

  it("requires an endpoint and a model for the llm rephraser", () => {
    expect(configErrorOf({ ...valid, REPHRASER_BACKEND: "llm" }).message).toBe(
      "Configuration error: LLM_BASE_URL is required when REPHRASER_BACKEND is llm.",
    );
    expect(
      configErrorOf({
        ...valid,
        REPHRASER_BACKEND: "llm",
        LLM_BASE_URL: "http://127.0.0.1:11434/v1",
      }).variable,
    ).toBe("LLM_MODEL");
  });

  it("requires a model folder for the diffusion backend", () => {
    expect(configErrorOf({ ...valid, IMAGE_BACKEND: "diffusion" }).variable).toBe(
      "HYPERPOSTER_MODEL_DIR",
    );
  });

  it(".env.example documents exactly the variables the schema reads", () => {
    const example = readFileSync(new URL("../../../.env.example", import.meta.url), "utf8");
    const documented = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect(new Set(documented)).toEqual(
      new Set([...Object.keys(EnvSchema.shape), ...Object.keys(DevEnvSchema.shape)]),
    );
  });
});

describe("production refuses an http APP_URL", () => {
  const base = {
    DATABASE_URL: "postgres://u:p@db:5432/hp",
    SQS_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/1/q",
    SQS_DLQ_URL: "https://sqs.us-east-1.amazonaws.com/1/dlq",
    S3_BUCKET: "assets",
  };

  it("stops with one sentence naming APP_URL", () => {
    for (const APP_URL of ["http://app.example.com", "http://localhost:3000", undefined]) {
      let error: unknown;
      try {
        loadEnv({ ...base, NODE_ENV: "production", APP_URL });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe("APP_URL");
      expect((error as Error).message).toMatch(
        /^Configuration error: APP_URL must be an https:\/\//,
      );
    }
  });

  it("accepts https in production and http (localhost) outside it", () => {
    expect(
      loadEnv({ ...base, NODE_ENV: "production", APP_URL: "https://app.example.com" }).APP_URL,
    ).toBe("https://app.example.com");
    expect(loadEnv({ ...base, NODE_ENV: "development" }).APP_URL).toBe("http://localhost:3000");
    const env = loadEnv({ ...base });
    expect(env.TRUSTED_PROXY_HOPS).toBe(0);
    expect(env.WORKER_HEALTH_HOST).toBe("127.0.0.1");
    expect(env.OPS_TOKEN).toBeUndefined();
  });
});
