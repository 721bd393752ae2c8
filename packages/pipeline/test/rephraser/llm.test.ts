import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findBannedTerms, rephrase, type LlmOptions } from "../../src/rephraser";
import { CJK_ANYWHERE, containsTerm, loadExample } from "./helpers";

interface Reply {
  status?: number;
  /** Raw HTTP body; `content` wraps a string as an OpenAI chat completion. */
  body?: string;
  content?: string;
  delayMs?: number;
}

/** A local server speaking the chat-completions API, scripted per test. */
let server: Server;
let baseUrl = "";
let script: Reply[] = [];
let requests: Array<{ url: string; auth: string | undefined; body: Record<string, unknown> }> = [];

const completion = (content: string) =>
  JSON.stringify({
    id: "x",
    object: "chat.completion",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
  });

async function handle(req: IncomingMessage, res: ServerResponse) {
  let raw = "";
  for await (const chunk of req) raw += String(chunk);
  requests.push({
    url: req.url ?? "",
    auth: req.headers.authorization,
    body: JSON.parse(raw) as Record<string, unknown>,
  });
  const reply = script[Math.min(requests.length - 1, script.length - 1)] ?? { status: 500 };
  if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
  if (res.destroyed) return;
  res.writeHead(reply.status ?? 200, { "content-type": "application/json" });
  res.end(reply.content !== undefined ? completion(reply.content) : (reply.body ?? ""));
}

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  script = [];
  requests = [];
});

const llm = (): LlmOptions => ({
  baseUrl,
  model: "test-model",
  apiKey: "sk-test",
  timeoutMs: 300,
  retryDelayMs: 5,
});

const goodEn = JSON.stringify({
  subjectDetail: ["beads of condensation on cold glass"],
  setting: ["on a sunlit cafe counter"],
  lighting: ["low warm sunbeams"],
  medium: "editorial beverage photograph",
  copy: [
    { headline: "Cold Brew, Warm Weekend", subline: "Two bottles, one price", cta: "Order now" },
    { headline: "x", subline: "Slow sips for busy weeks", cta: "Order now" },
    { headline: "x", subline: "Your weekend, bottled", cta: "Order now" },
  ],
});

const coffee = loadExample("coffee-en");
const fallbackOf = (r: Awaited<ReturnType<typeof rephrase>>) =>
  r.trace.find((t) => t.action === "fallback");

