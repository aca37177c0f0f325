import { inject } from "vitest";
import type { Knex } from "knex";

import { createTestDatabase } from "./database.js";
import type { TestDatabase } from "./database.js";
import { createTestKafka } from "./kafka.js";
import type { TestKafka } from "./kafka.js";
import type {} from "./provided.js";
import { createTestRedis } from "./redis.js";
import type { TestRedis } from "./redis.js";

export interface TestDatabaseUseOptions {
  migrate?: (db: Knex) => Promise<void>;
  prefix?: string;
}

export interface TestKafkaUseOptions {
  partitions?: number;
}

/** A fresh database on the server the global setup checked (`inject("databaseUrl")`). */
export function testDatabase(options: TestDatabaseUseOptions = {}): Promise<TestDatabase> {
  return createTestDatabase({ databaseUrl: inject("databaseUrl"), ...options });
}

/** A Redis connection with a unique key prefix (`inject("redisUrl")`). */
export function testRedis(): Promise<TestRedis> {
  return createTestRedis({ redisUrl: inject("redisUrl") });
}

/** Unique topics and group on the brokers the global setup checked (`inject("kafkaBrokers")`). */
export function testKafka(options: TestKafkaUseOptions = {}): Promise<TestKafka> {
  return createTestKafka({ brokers: inject("kafkaBrokers"), ...options });
}
