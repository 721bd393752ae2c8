/**
 * Minimal client for OpenAI-compatible chat completions (OpenAI, Doubao/Ark,
 * Qwen, vLLM, llama.cpp, Ollama): POST {baseUrl}/chat/completions, with a
 * per-attempt timeout and retries. Any failure of an attempt — network, HTTP
 * status, timeout, or a reply `parse` rejects — counts as one failed attempt.
 */
export interface LlmOptions {
  /** Base URL including the API version, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Per attempt. */
  timeoutMs?: number;
  /** Extra attempts after the first. */
  retries?: number;
  retryDelayMs?: number;
  temperature?: number;
  fetch?: typeof fetch;
}

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export class LlmFailure extends Error {
  readonly attempts: string[];
  constructor(attempts: string[]) {
    super(`LLM backend failed after ${attempts.length} attempt(s): ${attempts.join("; ")}`);
    this.name = "LlmFailure";
    this.attempts = attempts;
  }
}

export const DEFAULT_LLM_TIMEOUT_MS = 20_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `timed out after ${timeoutMs} ms`;
  }
  return error instanceof Error ? error.message : String(error);
}

async function attempt<T>(
  opts: LlmOptions,
  messages: readonly ChatMessage[],
  parse: (content: string) => T,
  timeoutMs: number,
): Promise<T> {
  const doFetch = opts.fetch ?? fetch;
  const signal = AbortSignal.timeout(timeoutMs);
  const response = await doFetch(`${opts.baseUrl.replace(/\/+$/, "")}/chat/completions`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}),
    },
    body: JSON.stringify({
      model: opts.model,
      messages,
      temperature: opts.temperature ?? 0.4,
      response_format: { type: "json_object" },
    }),
    signal,
  });
  // Reading the body is inside the same timeout: a server may stall mid-reply.
  const raw = await response.text();
  if (!response.ok)
    throw new Error(`HTTP ${response.status}${raw ? `: ${raw.slice(0, 120)}` : ""}`);
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new Error("the response body is not JSON");
  }
  const content = extractContent(body);
  return parse(content);
}

function extractContent(body: unknown): string {
  if (
    typeof body === "object" &&
    body !== null &&
    "choices" in body &&
    Array.isArray(body.choices)
  ) {
    const first: unknown = body.choices[0];
    if (typeof first === "object" && first !== null && "message" in first) {
      const message: unknown = first.message;
      if (
        typeof message === "object" &&
        message !== null &&
        "content" in message &&
        typeof message.content === "string"
      ) {
        return message.content;
      }
    }
  }
  throw new Error("the response has no choices[0].message.content");
}

export async function chatJson<T>(
  opts: LlmOptions,
  messages: readonly ChatMessage[],
  parse: (content: string) => T,
): Promise<{ value: T; failures: string[] }> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS;
  const attempts = 1 + (opts.retries ?? 1);
  const failures: string[] = [];
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await sleep(opts.retryDelayMs ?? 500);
    try {
      return { value: await attempt(opts, messages, parse, timeoutMs), failures };
    } catch (error) {
      failures.push(`attempt ${i + 1}: ${describe(error, timeoutMs)}`);
    }
  }
  throw new LlmFailure(failures);
}
