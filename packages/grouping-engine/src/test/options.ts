import { groupTypes, noopMetrics, silentLogger } from "@sift/schemas";
import type { Clock } from "@sift/schemas";
import type { Db } from "@sift/storage";
import type { TestRedis } from "@sift/testkit";
import type { GroupingEngineOptions } from "../engine.js";

/** What the tests run a grouping engine (or a whole pipeline) with: silent, uncached, in `redis`'s prefix. */
export function testEngineOptions(
  db: Db,
  redis: TestRedis,
  clock: Clock,
): Omit<GroupingEngineOptions, "regression"> {
  return {
    db,
    redis: redis.redis,
    logger: silentLogger,
    metrics: noopMetrics,
    clock,
    types: groupTypes,
    keyPrefix: redis.prefix,
    cacheTtlMs: 0,
  };
}
