import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema";

export type { components, paths };
export type Generation = components["schemas"]["Generation"];
export type ApiError = components["schemas"]["Error"];

export interface ClientOptions {
  /** e.g. https://app.hyperposter.com/api/v1 */
  baseUrl: string;
  /** hp_live_… */
  apiKey: string;
  /** Another fetch (tests, proxies); the global one by default. */
  fetch?: typeof globalThis.fetch;
}

export type HyperposterClient = Client<paths>;

/** A typed client of /api/v1: every path, parameter and body is checked against the API's document. */
export function createHyperposterClient(options: ClientOptions): HyperposterClient {
  return createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { authorization: `Bearer ${options.apiKey}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** Poll a generation until it ends (succeeded, failed or canceled), or until `timeoutMs`. */
export async function waitForGeneration(
  client: HyperposterClient,
  id: string,
  options: { intervalMs?: number; timeoutMs?: number; onProgress?: (g: Generation) => void } = {},
): Promise<Generation> {
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  for (;;) {
    const { data, error } = await client.GET("/generations/{id}", { params: { path: { id } } });
    if (error) throw new Error(error.error.message);
    options.onProgress?.(data);
    if (data.status === "succeeded" || data.status === "failed" || data.status === "canceled")
      return data;
    if (Date.now() > deadline) throw new Error(`Generation ${id} did not finish in time.`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 1_000));
  }
}
