import * as Sentry from "@sentry/node";
import { inject } from "vitest";
import {
  createApiToken,
  createOrganization,
  createProject,
  createProjectKey,
  migrateToLatest,
} from "@sift/storage";
import { startApp, testDatabase, testKafka } from "@sift/testkit";
import type { Daemon, TestDatabase, TestKafka } from "@sift/testkit";

/** The real daemons an SDK test talks to: the ingest daemon (direct or on Kafka) and the API. */
export interface SdkDaemons {
  db: TestDatabase;
  ingest: Daemon;
  api: Daemon;
  /** The DSN of project `web` (id 1) of organization `acme`. */
  dsn: string;
  token: string;
  /** The API's JSON for a path under /api/0, with the admin token. */
  get<T>(path: string): Promise<T>;
  put(path: string, body: unknown): Promise<Response>;
  /** A Sentry client of its own (of the default integrations, context lines) sending to `dsn`. */
  client(options?: { release?: string; environment?: string }): {
    client: Sentry.NodeClient;
    scope: Sentry.Scope;
  };
  /** Polls the API until `accept` holds for the answer (Kafka mode processes after the SDK's answer). */
  until<T>(path: string, accept: (value: T) => boolean): Promise<T>;
  stop(): Promise<void>;
}

export async function startSdkDaemons(mode: "direct" | "kafka"): Promise<SdkDaemons> {
  const db = await testDatabase({ prefix: "sdk", migrate: async (d) => void (await migrateToLatest(d)) });
  const org = await createOrganization(db.db, "acme");
  await createProject(db.db, { organizationId: org.id, slug: "web", id: 1 });
  await createProject(db.db, { organizationId: org.id, slug: "api", id: 2 });
  const { token } = await createApiToken(db.db, { organizationId: org.id, scopes: ["event:admin"] });
  const key = await createProjectKey(db.db, { projectId: 1, label: "test" });
  const kafka: TestKafka | null = mode === "kafka" ? await testKafka({ partitions: 2 }) : null;
  const common = {
    PATH: process.env.PATH,
    DATABASE_URL: db.url,
    REDIS_URL: inject("redisUrl"),
    KAFKAJS_NO_PARTITIONER_WARNING: "1",
  };
  const ingest = await startApp("ingest", {
    fromSource: true,
    portVar: "INGEST_PORT",
    env: {
      ...common,
      ...(kafka
        ? {
            KAFKA_BROKERS: kafka.brokers.join(","),
            KAFKA_TOPIC_OCCURRENCES: kafka.topic,
            KAFKA_TOPIC_DLQ: kafka.dlqTopic,
            KAFKA_GROUP_ID: kafka.groupId,
            KAFKA_TOPIC_PARTITIONS: "2",
          }
        : {}),
    },
  });
  const api = await startApp("api", { fromSource: true, portVar: "PORT", env: common });
  const dsn = `http://${key.publicKey}@${new URL(ingest.base).host}/1`;
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${api.base}/api/0${path}`, { headers });
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    db,
    ingest,
    api,
    dsn,
    token,
    get,
    put: (path, body) =>
      fetch(`${api.base}/api/0${path}`, { method: "PUT", headers, body: JSON.stringify(body) }),
    client(options = {}) {
      const client = new Sentry.NodeClient({
        dsn,
        transport: Sentry.makeNodeTransport,
        stackParser: Sentry.defaultStackParser,
        // Context lines are part of each frame's grouping, as with the SDK's default integrations.
        integrations: [Sentry.contextLinesIntegration()],
        ...options,
      });
      const scope = new Sentry.Scope();
      scope.setClient(client);
      client.init();
      return { client, scope };
    },
    async until<T>(path: string, accept: (value: T) => boolean): Promise<T> {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const value = await get<T>(path);
        if (accept(value)) return value;
        if (Date.now() > deadline) throw new Error(`GET ${path} never matched: ${JSON.stringify(value)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      await ingest.stop();
      await api.stop();
      await kafka?.destroy();
      await db.destroy();
    },
  };
}
