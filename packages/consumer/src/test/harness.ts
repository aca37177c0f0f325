import { Redis } from "ioredis";
import { afterAll } from "vitest";
import { testEngineOptions } from "@sift/grouping-engine/testing";
import { createOrganization, createProject, migrateToLatest } from "@sift/storage";
import type { Db } from "@sift/storage";
import { mutableClock, testDatabase, testRedis } from "@sift/testkit";
import type { MutableClock, TestDatabase, TestRedis } from "@sift/testkit";
import { createPipeline } from "../pipeline.js";
import type { Pipeline } from "../pipeline.js";
import type { InputMessage, MessageOutcome } from "../processor.js";

export interface Harness {
  db: Db;
  redis: Redis;
  prefix: string;
  clock: MutableClock;
  pipeline: Pipeline;
  organizationId: number;
  /** Another daemon's pipeline (its own engine and caches) over `db`, with the same Redis and clock. */
  pipelineOn(db: Db): Pipeline;
  process(payloads: readonly (Record<string, unknown> | string)[]): Promise<MessageOutcome[]>;
  destroy(): Promise<void>;
}

/** The test file's harness: created while the file is collected, destroyed after its last test. */
export async function useHarness(options: { now?: string } = {}): Promise<Harness> {
  const h = await createHarness(options);
  afterAll(() => h.destroy());
  return h;
}

/** A migrated database with org `acme` and project 1 `web`, a Redis prefix, and the direct pipeline. */
export async function createHarness(options: { now?: string } = {}): Promise<Harness> {
  const database: TestDatabase = await testDatabase({
    migrate: async (db) => void (await migrateToLatest(db)),
  });
  const redis: TestRedis = await testRedis();
  const clock = mutableClock(options.now ?? "2026-11-27T12:00:00Z");
  const org = await createOrganization(database.db, "acme");
  await createProject(database.db, { organizationId: org.id, slug: "web", id: 1 });
  const pipelineOn = (db: Db): Pipeline => createPipeline(testEngineOptions(db, redis, clock));
  const pipeline = pipelineOn(database.db);
  return {
    db: database.db,
    redis: redis.redis,
    prefix: redis.prefix,
    clock,
    pipeline,
    organizationId: org.id,
    pipelineOn,
    process: (payloads) =>
      pipeline.processor.processIsolating(
        payloads.map((p): InputMessage => ({ value: typeof p === "string" ? p : JSON.stringify(p) })),
      ),
    async destroy() {
      await redis.destroy();
      await database.destroy();
    },
  };
}

let counter = 0;
/** A fresh 32-hex id for generated messages. */
export function newId(): string {
  counter += 1;
  return (
    Date.now().toString(16) +
    counter.toString(16).padStart(8, "0") +
    Math.random().toString(16).slice(2)
  )
    .padEnd(32, "0")
    .slice(0, 32);
}
