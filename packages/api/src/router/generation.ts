import { z } from "zod";
import { requireVerifiedEmail } from "../services/accounts";
import { getCreditBalance } from "../services/credits";
import { cancelGeneration, createGeneration, getGeneration } from "../services/generations";
import { generationSource } from "../services/history";
import { listOutputVersions, rerenderOutputs, switchOutputVersion } from "../services/rerender";
import { sameSeedAgain } from "../services/same-seed";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

const GenerationId = z.object({
  generationId: z.string({ error: "generationId must be text." }).min(1).max(64),
});

const OutputId = z.object({
  outputId: z.string({ error: "outputId must be text." }).min(1).max(64),
});

export const generationRouter = createTRPCRouter({
  /** The brief and options are validated by the service, which names the field at fault. */
  create: workspaceProcedure("EDITOR")
    .input(
      z.object({
        brief: z.unknown(),
        presetId: z
          .string({ error: "presetId must be text." })
          .min(1, { error: "presetId: choose a brand preset." })
          .max(64),
        variants: z.number({ error: "variants must be a number from 1 to 4." }),
        productPhotoId: z
          .string({ error: "productPhotoId must be text." })
          .min(1)
          .max(64)
          .nullish(),
        seed: z.number({ error: "seed must be a number." }).optional(),
        /** "More variations" of this generation: its copy continues the series. */
        moreOf: z.string({ error: "moreOf must be text." }).min(1).max(64).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await requireVerifiedEmail(ctx.db, ctx.auth.user.id);
      return createGeneration(ctx, {
        workspaceId: ctx.workspace.id,
        userId: ctx.auth.user.id,
        brief: input.brief,
        presetId: input.presetId,
        variants: input.variants,
        productPhotoId: input.productPhotoId ?? null,
        ...(input.seed !== undefined ? { seed: input.seed } : {}),
        ...(input.moreOf ? { moreOf: input.moreOf } : {}),
        lane: "INTERACTIVE",
      });
    }),

  /**
   * "Same seed again": unchanged inputs give the same files, copied free of
   * charge; otherwise nothing happens and the changes and price come back, so
   * the UI asks before charging (it then calls create with the seed).
   */
  sameSeed: workspaceProcedure("EDITOR")
    .input(GenerationId)
    .mutation(async ({ ctx, input }) => {
      await requireVerifiedEmail(ctx.db, ctx.auth.user.id);
      return sameSeedAgain(ctx, {
        workspaceId: ctx.workspace.id,
        userId: ctx.auth.user.id,
        generationId: input.generationId,
      });
    }),

  get: workspaceProcedure("VIEWER")
    .input(GenerationId)
    .query(({ ctx, input }) => getGeneration(ctx, ctx.workspace.id, input.generationId)),

  source: workspaceProcedure("VIEWER")
    .input(GenerationId)
    .query(({ ctx, input }) => generationSource(ctx.db, ctx.workspace.id, input.generationId)),

  cancel: workspaceProcedure("EDITOR")
    .input(GenerationId)
    .mutation(({ ctx, input }) => cancelGeneration(ctx, ctx.workspace.id, input.generationId)),

  /** Edit the copy (or the layout) of finished assets: re-composed over their backgrounds, no credits. */
  rerender: workspaceProcedure("EDITOR")
    .input(z.object({ request: z.unknown() }))
    .mutation(({ ctx, input }) =>
      rerenderOutputs(ctx, ctx.workspace.id, ctx.auth.user.id, input.request),
    ),

  versions: workspaceProcedure("VIEWER")
    .input(OutputId)
    .query(({ ctx, input }) => listOutputVersions(ctx, ctx.workspace.id, input.outputId)),

  showVersion: workspaceProcedure("EDITOR")
    .input(
      OutputId.extend({
        version: z
          .number({ error: "version must be a number." })
          .int({ error: "version must be a whole number." })
          .min(1, { error: "version must be at least 1." }),
      }),
    )
    .mutation(({ ctx, input }) =>
      switchOutputVersion(ctx, ctx.workspace.id, input.outputId, input.version),
    ),

  balance: workspaceProcedure("VIEWER").query(async ({ ctx }) => ({
    credits: await getCreditBalance(ctx, ctx.workspace.id),
  })),
});
