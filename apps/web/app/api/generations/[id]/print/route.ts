import { env } from "@hyperposter/config";
import {
  DEFAULT_CMYK_ICC,
  PAPER_MM,
  printReadyPdf,
  toCmykPdf,
} from "@hyperposter/pipeline/export/print";
import { callerFor, errorResponse, fileName } from "@/server/caller";

export const dynamic = "force-dynamic";

const text = (status: number, message: string) =>
  new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

async function bytesOf(url: string): Promise<Uint8Array | null> {
  const response = await fetch(url);
  return response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
}

/**
 * A print-ready PDF of one A4/A3 output, made on request from the stored PDF
 * and background layer: 3 mm bleed, crop marks unless `marks=0`, CMYK through
 * Ghostscript with `cmyk=1`. Same tenancy checks as every download.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const url = new URL(request.url);
  const workspaceSlug = url.searchParams.get("workspace") ?? "";
  const outputId = url.searchParams.get("output");
  const marks = url.searchParams.get("marks") !== "0";
  const cmyk = url.searchParams.get("cmyk") === "1";
  try {
    const caller = await callerFor(request);
    const view = await caller.generation.get({ workspaceSlug, generationId: id });
    const output = view.outputs.find((o) => o.id === outputId);
    if (!output) return text(404, "That file is not part of this generation.");
    if (!(output.format in PAPER_MM))
      return text(400, "format must be print-a4 or print-a3 for a print-ready PDF.");
    const pdf = output.files.find((f) => f.role === "ASSET" && f.encoding === "pdf");
    const background = output.files.find((f) => f.role === "BACKGROUND");
    if (!pdf || !background) return text(404, "This output has no stored PDF to make print-ready.");
    const [pdfBytes, backgroundBytes] = await Promise.all([
      bytesOf(pdf.url),
      bytesOf(background.url),
    ]);
    if (!pdfBytes || !backgroundBytes)
      return text(502, "The file could not be read from storage. Try again.");
    let out = await printReadyPdf(
      { pdf: pdfBytes, background: backgroundBytes },
      { trimMm: PAPER_MM[output.format as keyof typeof PAPER_MM], bleedMm: 3, cropMarks: marks },
    );
    if (cmyk) {
      const config = env();
      try {
        out = await toCmykPdf(out, {
          iccProfile: config.PRINT_CMYK_ICC ?? DEFAULT_CMYK_ICC,
          gs: config.GHOSTSCRIPT_PATH,
        });
      } catch (error) {
        console.error("[print] CMYK conversion failed:", error);
        return text(
          503,
          "CMYK conversion is not available on this server (Ghostscript is missing or failed). Download the RGB print PDF, or ask the operator to install Ghostscript.",
        );
      }
    }
    const name =
      fileName(
        "hyperposter",
        output.format,
        `v${output.variant + 1}`,
        view.seed,
        cmyk ? "cmyk" : "rgb",
        "bleed",
      ) + ".pdf";
    return new Response(new Uint8Array(out), {
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="${name}"`,
        "cache-control": "private, no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
