import { Redis } from "ioredis";

import { randomId } from "./random.js";

export interface TestRedisOptions {
  redisUrl: string;
}

export interface TestRedis {
  redis: Redis;
  /** A key prefix no other test uses, e.g. `t:1a2b3c4d:`. Put every key of the test under it. */
  prefix: string;
  /** Deletes every key under `prefix` and closes the connection. */
  destroy(): Promise<void>;
}

const SCAN_COUNT = 500;

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** Deletes every key that starts with `prefix` (SCAN + UNLINK), returning how many were deleted. */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = "0";
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${escapeGlob(prefix)}*`, "COUNT", SCAN_COUNT);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== "0");
  return deleted;
}

/** Connects to Redis and hands out a unique key prefix; `destroy()` removes what the test wrote. */
export async function createTestRedis(options: TestRedisOptions): Promise<TestRedis> {
  const redis = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  const prefix = `t:${randomId()}:`;
  let destroyed = false;
  return {
    redis,
    prefix,
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      try {
        await deleteKeysWithPrefix(redis, prefix);
      } finally {
        await redis.quit().catch(() => redis.disconnect());
      }
    },
  };
}
