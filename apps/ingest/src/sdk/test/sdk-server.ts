import { groupTypes, silentLogger, systemClock } from "@sift/schemas";
import { PromMetrics } from "@sift/schemas/prometheus";
import { createOrganization, createProject, createProjectKey, migrateToLatest } from "@sift/storage";
import type { ProjectKey } from "@sift/storage";
import { createPipeline } from "@sift/consumer";
import type { MessageOutcome } from "@sift/consumer";
import { createOccurrenceProducer } from "@sift/producer";
import { testDatabase, testRedis } from "@sift/testkit";
import type { TestDatabase, TestRedis } from "@sift/testkit";
import type { FastifyInstance } from "fastify";
import { buildIngestServer } from "../../server.js";

/** The ingest server in this process (direct mode) with projects 1 and 2 and keys of project 1. */
export interface SdkServer {
  t: TestDatabase;
  r: TestRedis;
  app: FastifyInstance;
  metrics: PromMetrics;
  key: ProjectKey;
  revoked: ProjectKey;
  /** A key of project 1 that accepts 2 events per hour. */
  limited: ProjectKey;
  /** Another ingest server on the same database and Redis, with a per-project default rate limit. */
  withProjectLimit(limit: { count: number; window: number }): FastifyInstance;
  /** Events stored for project 1. */
  storedEvents(): Promise<number>;
  destroy(): Promise<void>;
}

export async function startSdkServer(): Promise<SdkServer> {
  const t = await testDatabase({ prefix: "sdkbad", migrate: async (db) => void (await migrateToLatest(db)) });
  const r = await testRedis();
  const org = await createOrganization(t.db, "acme");
  await createProject(t.db, { organizationId: org.id, slug: "web", id: 1 });
  await createProject(t.db, { organizationId: org.id, slug: "api", id: 2 });
  const key = await createProjectKey(t.db, { projectId: 1 });
  const revoked = await createProjectKey(t.db, { projectId: 1 });
  await t.db("project_keys").where({ id: revoked.id }).update({ active: false });
  const limited = await createProjectKey(t.db, { projectId: 1, rateLimit: { count: 2, window: 3600 } });
  const metrics = new PromMetrics();
  const { processor } = createPipeline({
    db: t.db,
    redis: r.redis,
    logger: silentLogger,
    metrics,
    clock: systemClock,
    types: groupTypes,
    keyPrefix: r.prefix,
    cacheTtlMs: 0,
  });
  const deps = {
    db: t.db,
    redis: r.redis,
    redisPrefix: r.prefix,
    logger: silentLogger,
    clock: systemClock,
    types: groupTypes,
    metrics,
    producer: createOccurrenceProducer<MessageOutcome>({ topic: "unused", logger: silentLogger, processor }),
    consumer: null,
    kafkaCheck: null,
    retentionDays: 90,
  };
  const app = buildIngestServer(deps);
  const others: FastifyInstance[] = [];
  return {
    t,
    r,
    app,
    metrics,
    key,
    revoked,
    limited,
    withProjectLimit(limit) {
      const other = buildIngestServer({ ...deps, sdkRateLimit: limit });
      others.push(other);
      return other;
    },
    storedEvents: async () =>
      Number(((await t.db("events").where({ project_id: 1 }).count("* as n").first()) as { n: string }).n),
    async destroy() {
      await app.close();
      for (const other of others) await other.close();
      await r.destroy();
      await t.destroy();
    },
  };
}
