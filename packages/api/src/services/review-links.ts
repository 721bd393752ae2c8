import type { Db } from "@hyperposter/db";
import { AppError, type FormatName, PosterCopy } from "@hyperposter/domain";
import type { AssetStorage } from "@hyperposter/jobs";
import { z } from "zod";
import { hashToken, newToken } from "../auth/tokens";
import { takeRateLimit } from "./throttle";

/**
 * Review links: a random 256-bit token, only its SHA-256 kept (as sessions and
 * invitations do). Chosen over an HMAC-signed token because revoking must work
 * at once and per link, which needs a row to look up anyway; with the row the
 * expiry lives in the database too, and no signing secret has to be rotated.
 */
export const REVIEW_LIMITS = {
  nameMax: 80,
  commentMax: 2000,
  daysDefault: 7,
  daysMax: 30,
  /** Comments and decisions per link per hour, and per client IP per hour. */
  perLinkPerHour: 60,
  perIpPerHour: 120,
} as const;

export const ReviewDecision = z.enum(["APPROVED", "CHANGES_REQUESTED"], {
  error: "decision must be APPROVED or CHANGES_REQUESTED.",
});
export type ReviewDecision = z.infer<typeof ReviewDecision>;
export type ReviewState = ReviewDecision | "WAITING";

