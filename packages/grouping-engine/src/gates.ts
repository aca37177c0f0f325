import type { Redis } from "ioredis";
import { SiftError } from "@sift/schemas";

/**
 * Noise gate, idempotent per occurrence id: the set holds the ids counted for a new fingerprint; the
 * n-th distinct id crosses, resets the count and is remembered, so a retried batch crosses at the same
 * occurrence again. Returns the 0-based indexes (into ARGV ids) that crossed.
 */
const NOISE_SCRIPT = `
local limit = tonumber(ARGV[1])
local expiry = tonumber(ARGV[2])
local crossings = {}
for i = 3, #ARGV do
  local id = ARGV[i]
  if redis.call('SISMEMBER', KEYS[2], id) == 1 then
    table.insert(crossings, i - 3)
  else
    redis.call('SADD', KEYS[1], id)
    if redis.call('SCARD', KEYS[1]) >= limit then
      redis.call('DEL', KEYS[1])
      redis.call('SADD', KEYS[2], id)
      redis.call('EXPIRE', KEYS[2], expiry)
      table.insert(crossings, i - 3)
    else
      redis.call('EXPIRE', KEYS[1], expiry)
    end
  end
end
return crossings
`;

/**
 * Creation quota: a sliding window of the fingerprints granted an issue per (project, type). Granting
 * the same fingerprint again inside the window is free, which makes a retried batch idempotent.
 */
const QUOTA_SCRIPT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZSCORE', KEYS[1], ARGV[4]) then return 1 end
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return 1
end
return 0
`;

export interface NoiseRequest {
  projectId: number;
  hash: string;
  ignoreLimit: number;
  expirySeconds: number;
  occurrenceIds: readonly string[];
}

export interface QuotaRequest {
  projectId: number;
  typeSlug: string;
  hash: string;
  windowSeconds: number;
  limit: number;
}

export class CacheUnavailableError extends SiftError {
  constructor(cause: unknown) {
    super("CACHE_UNAVAILABLE", `Redis is unavailable: ${(cause as Error)?.message ?? String(cause)}`, {
      retryable: true,
      cause,
    });
  }
}

type ScriptRedis = Redis & {
  siftNoise(k1: string, k2: string, ...args: (string | number)[]): Promise<number[]>;
  siftQuota(k1: string, ...args: (string | number)[]): Promise<number>;
};

export class Gates {
  private readonly redis: ScriptRedis;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    if (!("siftNoise" in redis)) {
      redis.defineCommand("siftNoise", { numberOfKeys: 2, lua: NOISE_SCRIPT });
      redis.defineCommand("siftQuota", { numberOfKeys: 1, lua: QUOTA_SCRIPT });
    }
    this.redis = redis as ScriptRedis;
  }

  noiseKey(projectId: number, hash: string): string {
    return `${this.prefix}grouphash:{${hash}:${projectId}}`;
  }

  /** One pipeline for all fingerprints: for each request, the indexes of the occurrences that crossed. */
  async noise(requests: readonly NoiseRequest[]): Promise<number[][]> {
    if (requests.length === 0) return [];
    const pipeline = this.redis.pipeline() as unknown as ScriptRedis & {
      exec(): Promise<[Error | null, unknown][] | null>;
    };
    for (const r of requests) {
      const key = this.noiseKey(r.projectId, r.hash);
      void pipeline.siftNoise(key, `${key}:crossed`, r.ignoreLimit, r.expirySeconds, ...r.occurrenceIds);
    }
    const results = await this.run(() => pipeline.exec());
    return results.map((r) => (r as number[]).map(Number));
  }

  /** One pipeline, evaluated in order: whether each creation is within its quota. */
  async quota(requests: readonly QuotaRequest[], now: Date): Promise<boolean[]> {
    if (requests.length === 0) return [];
    const pipeline = this.redis.pipeline() as unknown as ScriptRedis & {
      exec(): Promise<[Error | null, unknown][] | null>;
    };
    for (const r of requests) {
      void pipeline.siftQuota(
        `${this.prefix}issue-platform-issues:${r.projectId}:${r.typeSlug}`,
        now.getTime(),
        r.windowSeconds * 1000,
        r.limit,
        r.hash,
      );
    }
    const results = await this.run(() => pipeline.exec());
    return results.map((r) => Number(r) === 1);
  }

  /** After an issue exists, forget the ids counted for its fingerprint. Best effort. */
  async reset(keys: readonly { projectId: number; hash: string }[]): Promise<void> {
    if (keys.length === 0) return;
    await this.redis.del(...keys.map((k) => this.noiseKey(k.projectId, k.hash)));
  }

  private async run(exec: () => Promise<[Error | null, unknown][] | null>): Promise<unknown[]> {
    let results: [Error | null, unknown][] | null;
    try {
      results = await exec();
    } catch (error) {
      throw new CacheUnavailableError(error);
    }
    if (!results) throw new CacheUnavailableError(new Error("pipeline aborted"));
    return results.map(([error, value]) => {
      if (error) throw new CacheUnavailableError(error);
      return value;
    });
  }
}
