import { z } from "zod";
import {
  commentReview,
  CreateReviewLinkInput,
  createReviewLink,
  decideReview,
  listReviewLinks,
  openReview,
  ReviewCommentInput,
  ReviewDecisionInput,
  ReviewToken,
  revokeReviewLink,
} from "../services/review-links";
import { createTRPCRouter, publicProcedure, workspaceProcedure } from "../trpc";

export const reviewRouter = createTRPCRouter({
  create: workspaceProcedure("EDITOR")
    .input(CreateReviewLinkInput)
    .mutation(({ ctx, input }) => createReviewLink(ctx, ctx.workspace.id, ctx.auth.user.id, input)),
  list: workspaceProcedure("VIEWER")
    .input(z.object({ generationId: z.string().min(1).max(40) }))
    .query(({ ctx, input }) => listReviewLinks(ctx.db, ctx.workspace.id, input.generationId)),
  revoke: workspaceProcedure("EDITOR")
    .input(z.object({ linkId: z.string().min(1).max(40) }))
    .mutation(({ ctx, input }) => revokeReviewLink(ctx.db, ctx.workspace.id, input.linkId)),
  // Below: no account. The token is the whole authority, checked on every call.
  open: publicProcedure
    .input(z.object({ token: ReviewToken }))
    .query(({ ctx, input }) => openReview(ctx, input.token)),
  decide: publicProcedure
    .input(ReviewDecisionInput)
    .mutation(({ ctx, input }) => decideReview(ctx.db, ctx.req.ip, input)),
  comment: publicProcedure
    .input(ReviewCommentInput)
    .mutation(({ ctx, input }) => commentReview(ctx.db, ctx.req.ip, input)),
});
