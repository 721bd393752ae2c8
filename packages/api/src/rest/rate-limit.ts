import type { Db } from "@hyperposter/db";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { RestError } from "./errors";

/** Requests per API key per window (the pace Bannerbear's users know: 30 per 10 s). */
export interface RateLimitSettings {
  points: number;
  windowSeconds: number;
}
export const DEFAULT_RATE_LIMIT: RateLimitSettings = { points: 30, windowSeconds: 10 };

export interface RateLimitState {
  headers: Record<string, string>;
}

/**
 * A window per key kept in PostgreSQL (rate-limiter-flexible's Prisma store),
 * so every web instance counts against the same budget.
 */
export class KeyRateLimiter {
  private readonly limiter: RateLimiterPrisma;
  constructor(
    db: Db,
    private readonly settings: RateLimitSettings = DEFAULT_RATE_LIMIT,
  ) {
    this.limiter = new RateLimiterPrisma({
      storeClient: db,
      tableName: "apiRateLimit",
      points: settings.points,
      duration: settings.windowSeconds,
      keyPrefix: "key",
      clearExpiredByTimeout: false,
    });
  }

  private headers(res: RateLimiterRes): Record<string, string> {
    return {
      "RateLimit-Limit": String(this.settings.points),
      "RateLimit-Remaining": String(res.remainingPoints),
      "RateLimit-Reset": String(Math.max(1, Math.ceil(res.msBeforeNext / 1000))),
      "RateLimit-Policy": `${this.settings.points};w=${this.settings.windowSeconds}`,
    };
  }

  /** Spend one request of `keyId`'s window; a RestError 429 with Retry-After when none is left. */
  async consume(keyId: string): Promise<RateLimitState> {
    try {
      const res = await this.limiter.consume(keyId, 1);
      return { headers: this.headers(res) };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new RestError(
        429,
        "rate_limited",
        `This API key made more than ${this.settings.points} requests in ${this.settings.windowSeconds} seconds; try again in ${retryAfter} s.`,
        {
          messageZh: `此 API 密钥在 ${this.settings.windowSeconds} 秒内的请求超过 ${this.settings.points} 次；请 ${retryAfter} 秒后再试。`,
          headers: { ...this.headers(rejection), "Retry-After": String(retryAfter) },
        },
      );
    }
  }
}
