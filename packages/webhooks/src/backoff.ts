/**
 * Retry schedule after each failed attempt, as the Standard Webhooks spec
 * suggests: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h — eight attempts over
 * about 27 hours, so a receiver that is down for a day still gets the event.
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/**
 * When to try again after `attemptsMade` failed attempts, or null when the
 * delivery has used all of them. ±10 % jitter keeps a recovering receiver
 * from getting every backlog retry in the same second.
 */
export function nextAttemptDelayMs(
  attemptsMade: number,
  random: () => number = Math.random,
): number | null {
  const base = RETRY_DELAYS_MS[attemptsMade - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.9 + random() * 0.2));
}
