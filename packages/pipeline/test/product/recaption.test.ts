import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cutOutProduct } from "../../src/product/cutout";
import { VlmFailure, describeLocally, describeWithVlm } from "../../src/product/recaption";

type Mode = "good" | "malformed" | "slow" | "429-then-good" | "fenced";
let mode: Mode = "good";
let calls = 0;
const seen: unknown[] = [];

const GOOD = {
  name: "Cold brew coffee bottle",
  category: "beverage",
  material: "amber glass",
  colors: ["dark brown", "kraft beige", "black"],
  details: ["kraft paper label reading COLD BREW", "black screw cap"],
};
const reply = (content: string) =>
  JSON.stringify({ choices: [{ message: { role: "assistant", content } }] });

function handle(req: IncomingMessage, res: ServerResponse) {
  let body = "";
  req.on("data", (c: Buffer) => {
    body += c.toString();
  });
  req.on("end", () => {
    calls++;
    seen.push(JSON.parse(body));
    if (mode === "slow") {
      setTimeout(() => res.end(reply(JSON.stringify(GOOD))), 1500);
      return;
    }
    if (mode === "429-then-good" && calls === 1) {
      res.writeHead(429, { "retry-after": "1" }).end("slow down");
      return;
    }
    if (mode === "malformed") {
      res.end(reply('{"name": "bottle", "colors": "brown"'));
      return;
    }
    const content = JSON.stringify(GOOD);
    res.end(reply(mode === "fenced" ? `\`\`\`json\n${content}\n\`\`\`` : content));
  });
}

const server = createServer(handle);
let baseUrl = "";
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const photo = { bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47]), mime: "image/png" as const };
const opts = () => ({
  baseUrl,
  model: "vision-test",
  apiKey: "k",
  timeoutMs: 500,
  retries: 1,
  retryDelayMs: 10,
});

describe("describeWithVlm against a local OpenAI-compatible server", () => {
  it("sends the photo as an image_url data URL and validates the JSON reply", async () => {
    mode = "good";
    calls = 0;
    seen.length = 0;
    const { description, failures } = await describeWithVlm(photo, "zh", opts());
    expect(description).toEqual(GOOD);
    expect(failures).toEqual([]);
    const sent = JSON.stringify(seen[0]);
    expect(sent).toContain('"type":"image_url"');
    expect(sent).toContain("data:image/png;base64,iVBORw");
    expect(sent).toContain("简体中文");
  });

  it("accepts a reply wrapped in a code fence", async () => {
    mode = "fenced";
    expect((await describeWithVlm(photo, "en", opts())).description.name).toBe(GOOD.name);
  });

  it("retries after 429 and succeeds", async () => {
    mode = "429-then-good";
    calls = 0;
    const { description, failures } = await describeWithVlm(photo, "en", opts());
    expect(description.category).toBe("beverage");
    expect(failures).toEqual(["attempt 1: HTTP 429"]);
  });

  it("fails with every attempt named when the reply is malformed", async () => {
    mode = "malformed";
    const error = await describeWithVlm(photo, "en", opts()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VlmFailure);
    expect((error as VlmFailure).attempts).toEqual([
      "attempt 1: the reply is not JSON",
      "attempt 2: the reply is not JSON",
    ]);
  });

  it("times out a slow server", async () => {
    mode = "slow";
    const error = await describeWithVlm(photo, "en", { ...opts(), retries: 0 }).catch(
      (e: unknown) => e,
    );
    expect((error as VlmFailure).attempts).toEqual(["attempt 1: timed out after 500 ms"]);
  });
});

describe("describeLocally", () => {
  it("names the dominant colours of a product photo and notes the plain backdrop", async () => {
    const examples = fileURLToPath(new URL("../../../../examples/products/", import.meta.url));
    const cut = await cutOutProduct(readFileSync(`${examples}cold-brew-bottle.jpg`));
    const d = describeLocally(cut);
    expect(d.plainBackdrop).toBe(true);
    expect(d.orientation).toBe("tall");
    expect(d.colors.length).toBeGreaterThan(0);
    const names = d.colors.map((c) => c.name).join(", ");
    // The dark glass and the kraft label.
    expect(names).toMatch(/brown|chocolate|coffee|black|espresso|maroon|umber|mahogany/i);
    expect(names).toMatch(/tan|beige|khaki|sand|wheat|kraft/i);
  });
});
