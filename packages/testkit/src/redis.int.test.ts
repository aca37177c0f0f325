import { afterAll, describe, expect, it } from "vitest";

import type { TestRedis } from "./redis.js";
import { testRedis } from "./test-services.js";

async function keysUnder(redis: TestRedis["redis"], prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  return keys.sort();
}

describe("createTestRedis", () => {
  const created: TestRedis[] = [];
  afterAll(async () => {
    await Promise.all(created.map((r) => r.destroy()));
  });

  it("hands out distinct prefixes", async () => {
    const a = await testRedis();
    const b = await testRedis();
    created.push(a, b);
    expect(a.prefix).toMatch(/^t:[0-9a-f]{8}:$/);
    expect(b.prefix).not.toBe(a.prefix);
    expect(await a.redis.ping()).toBe("PONG");
  });

  it("destroy deletes every key under its prefix and nothing else", async () => {
    const doomed = await testRedis();
    const other = await testRedis();
    created.push(other);

    // More keys than one SCAN batch, of several types.
    const pipeline = doomed.redis.pipeline();
    for (let i = 0; i < 1_200; i++) pipeline.set(`${doomed.prefix}k:${i}`, String(i));
    pipeline.hset(`${doomed.prefix}hash`, { a: "1" });
    pipeline.zadd(`${doomed.prefix}zset`, 1, "m");
    await pipeline.exec();
    await other.redis.set(`${other.prefix}keep`, "yes");
    expect(await keysUnder(other.redis, doomed.prefix)).toHaveLength(1_202);

    await doomed.destroy();

    expect(await keysUnder(other.redis, doomed.prefix)).toEqual([]);
    expect(await other.redis.get(`${other.prefix}keep`)).toBe("yes");
    expect(doomed.redis.status).toBe("end");
  });
});
