/**
 * "Describe my product photo": an OpenAI-compatible vision chat endpoint
 * (VLM_BASE_URL, VLM_MODEL, VLM_API_KEY) is sent the photo as an `image_url`
 * data URL and asked for JSON (product name, category, material, colours,
 * notable details) in the brief's language; the reply is validated with zod.
 * Each attempt has a timeout; failures (network, HTTP status incl. 429,
 * timeout, malformed JSON) are retried, then reported. Without an endpoint,
 * `describeLocally` still gives the dominant colours named with the colour
 * lexicon, the aspect and whether the backdrop was plain.
 */
import type { BriefProductDescription } from "@hyperposter/domain";
import { z } from "zod";
import { nameColor } from "../rephraser/color-names";
import type { Cutout } from "./cutout";
import { dominantColors } from "./palette";

export const ProductDescription = z.object({
  name: z.string().trim().min(1).max(120),
  category: z.string().trim().min(1).max(60),
  material: z.string().trim().max(80).optional(),
  colors: z.array(z.string().trim().min(1).max(40)).max(8),
  details: z.array(z.string().trim().min(1).max(160)).max(8),
});
export type ProductDescription = z.infer<typeof ProductDescription>;

export interface VlmOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs?: number;
  /** Extra attempts after the first. */
  retries?: number;
  retryDelayMs?: number;
  fetch?: typeof fetch;
}

export class VlmFailure extends Error {
  constructor(readonly attempts: string[]) {
    super(`vision endpoint failed after ${attempts.length} attempt(s): ${attempts.join("; ")}`);
    this.name = "VlmFailure";
  }
}

const PROMPTS = {
  en:
    "You describe product photos for a marketing brief. Answer with one JSON object only: " +
    '{"name": short product name, "category": product category, "material": main material if visible, ' +
    '"colors": colour words, "details": notable visible details}. Describe only what is visible. Answer in English.',
  zh:
    "你为营销简报描述商品照片。只回答一个 JSON 对象：" +
    '{"name": 简短商品名, "category": 品类, "material": 可见的主要材质, "colors": 颜色词, "details": 可见的显著细节}。' +
    "只描述照片中可见的内容。用简体中文回答。",
} as const;

function contentOf(body: unknown): string {
  const parsed = z
    .object({ choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1) })
    .safeParse(body);
  if (!parsed.success) throw new Error("the response has no choices[0].message.content");
  return parsed.data.choices[0]?.message.content ?? "";
}

export function parseDescription(content: string): ProductDescription {
  // Some servers wrap JSON in a code fence even when asked not to.
  const text = content.replace(/^\s*```(?:json)?\s*|\s*```\s*$/g, "");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error("the reply is not JSON");
  }
  const r = ProductDescription.safeParse(json);
  if (!r.success)
    throw new Error(
      `the reply does not match the schema (${r.error.issues[0]?.path.join(".") ?? "?"})`,
    );
  return r.data;
}

/** Asks the vision endpoint to describe the photo (PNG or JPEG bytes). */
export async function describeWithVlm(
  photo: { bytes: Uint8Array; mime: "image/png" | "image/jpeg" },
  language: "en" | "zh",
  opts: VlmOptions,
): Promise<{ description: ProductDescription; failures: string[] }> {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const attempts = 1 + (opts.retries ?? 1);
  const dataUrl = `data:${photo.mime};base64,${Buffer.from(photo.bytes).toString("base64")}`;
  const body = JSON.stringify({
    model: opts.model,
    temperature: 0.2,
    response_format: { type: "json_object" },
    messages: [
      { role: "system", content: PROMPTS[language] },
      {
        role: "user",
        content: [
          {
            type: "text",
            text: language === "zh" ? "描述这张商品照片。" : "Describe this product photo.",
          },
          { type: "image_url", image_url: { url: dataUrl } },
        ],
      },
    ],
  });
  const failures: string[] = [];
  for (let i = 0; i < attempts; i++) {
    try {
      const response = await doFetch(`${opts.baseUrl.replace(/\/+$/, "")}/chat/completions`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}),
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const raw = await response.text();
      if (!response.ok) {
        // 429: wait what the server asks (capped), then try again.
        const after = Number(response.headers.get("retry-after"));
        if (response.status === 429 && i + 1 < attempts && after > 0)
          await new Promise((r) => setTimeout(r, Math.min(after * 1000, 5000)));
        throw new Error(`HTTP ${response.status}`);
      }
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw new Error("the response body is not JSON");
      }
      return { description: parseDescription(contentOf(json)), failures };
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      failures.push(
        `attempt ${i + 1}: ${timedOut ? `timed out after ${timeoutMs} ms` : error instanceof Error ? error.message : String(error)}`,
      );
      if (i + 1 < attempts) await new Promise((r) => setTimeout(r, opts.retryDelayMs ?? 300));
    }
  }
  throw new VlmFailure(failures);
}

export interface LocalDescription {
  /** Dominant colours, most covering first, each with its lexicon name. */
  colors: Array<{ hex: string; name: string; share: number }>;
  /** Width / height of the cut-out product. */
  aspect: number;
  orientation: "tall" | "wide" | "square";
  plainBackdrop: boolean;
  backdrop: Cutout["backdrop"];
}

/** What the photo says without any model: colours, shape, backdrop. */
export function describeLocally(cutout: Cutout): LocalDescription {
  const aspect = cutout.image.width / Math.max(1, cutout.image.height);
  return {
    colors: dominantColors(cutout.image).map((c) => ({
      hex: c.hex,
      name: nameColor(c.hex).name,
      share: Math.round(c.weight * 100) / 100,
    })),
    aspect: Math.round(aspect * 100) / 100,
    orientation: aspect < 0.8 ? "tall" : aspect > 1.25 ? "wide" : "square",
    plainBackdrop: cutout.backdrop !== "busy",
    backdrop: cutout.backdrop,
  };
}

/**
 * The local analysis as the brief's product description: the distinct colour
 * names of the three most covering colours (what the rephraser is fed when no
 * vision endpoint described the photo).
 */
export function briefDescriptionFromLocal(local: LocalDescription): BriefProductDescription {
  const colors = [...new Set(local.colors.map((c) => c.name).filter(Boolean))].slice(0, 3);
  return { source: "local", colors, details: [] };
}
