import { FileName } from "@hyperposter/domain";
import { z } from "zod";
import { FONT_MAX_BYTES, fontFileLink, listFonts, uploadFont } from "../services/font-files";
import { PRESET_FONTS } from "../services/fonts";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

const maxMb = FONT_MAX_BYTES / 1024 / 1024;

export const fontRouter = createTRPCRouter({
  /** What a preset may be set in: the bundled catalog and the workspace's uploaded fonts. */
  list: workspaceProcedure("VIEWER").query(async ({ ctx }) => ({
    catalog: PRESET_FONTS.map(({ name, script }) => ({ name, script })),
    uploaded: await listFonts(ctx.db, ctx.workspace.id),
  })),

  upload: workspaceProcedure("EDITOR")
    .input(
      z.object({
        fileName: FileName,
        // Base64 is 4/3 of the bytes; the service checks the decoded size exactly.
        contentBase64: z
          .string({ error: "file must be sent as base64 text." })
          .max(Math.ceil((FONT_MAX_BYTES * 4) / 3) + 4, {
            error: `file is larger than ${maxMb} MB; a font may be at most ${maxMb} MB.`,
          }),
      }),
    )
    .mutation(({ ctx, input }) => uploadFont(ctx, ctx.workspace.id, input)),

  /** Where the app's font route reads the bytes from (a short-lived storage link). */
  file: workspaceProcedure("VIEWER")
    .input(z.object({ fontFileId: z.string({ error: "fontFileId must be text." }).min(1).max(40) }))
    .query(({ ctx, input }) => fontFileLink(ctx, ctx.workspace.id, input.fontFileId)),
});
