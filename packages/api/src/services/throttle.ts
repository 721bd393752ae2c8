import type { Db, Prisma } from "@hyperposter/db";
import { AppError } from "@hyperposter/domain";
import { QUEUED_TX } from "./queued-tx";

/**
 * Rate limits counted in PostgreSQL rather than in memory, so they hold across
 * every web instance and restart. Each check runs in one transaction that first
 * takes `pg_advisory_xact_lock` on its keys, then counts, then records the
 * attempt: parallel requests (a batch of 40 calls, 40 connections) queue on the
 * lock and each sees the rows of the ones before it, so none is lost.
 */

type Tx = Prisma.TransactionClient;

/** Waits for the key's lock until the transaction ends (64-bit hash of the key). */
async function lockKey(tx: Tx, key: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}

/**
 * Sign-in limits. The block that answers a wrong password with "wait 15
 * minutes" is per address AND client IP (the pair), so a stranger guessing at
 * someone's address from elsewhere does not lock its owner out for long.
 * Guessing at one address from many IPs is slowed down exponentially instead:
 * after `perEmail` failures in the window, each further attempt must wait
 * 30 s × 2^(failures − perEmail), at most 15 minutes, since the last failure.
 * Failures per IP (across addresses) stop spraying many accounts.
 */
export const SIGN_IN_LIMITS = {
  windowMs: 15 * 60 * 1000,
  /** Failures per address from one IP before that pair is blocked for the window. */
  perPair: 5,
  /** Failures per address (any IP) before attempts are slowed down. */
  perEmail: 5,
  emailBackoffBaseMs: 30 * 1000,
  emailBackoffMaxMs: 15 * 60 * 1000,
  /** Failures per client IP across addresses. */
  perIp: 30,
} as const;

function tooMany(wait: string): AppError {
  return new AppError(
    "TOO_MANY_REQUESTS",
    `Too many failed sign-in attempts. Wait ${wait}, then try again.`,
    { field: "email", messageZh: "登录失败次数过多，请稍后再试。" },
  );
}

function waitText(ms: number): string {
  if (ms >= 90_000) return `${Math.ceil(ms / 60_000)} minutes`;
  return `${Math.max(1, Math.ceil(ms / 1000))} seconds`;
}

/**
 * Records a sign-in attempt as a failure BEFORE the password is checked, or
 * refuses it (TOO_MANY_REQUESTS) when a limit is reached. Returns the row's
 * id: `markSignInSucceeded` flips it once the password proved right.
 */
export async function claimSignInAttempt(
  db: Db,
  email: string,
  ip: string | null,
  now: Date = new Date(),
): Promise<string> {
  return db.$transaction(async (tx) => {
    // Always the address first, then the IP: no two attempts wait on each other in a cycle.
    await lockKey(tx, `sign-in:email:${email}`);
    if (ip) await lockKey(tx, `sign-in:ip:${ip}`);
    const windowStart = new Date(now.getTime() - SIGN_IN_LIMITS.windowMs);
    // A successful sign-in clears the address's earlier failures.
    const lastSuccess = await tx.signInAttempt.findFirst({
      where: { email, succeeded: true, createdAt: { gte: windowStart } },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    });
    const since = lastSuccess?.createdAt ?? windowStart;
    const failed = { email, succeeded: false, createdAt: { gt: since } };
    const [byPair, byEmail, lastFailure, byIp] = await Promise.all([
      tx.signInAttempt.count({ where: { ...failed, ip } }),
      tx.signInAttempt.count({ where: failed }),
      tx.signInAttempt.findFirst({
        where: failed,
        orderBy: { createdAt: "desc" },
        select: { createdAt: true },
      }),
      ip
        ? tx.signInAttempt.count({
            where: { ip, succeeded: false, createdAt: { gte: windowStart } },
          })
        : 0,
    ]);
    if (byPair >= SIGN_IN_LIMITS.perPair || byIp >= SIGN_IN_LIMITS.perIp)
      throw tooMany("15 minutes");
    if (byEmail >= SIGN_IN_LIMITS.perEmail && lastFailure) {
      const backoff = Math.min(
        SIGN_IN_LIMITS.emailBackoffBaseMs * 2 ** (byEmail - SIGN_IN_LIMITS.perEmail),
        SIGN_IN_LIMITS.emailBackoffMaxMs,
      );
      const waited = now.getTime() - lastFailure.createdAt.getTime();
      if (waited < backoff) throw tooMany(waitText(backoff - waited));
    }
    const row = await tx.signInAttempt.create({
      data: { email, ip, succeeded: false, createdAt: now },
      select: { id: true },
    });
    return row.id;
  }, QUEUED_TX);
}

export async function markSignInSucceeded(db: Db, attemptId: string): Promise<void> {
  await db.signInAttempt.update({ where: { id: attemptId }, data: { succeeded: true } });
}

/** Sign-ups per client IP: each one makes a workspace with free credits. */
export const SIGN_UP_LIMITS = { windowMs: 60 * 60 * 1000, perIp: 10 } as const;

/**
 * Counts one action under `key` (a RateLimitEvent row), or refuses it with
 * TOO_MANY_REQUESTS when `limit` were already taken within the window.
 */
export async function takeRateLimit(
  db: Db,
  key: string,
  limit: { windowMs: number; max: number; sentence: string; sentenceZh: string },
): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockKey(tx, `rate:${key}`);
    const taken = await tx.rateLimitEvent.count({
      where: { key, createdAt: { gte: new Date(Date.now() - limit.windowMs) } },
    });
    if (taken >= limit.max)
      throw new AppError("TOO_MANY_REQUESTS", limit.sentence, { messageZh: limit.sentenceZh });
    await tx.rateLimitEvent.create({ data: { key } });
  }, QUEUED_TX);
}

/** Refuses the 11th sign-up from one client IP within an hour (no limit when the IP is unknown). */
export async function throttleSignUp(db: Db, ip: string | null): Promise<void> {
  if (!ip) return;
  await takeRateLimit(db, `sign-up:ip:${ip}`, {
    windowMs: SIGN_UP_LIMITS.windowMs,
    max: SIGN_UP_LIMITS.perIp,
    sentence: "Too many accounts were created from your network. Wait an hour, then try again.",
    sentenceZh: "你的网络创建的账户过多，请一小时后再试。",
  });
}