describe("llm backend", () => {
  it("is told what the product photo shows and keeps the photo's terms in the prompt", async () => {
    script = [{ content: goodEn }];
    const r = await rephrase(
      {
        ...coffee.brief,
        productDescription: { source: "vision", material: "amber glass", colors: ["brown"] },
      },
      coffee.preset,
      { backend: "llm", llm: llm() },
    );
    expect(r.backend).toBe("llm");
    const messages = requests[0]?.body.messages as Array<{ role: string; content: string }>;
    const user = JSON.parse(messages.find((m) => m.role === "user")!.content) as {
      productPhoto?: { material?: string };
    };
    expect(user.productPhoto?.material).toBe("amber glass");
    expect(messages.find((m) => m.role === "system")?.content).toMatch(/productPhoto/);
    expect(r.prompt).toContain("brown amber glass");
  });

  it("uses a good answer: model phrases in the slots, model copy with user fields verbatim", async () => {
    script = [{ content: goodEn }];
    const r = await rephrase(coffee.brief, coffee.preset, { backend: "llm", llm: llm() });
    expect(r.backend).toBe("llm");
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe("/v1/chat/completions");
    expect(requests[0]?.auth).toBe("Bearer sk-test");
    expect(requests[0]?.body).toMatchObject({
      model: "test-model",
      response_format: { type: "json_object" },
    });
    // Each model phrase is in the prompt or was dropped for the 77-token budget, never lost silently.
    const phrases = [
      "beads of condensation on cold glass",
      "on a sunlit cafe counter",
      "low warm sunbeams",
      "editorial beverage photograph",
    ];
    for (const p of phrases) {
      const dropped = r.trace.some(
        (t) => t.action === "dropped" && t.term === p && /77-token budget/.test(t.reason),
      );
      expect(r.prompt.includes(p) || dropped, p).toBe(true);
    }
    expect(phrases.filter((p) => r.prompt.includes(p)).length).toBeGreaterThanOrEqual(2);
    expect(r.prompt).not.toContain("condensation droplets"); // the rules default it replaced
    for (const w of [
      "cold",
      "brew",
      "coffee",
      "glass",
      "bottle",
      "warm",
      "cozy",
      "golden",
      "hour",
      "photography",
    ]) {
      expect(containsTerm(r.prompt, w)).toBe(true);
    }
    expect(r.tokenCount).toBeLessThanOrEqual(77);
    expect(r.copyCandidates.map((c) => c.subline)).toEqual([
      "Two bottles, one price",
      "Slow sips for busy weeks",
      "Your weekend, bottled",
    ]);
    for (const c of r.copyCandidates)
      expect([c.headline, c.cta]).toEqual(["Cold Brew, Warm Weekend", "Order now"]);
  });

  it("accepts JSON wrapped in a Markdown fence", async () => {
    script = [{ content: "```json\n" + goodEn + "\n```" }];
    const r = await rephrase(coffee.brief, coffee.preset, { backend: "llm", llm: llm() });
    expect(r.backend).toBe("llm");
  });

  it.each([
    ["malformed JSON content", { content: '{"subjectDetail": ["a", ' }, /not valid JSON/],
    [
      "missing fields",
      { content: JSON.stringify({ subjectDetail: [], setting: [] }) },
      /does not match the schema/,
    ],
    ["429 rate limit", { status: 429, body: '{"error":"rate limited"}' }, /HTTP 429/],
    ["500 server error", { status: 500, body: "boom" }, /HTTP 500/],
    ["a non-JSON body", { body: "<html>gateway</html>" }, /not JSON/],
    ["no choices", { body: JSON.stringify({ choices: [] }) }, /choices\[0\]/],
  ] as const)(
    "retries once on %s, then falls back to rules with the reason",
    async (_, reply, reason) => {
      script = [reply];
      const rules = await rephrase(coffee.brief, coffee.preset);
      const r = await rephrase(coffee.brief, coffee.preset, { backend: "llm", llm: llm() });
      expect(requests).toHaveLength(2);
      expect(r.backend).toBe("rules");
      expect(fallbackOf(r)?.reason).toMatch(reason);
      expect(fallbackOf(r)?.reason).toMatch(/attempt 2/);
      expect(r.prompt).toBe(rules.prompt);
      expect(r.copyCandidates).toEqual(rules.copyCandidates);
    },
  );

  it("times out a slow server, retries, then falls back", async () => {
    script = [{ content: goodEn, delayMs: 2_000 }];
    const started = Date.now();
    const r = await rephrase(coffee.brief, coffee.preset, { backend: "llm", llm: llm() });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(requests).toHaveLength(2);
    expect(r.backend).toBe("rules");
    expect(fallbackOf(r)?.reason).toMatch(
      /attempt 1: timed out after 300 ms; attempt 2: timed out after 300 ms/,
    );
  });

  it("succeeds on the retry after one bad attempt and notes it", async () => {
    script = [{ content: goodEn, delayMs: 1_000 }, { content: goodEn }];
    const r = await rephrase(coffee.brief, coffee.preset, { backend: "llm", llm: llm() });
    expect(requests).toHaveLength(2);
    expect(r.backend).toBe("llm");
    expect(
      r.trace.some((t) => t.slot === "backend" && /retried: attempt 1: timed out/.test(t.reason)),
    ).toBe(true);
  });

  it("falls back when nothing listens", async () => {
    const r = await rephrase(coffee.brief, coffee.preset, {
      backend: "llm",
      llm: { ...llm(), baseUrl: "http://127.0.0.1:9/v1" },
    });
    expect(r.backend).toBe("rules");
    expect(fallbackOf(r)?.reason).toMatch(/attempt 2/);
  });

  it("filters what the model gets wrong: Chinese phrases, banned claims, wrong language, long lines", async () => {
    const tea = loadExample("tea-zh");
    script = [
      {
        content: JSON.stringify({
          subjectDetail: ["水果切片", "sliced fruit floating in tea"],
          setting: ["on a summer picnic blanket"],
          lighting: ["bright sunlight"],
          medium: "fresh drink photography",
          copy: [
            { headline: "全网最好喝的水果茶", subline: "第二杯半价", cta: "立即购买" },
            { headline: "Fruit tea time", subline: "Second cup half price", cta: "Buy" },
            {
              headline: "一口清爽，夏日水果茶来啦",
              subline: "第二杯半价",
              cta: "立即购买吧快来快来",
            },
            { headline: "夏日水果茶", subline: "第二杯半价", cta: "立即尝鲜" },
          ],
        }),
      },
    ];
    const r = await rephrase(tea.brief, tea.preset, { backend: "llm", llm: llm() });
    expect(r.backend).toBe("llm");
    expect(r.prompt).not.toMatch(CJK_ANYWHERE);
    expect(r.prompt).toContain("sliced fruit floating in tea");
    expect(r.copyCandidates[0]).toEqual({
      headline: "夏日水果茶",
      subline: "第二杯半价",
      cta: "立即尝鲜",
    });
    expect(r.copyCandidates.length).toBeGreaterThanOrEqual(3);
    for (const c of r.copyCandidates) {
      expect(findBannedTerms(c.headline)).toEqual([]);
      expect(c.headline).toMatch(/\p{Script=Han}/u);
    }
    const rejected = r.trace
      .filter((t) => t.action === "dropped" && t.slot === "copy")
      .map((t) => t.reason);
    expect(rejected).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/banned claim/),
        expect.stringMatching(/language/),
        expect.stringMatching(/over \d+ characters/),
      ]),
    );
    expect(r.trace.some((t) => t.action === "dropped" && t.term === "水果切片")).toBe(true);
  });

  it("rejects model headlines that cut the product's name (桂花乌龙茶 → 乌龙茶)", async () => {
    const tea = loadExample("tea-zh");
    script = [
      {
        content: JSON.stringify({
          subjectDetail: ["osmanthus flowers"],
          setting: ["on a tea tray"],
          lighting: ["soft daylight"],
          medium: "tea photography",
          copy: [
            { headline: "乌龙茶，温暖上新", subline: "第二杯半价", cta: "立即购买" },
            { headline: "桂花乌龙茶，温暖上新", subline: "第二杯半价", cta: "立即购买" },
          ],
        }),
      },
    ];
    const brief = { ...tea.brief, product: "桂花乌龙茶" };
    const r = await rephrase(brief, tea.preset, { backend: "llm", llm: llm() });
    expect(r.copyCandidates[0]?.headline).toBe("桂花乌龙茶，温暖上新");
    expect(r.copyCandidates.map((c) => c.headline)).not.toContain("乌龙茶，温暖上新");
    expect(
      r.trace.some((t) => t.action === "dropped" && /cuts the product's name/.test(t.reason)),
    ).toBe(true);
  });

  it("refuses to start without llm options", async () => {
    await expect(rephrase(coffee.brief, coffee.preset, { backend: "llm" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      field: "backend",
    });
  });
});
