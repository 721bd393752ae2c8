import { z } from "zod";
import { HistoryFilter, listHistory } from "../services/history";
import { deleteGeneration, setFavorite } from "../services/history-actions";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

const GenerationRef = z.object({ generationId: z.string().min(1).max(40) });

export const historyRouter = createTRPCRouter({
  list: workspaceProcedure("VIEWER")
    .input(HistoryFilter)
    .query(({ ctx, input }) => listHistory(ctx, ctx.workspace.id, input)),
  favorite: workspaceProcedure("EDITOR")
    .input(
      GenerationRef.extend({ favorite: z.boolean({ error: "favorite must be true or false." }) }),
    )
    .mutation(({ ctx, input }) =>
      setFavorite(ctx.db, ctx.workspace.id, input.generationId, input.favorite),
    ),
  delete: workspaceProcedure("EDITOR")
    .input(GenerationRef)
    .mutation(({ ctx, input }) => deleteGeneration(ctx, ctx.workspace.id, input.generationId)),
});
