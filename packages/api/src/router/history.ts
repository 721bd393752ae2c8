import { HistoryFilter, listHistory } from "../services/history";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

export const historyRouter = createTRPCRouter({
  list: workspaceProcedure("VIEWER")
    .input(HistoryFilter)
    .query(({ ctx, input }) => listHistory(ctx.db, ctx.workspace.id, input)),
});
