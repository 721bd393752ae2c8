import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/**
 * Where webhooks may go. Outside development only https, and never a
 * private, loopback, link-local (cloud metadata) or otherwise non-public
 * address — checked when the URL is saved and again at every connection
 * (see deliver.ts), since DNS can change between the two.
 */
export interface TargetPolicy {
  /** false only in development, where receivers run on http://localhost. */
  requireHttps: boolean;
  /** Non-public addresses that are allowed anyway (development receivers, tests). */
  allowAddresses: readonly string[];
  /** true only in development: every address is allowed. */
  allowPrivate: boolean;
}

export const PRODUCTION_POLICY: TargetPolicy = {
  requireHttps: true,
  allowAddresses: [],
  allowPrivate: false,
};

export const MAX_URL_LENGTH = 2_000;

export interface TargetProblem {
  message: string;
  messageZh: string;
}

export type TargetCheck = { ok: true; url: URL } | ({ ok: false } & TargetProblem);

function refuse(message: string, messageZh: string): TargetCheck {
  return { ok: false, message, messageZh };
}

/**
 * The kind of a non-public address ("loopback", "private", "linkLocal", …),
 * or null when the policy allows calling it.
 */
export function addressProblem(address: string, policy: TargetPolicy): string | null {
  if (isIP(address) === 0) return "not an IP address";
  if (policy.allowPrivate || policy.allowAddresses.includes(address)) return null;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  return range === "unicast" ? null : range;
}

/** Shape checks that need no network: scheme, credentials, length, IP literals. */
export function checkWebhookUrl(raw: string, policy: TargetPolicy): TargetCheck {
  if (raw.length > MAX_URL_LENGTH)
    return refuse(
      `webhook_url is longer than ${MAX_URL_LENGTH} characters.`,
      `webhook_url 超过 ${MAX_URL_LENGTH} 个字符。`,
    );
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse(
      "webhook_url must be an absolute URL such as https://example.com/hooks.",
      "webhook_url 必须是完整网址，例如 https://example.com/hooks。",
    );
  }
  const schemes = policy.requireHttps ? ["https:"] : ["https:", "http:"];
  if (!schemes.includes(url.protocol))
    return refuse(
      policy.requireHttps ? "webhook_url must use https." : "webhook_url must use http or https.",
      policy.requireHttps ? "webhook_url 必须使用 https。" : "webhook_url 必须使用 http 或 https。",
    );
  if (url.username || url.password)
    return refuse(
      "webhook_url must not contain a user name or password; verify our signature instead.",
      "webhook_url 不能包含用户名或密码；请改为校验我们的签名。",
    );
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) !== 0) {
    const problem = addressProblem(host, policy);
    if (problem) return privateRefusal(`${host} is a ${problem} address`);
  }
  return { ok: true, url };
}

function privateRefusal(problem: string): TargetCheck {
  return refuse(
    `webhook_url must point at a public address (${problem}).`,
    `webhook_url 必须指向公网地址（${problem}）。`,
  );
}

/**
 * The shape checks plus a DNS lookup: every address the name resolves to
 * must be allowed, so a saved endpoint is refused up front rather than
 * failing at its first delivery.
 */
export async function checkWebhookTarget(raw: string, policy: TargetPolicy): Promise<TargetCheck> {
  const shape = checkWebhookUrl(raw, policy);
  if (!shape.ok) return shape;
  const host = shape.url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) !== 0) return shape;
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true });
  } catch {
    return refuse(
      `webhook_url's host ${host} could not be resolved.`,
      `无法解析 webhook_url 的主机 ${host}。`,
    );
  }
  for (const { address } of addresses) {
    const problem = addressProblem(address, policy);
    if (problem) return privateRefusal(`${host} resolves to ${address}, a ${problem} address`);
  }
  return shape;
}

/** The policy for WEBHOOK_ALLOW_LOCAL_TARGETS: strict, or development's anything-goes. */
export function targetPolicy(allowLocalTargets: boolean): TargetPolicy {
  return allowLocalTargets
    ? { requireHttps: false, allowAddresses: [], allowPrivate: true }
    : PRODUCTION_POLICY;
}
