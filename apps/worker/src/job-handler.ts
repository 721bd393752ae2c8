import { parseJobMessage } from "@hyperposter/domain";
import {
  claimGeneration,
  failGeneration,
  type Fence,
  type HandlerOutcome,
  isTerminal,
  type ReceivedJob,
  renewLease,
  succeedGeneration,
  unclaimGeneration,
} from "@hyperposter/jobs";
import type { Logger } from "pino";
import { LostClaimError, permanentFailure, retryDelaySeconds } from "./job-errors";
import type { JobOutcome } from "./metrics";
import { type RunDeps, runGeneration } from "./run-generation";

export interface HandlerConfig {
  /** The message's visibility timeout; the claim's lease is one second shorter. */
  visibilityTimeoutSeconds: number;
  heartbeatSeconds: number;
  retryBaseSeconds: number;
  retryMaxSeconds: number;
}

/**
 * The worker's job handler: knows generations and the pipeline, not SQS (the
 * consumer owns polling, visibility and deletion; this returns what to do).
 */
export function createJobHandler(deps: RunDeps, config: HandlerConfig) {
  const { db, metrics } = deps;
  const leaseSeconds = Math.max(1, config.visibilityTimeoutSeconds - 1);
  const done = (outcome: JobOutcome, result: HandlerOutcome): HandlerOutcome => {
    metrics.outcomes.inc({ outcome });
    return result;
  };

  return async function handle(job: ReceivedJob): Promise<HandlerOutcome> {
    const message = parseJobMessage(job.body);
    if (!message) {
      deps.log.error(
        { body: job.body.slice(0, 200) },
        "dropping a message that is not a JobMessage",
      );
      return done("poison", { action: "delete" });
    }
    const log = deps.log.child({ generationId: message.generationId, traceId: message.traceId });
    const t0 = performance.now();
    const claim = await claimGeneration(db, message.generationId, leaseSeconds, {
      stage: "rephrasing",
      message: "Writing the prompt and the copy",
    });
    metrics.stage.observe({ stage: "claim" }, (performance.now() - t0) / 1000);
    if (!claim.claimed) return unclaimed(claim.generation, log);
    const generation = claim.generation;
    const fence: Fence = { generationId: generation.id, attempt: generation.attempts };
    if (job.receiveCount === 1)
      metrics.queueWait.observe({ lane: message.lane }, (Date.now() - job.sentAt) / 1000);
    log.info({ attempt: fence.attempt, receiveCount: job.receiveCount }, "job claimed");

    // Lost claim (canceled, taken over) aborts the run as soon as the lease renewal notices.
    const lost = new AbortController();
    const renew = setInterval(() => {
      renewLease(db, fence, leaseSeconds).then(
        (owned) => owned || lost.abort(new LostClaimError()),
        (error: unknown) => log.warn({ err: error }, "lease renewal failed; retrying"),
      );
    }, config.heartbeatSeconds * 1000);
    const signal = AbortSignal.any([job.signal, lost.signal]);
    try {
      const result = await runGeneration({ ...deps, log }, generation, fence, signal);
      const finished = await succeedGeneration(db, fence, result.timings);
      if (!finished) return await lostClaim(fence, log);
      log.info(
        { assets: result.assets, passed: result.passed, pipelineMs: Math.round(result.pipelineMs) },
        "generation succeeded",
      );
      return done("succeeded", { action: "delete" });
    } catch (error) {
      if (error instanceof LostClaimError || lost.signal.aborted)
        return await lostClaim(fence, log);
      if (job.signal.aborted) {
        // Drain deadline: hand the generation and its message back for another worker.
        await unclaimGeneration(db, fence, {
          stage: "queued",
          message: "Waiting for a worker (the previous one shut down)",
          assetsDone: 0,
          assetsTotal: 0,
          formatsDone: [],
          attempt: fence.attempt,
        });
        log.warn("released at the drain deadline");
        return done("released", { action: "release" });
      }
      const permanent = permanentFailure(error);
      if (permanent) {
        await failGeneration(db, generation.id, permanent, fence);
        log.warn({ code: permanent.code, reason: permanent.message }, "generation failed");
        return done("failed", { action: "delete" });
      }
      const delaySeconds = retryDelaySeconds(
        job.receiveCount,
        config.retryBaseSeconds,
        config.retryMaxSeconds,
      );
      await unclaimGeneration(db, fence, {
        stage: "retrying",
        message: "A temporary problem interrupted this generation; it will be retried.",
        assetsDone: 0,
        assetsTotal: 0,
        formatsDone: [],
        attempt: fence.attempt,
      }).catch(() => false);
      log.warn({ err: error, delaySeconds }, "transient failure; the queue will redeliver");
      return done("retried", { action: "retry", delaySeconds });
    } finally {
      clearInterval(renew);
    }
  };

  function unclaimed(
    generation: Awaited<ReturnType<typeof claimGeneration>>["generation"],
    log: Logger,
  ): HandlerOutcome {
    if (!generation) {
      log.warn("the generation no longer exists; dropping its message");
      return done("duplicate", { action: "delete" });
    }
    if (isTerminal(generation.status)) {
      log.info({ status: generation.status }, "duplicate delivery of a finished job; dropped");
      return done("duplicate", { action: "delete" });
    }
    // Another worker holds a live lease: look again when it would have expired, in
    // case that worker dies (its own message copy may be gone).
    const remaining = generation.leaseExpiresAt
      ? Math.ceil((generation.leaseExpiresAt.getTime() - Date.now()) / 1000)
      : 0;
    log.info({ status: generation.status, remaining }, "claimed by another worker; deferred");
    return done("deferred", { action: "retry", delaySeconds: Math.max(1, remaining + 1) });
  }

  async function lostClaim(fence: Fence, log: Logger): Promise<HandlerOutcome> {
    const now = await db.generation.findUnique({ where: { id: fence.generationId } });
    if (!now || isTerminal(now.status)) {
      log.info(
        { status: now?.status },
        "stopped: the generation was finished elsewhere or canceled",
      );
      return done(now?.status === "CANCELED" ? "canceled" : "lost-claim", { action: "delete" });
    }
    log.warn("another attempt took this generation over; leaving it to that attempt");
    return done("lost-claim", { action: "retry", delaySeconds: config.visibilityTimeoutSeconds });
  }
}
