import { draftCopy } from "./copywriter";
import { rulesSlots } from "./rules-slots";
import type { BackendProposal, RephraseContext, RephraserBackend } from "./types";

/** Deterministic: the same brief and preset always give the same proposal. */
export const rulesBackend: RephraserBackend = {
  name: "rules",
  async propose(ctx: RephraseContext): Promise<BackendProposal> {
    const { slots, trace } = rulesSlots(ctx);
    const draft = draftCopy(ctx.brief, ctx.preset, ctx.limits, ctx.kind);
    return {
      slots,
      copyCandidates: draft.candidates,
      trace: [...trace, ...draft.trace],
    };
  },
};
