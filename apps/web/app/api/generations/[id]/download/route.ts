import { callerFor, errorResponse, EXTENSION, fileName, relayFromStorage } from "@/server/caller";

export const dynamic = "force-dynamic";

/** One output file as an attachment, fetched from storage through the same tenancy checks as the UI. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const url = new URL(request.url);
  const workspaceSlug = url.searchParams.get("workspace") ?? "";
  const outputId = url.searchParams.get("output");
  const encoding = url.searchParams.get("encoding") ?? "png";
  try {
    const caller = await callerFor(request);
    const view = await caller.generation.get({ workspaceSlug, generationId: id });
    const output = view.outputs.find((o) => o.id === outputId);
    const file = output?.files.find((f) => f.role === "ASSET" && f.encoding === encoding);
    if (!output || !file)
      return new Response("That file is not part of this generation.", { status: 404 });
    const name =
      fileName("hyperposter", output.format, `v${output.variant + 1}`, view.seed) +
      `.${EXTENSION[encoding] ?? encoding}`;
    return await relayFromStorage(file.url, {
      "content-type": file.mime,
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "private, no-store",
    });
  } catch (error) {
    return errorResponse(error);
  }
}
