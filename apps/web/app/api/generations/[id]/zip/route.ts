import { zip, type Zippable } from "fflate";
import { callerFor, errorResponse, EXTENSION, fileName } from "@/server/caller";
import { copySheet } from "@/server/copy-sheet";

export const dynamic = "force-dynamic";

function zipAsync(files: Zippable): Promise<Uint8Array> {
  // Images and PDFs are already compressed; storing them keeps the zip fast.
  return new Promise((resolve, reject) =>
    zip(files, { level: 0 }, (e, data) => (e ? reject(e) : resolve(data))),
  );
}

/** Every asset of a generation in one zip, folder per format, with copy.json and copy.txt. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const workspaceSlug = new URL(request.url).searchParams.get("workspace") ?? "";
  try {
    const caller = await callerFor(request);
    const [view, source] = await Promise.all([
      caller.generation.get({ workspaceSlug, generationId: id }),
      caller.generation.source({ workspaceSlug, generationId: id }),
    ]);
    const files: Zippable = {};
    await Promise.all(
      view.outputs.flatMap((output) =>
        output.files
          .filter((f) => f.role === "ASSET")
          .map(async (file) => {
            const response = await fetch(file.url);
            if (!response.ok) throw new Error(`storage answered ${response.status}`);
            const name =
              fileName(output.format, `v${output.variant + 1}`) +
              `.${EXTENSION[file.encoding] ?? file.encoding}`;
            files[`${output.format}/${name}`] = new Uint8Array(await response.arrayBuffer());
          }),
      ),
    );
    if (Object.keys(files).length === 0)
      return new Response("This generation has no files yet.", { status: 404 });
    const sheet = copySheet(view, source);
    const text = new TextEncoder();
    files["copy.json"] = text.encode(sheet.json);
    files["copy.txt"] = text.encode(sheet.txt);
    const archive = await zipAsync(files);
    return new Response(Buffer.from(archive), {
      headers: {
        "content-type": "application/zip",
        "content-disposition": `attachment; filename="${fileName("hyperposter", id, view.seed)}.zip"`,
        "cache-control": "private, no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
