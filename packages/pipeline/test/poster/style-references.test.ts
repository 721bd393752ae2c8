import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BrandPreset, Brief, type PosterCopy, type Rephrased } from "@hyperposter/domain";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ProceduralBackend } from "../../src/backgrounds";
import { decodeReference } from "../../src/diffusion";
import type { ImageBackend, RenderRequest } from "../../src/image-backend/types";
import { generatePosterSet } from "../../src/poster";
import { cutOutProduct } from "../../src/product/cutout";

// The preset's references and the brief's product reach every render request;
// the procedural backend ignores both and paints exactly what it did before.

const examples = fileURLToPath(new URL("../../../../examples/", import.meta.url));
const preset = (JSON.parse(readFileSync(`${examples}presets.json`, "utf8")) as unknown[])
  .map((p) => BrandPreset.parse(p))
  .find((p) => p.slug === "roastery")!;
const copy: PosterCopy = { headline: "Cold Brew Weekend", cta: "Order now" };
const rephrased: Rephrased = {
  prompt: "a sunlit cafe table",
  negativePrompt: "text, watermark",
  copy,
  copyCandidates: [copy],
  tokenCount: 10,
  trace: [],
  warnings: [],
  backend: "rules",
};

/** Passes every request to the procedural backend and keeps a copy of it. */
class RecordingBackend implements ImageBackend {
  readonly name = "recording";
  readonly requests: RenderRequest[] = [];
  private readonly inner = new ProceduralBackend();
  render(request: RenderRequest, options?: Parameters<ImageBackend["render"]>[1]) {
    this.requests.push(request);
    return this.inner.render(request, options);
  }
}

async function referencePng(): Promise<Buffer> {
  // A grey PNG with alpha: decodeReference must drop the alpha and keep 3 channels.
  return sharp({
    create: {
      width: 37,
      height: 23,
      channels: 4,
      background: { r: 200, g: 40, b: 90, alpha: 0.5 },
    },
  })
    .png()
    .toBuffer();
}

async function productPng(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="200"><rect x="30" y="20" width="60" height="160" rx="12" fill="#2a6"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

describe(
  "style references and the product cut-out on render requests",
  { timeout: 120_000 },
  () => {
    it("passes them on every request; the procedural backend's output is unchanged", async () => {
      const reference = await decodeReference(await referencePng());
      expect(reference.width).toBe(37);
      expect(reference.height).toBe(23);
      expect(reference.data.length).toBe(37 * 23 * 3);
      expect([...reference.data.subarray(0, 3)]).toEqual([200, 40, 90]);
      const cutout = await cutOutProduct(await productPng());
      const brief = Brief.parse({ product: "cold brew", formats: ["instagram-square"] });
      const base = {
        brief,
        preset,
        rephrased,
        product: { cutout },
        seed: 11,
        variants: 1,
        formats: brief.formats,
        ocr: false,
        encodings: () => ["png" as const],
      };

      const recording = new RecordingBackend();
      const styleReferences = [
        { image: reference, strength: 0.6 },
        { image: reference, strength: 0.25 },
      ];
      const withRefs = await generatePosterSet({ ...base, backend: recording, styleReferences });
      expect(recording.requests.length).toBeGreaterThan(0);
      for (const request of recording.requests) {
        expect(request.styleReferences).toBe(styleReferences);
        expect(request.productZone).toBeDefined();
        expect(request.productCutout).toBe(cutout.image);
      }

      const plainBackend = new RecordingBackend();
      const plain = await generatePosterSet({ ...base, backend: plainBackend });
      for (const request of plainBackend.requests) expect(request.styleReferences).toBeUndefined();
      // Same seed, same plan: the procedural backend ignores references, so the posters are byte-identical.
      expect(withRefs.assets.length).toBe(1);
      expect(Buffer.from(withRefs.assets[0]!.files[0]!.bytes)).toEqual(
        Buffer.from(plain.assets[0]!.files[0]!.bytes),
      );
    });
  },
);
