import { z } from "zod";
import { RoleInput, changeRole, listMembers, removeMember } from "../services/members";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

const MembershipId = z.string({ error: "membershipId must be text." }).min(1).max(40);

export const memberRouter = createTRPCRouter({
  list: workspaceProcedure("VIEWER").query(({ ctx }) => listMembers(ctx.db, ctx.workspace.id)),

  changeRole: workspaceProcedure("ADMIN")
    .input(z.object({ membershipId: MembershipId, role: RoleInput }))
    .mutation(async ({ ctx, input }) => {
      const actor = { userId: ctx.auth.user.id, role: ctx.workspace.role };
      await changeRole(ctx.db, ctx.workspace.id, actor, input.membershipId, input.role);
      return { ok: true as const };
    }),

  remove: workspaceProcedure("ADMIN")
    .input(z.object({ membershipId: MembershipId }))
    .mutation(async ({ ctx, input }) => {
      const actor = { userId: ctx.auth.user.id, role: ctx.workspace.role };
      await removeMember(ctx.db, ctx.workspace.id, actor, input.membershipId);
      return { ok: true as const };
    }),
});
