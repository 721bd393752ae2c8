import http from "node:http";
import https from "node:https";
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from "request-filtering-agent";
import { signWebhook } from "./signing";
import { checkWebhookUrl, type TargetPolicy } from "./target";

export interface WebhookMessage {
  url: string;
  /** Same id on every attempt: receivers drop duplicates by it. */
  messageId: string;
  /** The JSON body, already serialised, so every attempt signs the same bytes. */
  body: string;
  secret: string;
}

export interface AttemptOptions {
  policy: TargetPolicy;
  timeoutMs?: number;
  /** 307/308 hops followed, each checked like the first URL. */
  maxRedirects?: number;
  now?: () => Date;
}

/**
 * What one attempt ended in. `retry` is worth trying again later; `gone`
 * (410) means the receiver asked us to stop; `refused` means the target is
 * not allowed (private address, bad scheme, too many redirects) and will not
 * become allowed by waiting.
 */
export type AttemptResult =
  | { outcome: "delivered"; status: number; latencyMs: number; finalUrl: string }
  | { outcome: "retry"; status: number | null; latencyMs: number; error: string }
  | { outcome: "gone"; status: 410; latencyMs: number }
  | { outcome: "refused"; status: null; latencyMs: number; error: string };

const RESPONSE_BYTES_READ = 64 * 1024;
const USER_AGENT = "Hyperposter-Webhooks/1";

interface HopResponse {
  status: number;
  location: string | undefined;
}

function agentFor(url: URL, policy: TargetPolicy): http.Agent {
  const filter = {
    allowPrivateIPAddress: policy.allowPrivate,
    allowIPAddressList: [...policy.allowAddresses],
    keepAlive: false,
  };
  return url.protocol === "https:"
    ? new RequestFilteringHttpsAgent(filter)
    : new RequestFilteringHttpAgent(filter);
}

/** One POST; the filtering agent checks the address actually connected to, after DNS. */
function postOnce(
  url: URL,
  headers: Record<string, string>,
  body: string,
  policy: TargetPolicy,
  signal: AbortSignal,
): Promise<HopResponse> {
  const agent = agentFor(url, policy);
  const request = url.protocol === "https:" ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers, signal }, (res) => {
      let read = 0;
      // Read a little of the body (so the socket is released) and drop the rest.
      res.on("data", (chunk: Buffer) => {
        read += chunk.length;
        if (read > RESPONSE_BYTES_READ) res.destroy();
      });
      const done = () => resolve({ status: res.statusCode ?? 0, location: res.headers.location });
      res.on("end", done);
      res.on("close", done);
      res.on("error", done);
    });
    req.on("error", reject);
    req.end(body);
  }).finally(() => agent.destroy()) as Promise<HopResponse>;
}

function isRefusal(error: unknown): boolean {
  return error instanceof Error && /is not allowed\. Because/.test(error.message);
}

/** One delivery attempt, signed with this attempt's timestamp. */
export async function attemptDelivery(
  message: WebhookMessage,
  options: AttemptOptions,
): Promise<AttemptResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  const timestamp = (options.now ?? (() => new Date()))();
  const headers = {
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    ...signWebhook(message.secret, message.messageId, timestamp, message.body),
  };
  const signal = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  const maxRedirects = options.maxRedirects ?? 3;
  let target = message.url;
  for (let hop = 0; ; hop += 1) {
    const check = checkWebhookUrl(target, options.policy);
    if (!check.ok)
      return { outcome: "refused", status: null, latencyMs: latency(), error: check.message };
    let response: HopResponse;
    try {
      response = await postOnce(check.url, headers, message.body, options.policy, signal);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (isRefusal(error))
        return { outcome: "refused", status: null, latencyMs: latency(), error: text };
      const reason = signal.aborted ? `no answer within ${options.timeoutMs ?? 15_000} ms` : text;
      return { outcome: "retry", status: null, latencyMs: latency(), error: reason };
    }
    const { status, location } = response;
    if (status >= 200 && status < 300)
      return { outcome: "delivered", status, latencyMs: latency(), finalUrl: check.url.href };
    if (status === 410) return { outcome: "gone", status: 410, latencyMs: latency() };
    if ((status === 307 || status === 308) && location) {
      if (hop >= maxRedirects)
        return {
          outcome: "refused",
          status: null,
          latencyMs: latency(),
          error: `more than ${maxRedirects} redirects`,
        };
      try {
        target = new URL(location, check.url).href;
      } catch {
        return {
          outcome: "retry",
          status,
          latencyMs: latency(),
          error: `the endpoint answered ${status} with an unreadable Location`,
        };
      }
      continue;
    }
    const note =
      status >= 300 && status < 400
        ? `the endpoint answered ${status}; only 307 and 308 redirects are followed for a POST`
        : `the endpoint answered ${status}`;
    return { outcome: "retry", status, latencyMs: latency(), error: note };
  }
}
