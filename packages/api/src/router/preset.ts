import { FileName } from "@hyperposter/domain";
import { z } from "zod";
import { uploadLogo } from "../services/files";
import {
  PresetInput,
  createPreset,
  duplicatePreset,
  getPreset,
  listPresets,
  listVersions,
  compareVersions,
  restoreVersion,
  setArchived,
  updatePreset,
} from "../services/presets";
import { STYLE_REFERENCE_MAX_BYTES, uploadStyleReference } from "../services/style-references";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

const PresetId = z.object({
  presetId: z.string({ error: "presetId must be text." }).min(1).max(40),
});

const Version = z.number().int().min(1).max(1_000_000);

export const presetRouter = createTRPCRouter({
  list: workspaceProcedure("VIEWER")
    .input(z.object({ includeArchived: z.boolean().default(false) }))
    .query(({ ctx, input }) => listPresets(ctx, ctx.workspace.id, input)),

  get: workspaceProcedure("VIEWER")
    .input(PresetId)
    .query(({ ctx, input }) => getPreset(ctx, ctx.workspace.id, input.presetId)),

  versions: workspaceProcedure("VIEWER")
    .input(PresetId)
    .query(({ ctx, input }) => listVersions(ctx.db, ctx.workspace.id, input.presetId)),

  compare: workspaceProcedure("VIEWER")
    .input(PresetId.extend({ from: Version, to: Version }))
    .query(({ ctx, input }) =>
      compareVersions(ctx.db, ctx.workspace.id, input.presetId, input.from, input.to),
    ),

  restore: workspaceProcedure("EDITOR")
    .input(PresetId.extend({ version: Version }))
    .mutation(({ ctx, input }) =>
      restoreVersion(ctx, ctx.workspace.id, ctx.auth.user.id, input.presetId, input.version),
    ),

  create: workspaceProcedure("EDITOR")
    .input(z.object({ preset: PresetInput }))
    .mutation(({ ctx, input }) =>
      createPreset(ctx, ctx.workspace.id, ctx.auth.user.id, input.preset),
    ),

  update: workspaceProcedure("EDITOR")
    .input(PresetId.extend({ preset: PresetInput }))
    .mutation(({ ctx, input }) =>
      updatePreset(ctx, ctx.workspace.id, ctx.auth.user.id, input.presetId, input.preset),
    ),

  duplicate: workspaceProcedure("EDITOR")
    .input(PresetId)
    .mutation(({ ctx, input }) =>
      duplicatePreset(ctx, ctx.workspace.id, ctx.auth.user.id, input.presetId),
    ),

  archive: workspaceProcedure("EDITOR")
    .input(PresetId.extend({ archived: z.boolean({ error: "archived must be true or false." }) }))
    .mutation(({ ctx, input }) =>
      setArchived(ctx, ctx.workspace.id, input.presetId, input.archived),
    ),

  uploadLogo: workspaceProcedure("EDITOR")
    .input(
      z.object({
        fileName: FileName,
        // 2 MB of bytes is at most ~2.8 MB of base64; the service checks the decoded size.
        contentBase64: z
          .string({ error: "file must be sent as base64 text." })
          .max(3_000_000, { error: "file is larger than 2 MB; a logo may be at most 2 MB." }),
      }),
    )
    .mutation(({ ctx, input }) => uploadLogo(ctx, ctx.workspace.id, input)),

  uploadStyleReference: workspaceProcedure("EDITOR")
    .input(
      z.object({
        fileName: FileName,
        // Base64 is 4/3 of the bytes; the service checks the decoded size.
        contentBase64: z
          .string({ error: "file must be sent as base64 text." })
          .max(Math.ceil((STYLE_REFERENCE_MAX_BYTES * 4) / 3) + 4, {
            error: `file is larger than ${STYLE_REFERENCE_MAX_BYTES / 1024 / 1024} MB; a style reference may be at most ${STYLE_REFERENCE_MAX_BYTES / 1024 / 1024} MB.`,
          }),
      }),
    )
    .mutation(({ ctx, input }) => uploadStyleReference(ctx, ctx.workspace.id, input)),
});
