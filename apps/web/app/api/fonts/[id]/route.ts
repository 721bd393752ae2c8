import { callerFor, errorResponse, relayFromStorage } from "@/server/caller";

export const dynamic = "force-dynamic";

/**
 * A workspace's uploaded font, served from the app's own origin so the preset
 * editor can preview it with the FontFace API (storage links are cross-origin).
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const workspaceSlug = new URL(request.url).searchParams.get("workspace") ?? "";
  try {
    const caller = await callerFor(request);
    const file = await caller.font.file({ workspaceSlug, fontFileId: id });
    return await relayFromStorage(file.url, {
      "content-type": file.mime,
      // Fetched by the FontFace API, never shown: a download if opened, and
      // the browser may not guess another type from the bytes.
      "content-disposition": `attachment; filename="font.${file.mime.split("/")[1] ?? "ttf"}"`,
      "x-content-type-options": "nosniff",
      // A file id always names the same bytes.
      "cache-control": "private, max-age=86400, immutable",
    });
  } catch (error) {
    return errorResponse(error);
  }
}
