import type { Redis } from "ioredis";

export interface RateLimit {
  count: number;
  /** Seconds. */
  window: number;
}

export interface RateLimitCheck {
  /** `key` (the client key's own limit) or `project` (the per-project default). */
  scope: "key" | "project";
  id: string | number;
  limit: RateLimit;
}

/** What refused an event: its scope and how long until its window ends. */
export interface RateLimited {
  scope: "key" | "project";
  retryAfter: number;
}

/**
 * Fixed-window event counters in Redis, one per scope and window: an event counts against every
 * limit that applies, and is refused when it passes any of them.
 */
export async function checkRateLimits(
  redis: Redis,
  prefix: string,
  checks: readonly RateLimitCheck[],
  now: Date,
): Promise<RateLimited | null> {
  if (checks.length === 0) return null;
  const seconds = now.getTime() / 1000;
  const pipeline = redis.multi();
  const windows = checks.map((c) => {
    const index = Math.floor(seconds / c.limit.window);
    const key = `${prefix}sdk-rate:${c.scope}:${c.id}:${c.limit.window}:${index}`;
    pipeline.incr(key);
    pipeline.expire(key, c.limit.window + 1);
    return (index + 1) * c.limit.window;
  });
  const results = (await pipeline.exec()) ?? [];
  let refused: RateLimited | null = null;
  checks.forEach((c, i) => {
    const [error, count] = results[i * 2] ?? [null, 0];
    if (error) throw error;
    if ((count as number) > c.limit.count) {
      const retryAfter = Math.max(1, Math.ceil(windows[i]! - seconds));
      if (!refused || retryAfter > refused.retryAfter) refused = { scope: c.scope, retryAfter };
    }
  });
  return refused;
}

/** Sentry's `X-Sentry-Rate-Limits` value for a refusal of error events. */
export function rateLimitHeader(limited: RateLimited): string {
  return `${limited.retryAfter}:error;default;security:${limited.scope}:${limited.scope}_quota`;
}