export interface ReviewSummary {
  state: ReviewState;
  comments: number;
  decidedAt: string | null;
  decidedBy: string | null;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const ReviewToken = z
  .string({ error: "token must be text." })
  .regex(TOKEN_SHAPE, { error: "token is incomplete or mistyped." });

const ReviewerName = z
  .string({ error: "name must be text." })
  .trim()
  .min(1, { error: "name must not be empty." })
  .max(REVIEW_LIMITS.nameMax, {
    error: `name must be at most ${REVIEW_LIMITS.nameMax} characters.`,
  });

export const ReviewDecisionInput = z.object({
  token: ReviewToken,
  name: ReviewerName,
  decision: ReviewDecision,
});

export const ReviewCommentInput = z.object({
  token: ReviewToken,
  name: ReviewerName,
  /** The asset (an output id of the generation); absent for the whole generation. */
  outputId: z.string().min(1).max(40).optional(),
  body: z
    .string({ error: "comment must be text." })
    .trim()
    .min(1, { error: "comment must not be empty." })
    .max(REVIEW_LIMITS.commentMax, {
      error: `comment must be at most ${REVIEW_LIMITS.commentMax} characters.`,
    }),
});

export const CreateReviewLinkInput = z.object({
  generationId: z.string().min(1).max(40),
  days: z
    .number({ error: "days must be a number." })
    .int({ error: "days must be a whole number." })
    .min(1, { error: "days must be at least 1." })
    .max(REVIEW_LIMITS.daysMax, { error: `days must be at most ${REVIEW_LIMITS.daysMax}.` })
    .default(REVIEW_LIMITS.daysDefault),
});

function generationNotFound(): AppError {
  return new AppError("NOT_FOUND", "This generation does not exist in this workspace.", {
    field: "generationId",
    messageZh: "此工作区中不存在该生成任务。",
  });
}

/** Why a link opens nothing; the public page says one sentence for all of them. */
export type LinkProblem = "unknown" | "revoked" | "expired";

const LINK_SENTENCES: Record<LinkProblem, { en: string; zh: string }> = {
  unknown: {
    en: "This review link does not exist; it may be incomplete or mistyped. Ask the sender for the link again.",
    zh: "该审阅链接不存在，可能不完整或有误。请向发送者重新索取链接。",
  },
  revoked: {
    en: "This review link was withdrawn by the team that sent it. Ask them for a new one.",
    zh: "该审阅链接已被发送团队撤回，请向他们索取新链接。",
  },
  expired: {
    en: "This review link has expired. Ask the team that sent it for a new one.",
    zh: "该审阅链接已过期，请向发送团队索取新链接。",
  },
};

export function linkError(problem: LinkProblem): AppError {
  const sentence = LINK_SENTENCES[problem];
  return new AppError("NOT_FOUND", sentence.en, { field: "token", messageZh: sentence.zh });
}

/** Makes a link for a finished generation; the token is shown once, in the returned URL. */
export async function createReviewLink(
  deps: { db: Db; appUrl: string },
  workspaceId: string,
  userId: string,
  input: z.infer<typeof CreateReviewLinkInput>,
) {
  const generation = await deps.db.generation.findFirst({
    where: { id: input.generationId, workspaceId, deletedAt: null },
    select: { status: true },
  });
  if (!generation) throw generationNotFound();
  if (generation.status !== "SUCCEEDED")
    throw new AppError(
      "CONFLICT",
      "Only a finished generation can be shared for review; wait until it succeeds.",
      { field: "generationId", messageZh: "只有已完成的生成任务才能分享审阅，请等待其成功完成。" },
    );
  const token = newToken();
  const link = await deps.db.reviewLink.create({
    data: {
      workspaceId,
      generationId: input.generationId,
      tokenHash: hashToken(token),
      createdById: userId,
      expiresAt: new Date(Date.now() + input.days * 86_400_000),
    },
  });
  return {
    id: link.id,
    url: `${deps.appUrl.replace(/\/$/, "")}/review/${token}`,
    expiresAt: link.expiresAt.toISOString(),
  };
}

/** The team's view of a generation's links: state, who decided, comments per asset. */
export async function listReviewLinks(db: Db, workspaceId: string, generationId: string) {
  const links = await db.reviewLink.findMany({
    where: { workspaceId, generationId },
    orderBy: { createdAt: "desc" },
    include: { comments: { orderBy: { createdAt: "asc" } } },
  });
  const now = Date.now();
  const outputs = await db.generationOutput.findMany({
    where: { generationId, workspaceId },
    select: { id: true, format: true, variant: true },
  });
  return {
    summary: (await reviewSummaries(db, [generationId])).get(generationId) ?? null,
    /** What each comment's outputId names. */
    assets: outputs.map((o) => ({
      outputId: o.id,
      format: o.format as FormatName,
      variant: o.variant,
    })),
    links: links.map((l) => ({
      id: l.id,
      createdAt: l.createdAt.toISOString(),
      expiresAt: l.expiresAt.toISOString(),
      revoked: l.revokedAt !== null,
      expired: l.expiresAt.getTime() <= now,
      decision: (l.decision as ReviewDecision | null) ?? null,
      decidedAt: l.decidedAt?.toISOString() ?? null,
      decidedBy: l.decidedByName,
      comments: l.comments.map((c) => ({
        id: c.id,
        outputId: c.outputId,
        name: c.name,
        body: c.body,
        createdAt: c.createdAt.toISOString(),
      })),
    })),
  };
}

export async function revokeReviewLink(db: Db, workspaceId: string, linkId: string) {
  const updated = await db.reviewLink.updateMany({
    where: { id: linkId, workspaceId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (updated.count === 0) {
    const exists = await db.reviewLink.count({ where: { id: linkId, workspaceId } });
    if (!exists)
      throw new AppError("NOT_FOUND", "This review link does not exist in this workspace.", {
        field: "linkId",
        messageZh: "此工作区中不存在该审阅链接。",
      });
  }
  return { id: linkId, revoked: true };
}

/**
 * State per generation for history and the generation page: the latest decision
 * on a link that still stands (not revoked), else WAITING while a live link
 * exists, else nothing. Comments are counted across all links.
 */
export async function reviewSummaries(
  db: Db,
  generationIds: string[],
): Promise<Map<string, ReviewSummary>> {
  const result = new Map<string, ReviewSummary>();
  if (generationIds.length === 0) return result;
  const links = await db.reviewLink.findMany({
    where: { generationId: { in: generationIds } },
    select: {
      generationId: true,
      revokedAt: true,
      expiresAt: true,
      decision: true,
      decidedAt: true,
      decidedByName: true,
      _count: { select: { comments: true } },
    },
  });
  const now = Date.now();
  for (const id of generationIds) {
    const mine = links.filter((l) => l.generationId === id);
    if (mine.length === 0) continue;
    const comments = mine.reduce((n, l) => n + l._count.comments, 0);
    const decided = mine
      .filter((l) => !l.revokedAt && l.decision && l.decidedAt)
      .sort((a, b) => (b.decidedAt?.getTime() ?? 0) - (a.decidedAt?.getTime() ?? 0))[0];
    const live = mine.some((l) => !l.revokedAt && l.expiresAt.getTime() > now);
    if (decided)
      result.set(id, {
        state: ReviewDecision.catch("CHANGES_REQUESTED").parse(decided.decision),
        comments,
        decidedAt: decided.decidedAt?.toISOString() ?? null,
        decidedBy: decided.decidedByName,
      });
    else if (live || comments > 0)
      result.set(id, { state: "WAITING", comments, decidedAt: null, decidedBy: null });
  }
  return result;
}

/** Resolves a token to its link, refusing unknown, revoked and expired ones (server-side, every time). */
async function liveLink(db: Db, token: string) {
  const link = await db.reviewLink.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!link) throw linkError("unknown");
  if (link.revokedAt) throw linkError("revoked");
  if (link.expiresAt.getTime() <= Date.now()) throw linkError("expired");
  return link;
}

const Rephrased = z.object({ copy: PosterCopy.optional() });

/** What the client sees: the assets (signed URLs), the copy, the decision and the comments. */
export async function openReview(
  deps: { db: Db; storage: AssetStorage; assetUrlTtlSeconds: number },
  token: string,
) {
  const link = await liveLink(deps.db, token);
  const generation = await deps.db.generation.findUnique({
    where: { id: link.generationId },
    include: {
      workspace: { select: { name: true } },
      outputs: {
        where: { status: "SUCCEEDED" },
        orderBy: [{ variant: "asc" }, { format: "asc" }],
        include: { files: { where: { role: "ASSET" } } },
      },
    },
  });
  if (!generation || generation.deletedAt) throw linkError("unknown");
  const comments = await deps.db.reviewComment.findMany({
    where: { linkId: link.id },
    orderBy: { createdAt: "asc" },
  });
  // Links live at most 30 days, asset URLs an hour: the page is reloaded long before.
  const ttl = deps.assetUrlTtlSeconds;
  const rephrased = Rephrased.safeParse(generation.rephrased ?? {});
  const assets = await Promise.all(
    generation.outputs.map(async (output) => {
      const raster = output.files
        .filter((f) => f.encoding !== "PDF")
        .sort((a, b) => a.bytes - b.bytes)[0];
      return {
        outputId: output.id,
        variant: output.variant,
        format: output.format as FormatName,
        width: raster?.width ?? null,
        height: raster?.height ?? null,
        url: raster
          ? await deps.storage.presignGet(raster.storageKey, ttl, undefined, {
              contentType: raster.mime,
              inline: true,
            })
          : null,
      };
    }),
  );
  return {
    workspaceName: generation.workspace.name,
    expiresAt: link.expiresAt.toISOString(),
    copy: rephrased.success ? (rephrased.data.copy ?? null) : null,
    decision: (link.decision as ReviewDecision | null) ?? null,
    decidedBy: link.decidedByName,
    decidedAt: link.decidedAt?.toISOString() ?? null,
    assets,
    comments: comments.map((c) => ({
      id: c.id,
      outputId: c.outputId,
      name: c.name,
      body: c.body,
      createdAt: c.createdAt.toISOString(),
    })),
  };
}

async function throttleReview(db: Db, linkId: string, ip: string | null): Promise<void> {
  const hour = 60 * 60 * 1000;
  const sentence = "Too many comments were sent through this link. Wait a while, then try again.";
  const sentenceZh = "通过此链接发送的评论过多，请稍后再试。";
  await takeRateLimit(db, `review:link:${linkId}`, {
    windowMs: hour,
    max: REVIEW_LIMITS.perLinkPerHour,
    sentence,
    sentenceZh,
  });
  if (ip)
    await takeRateLimit(db, `review:ip:${ip}`, {
      windowMs: hour,
      max: REVIEW_LIMITS.perIpPerHour,
      sentence,
      sentenceZh,
    });
}

export async function decideReview(
  db: Db,
  ip: string | null,
  input: z.infer<typeof ReviewDecisionInput>,
) {
  const link = await liveLink(db, input.token);
  await throttleReview(db, link.id, ip);
  const now = new Date();
  await db.reviewLink.update({
    where: { id: link.id },
    data: { decision: input.decision, decidedAt: now, decidedByName: input.name },
  });
  return { decision: input.decision, decidedAt: now.toISOString() };
}

export async function commentReview(
  db: Db,
  ip: string | null,
  input: z.infer<typeof ReviewCommentInput>,
) {
  const link = await liveLink(db, input.token);
  if (input.outputId) {
    const output = await db.generationOutput.count({
      where: { id: input.outputId, generationId: link.generationId },
    });
    if (!output)
      throw new AppError("BAD_REQUEST", "outputId is not an asset of this generation.", {
        field: "outputId",
        messageZh: "outputId 不是此生成任务的素材。",
      });
  }
  await throttleReview(db, link.id, ip);
  const comment = await db.reviewComment.create({
    data: {
      workspaceId: link.workspaceId,
      linkId: link.id,
      generationId: link.generationId,
      outputId: input.outputId ?? null,
      name: input.name,
      body: input.body,
    },
  });
  return { id: comment.id, createdAt: comment.createdAt.toISOString() };
}
