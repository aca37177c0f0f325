import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Redis } from "ioredis";
import { Kafka, logLevel } from "kafkajs";
import knex from "knex";
import { groupTypes, silentLogger } from "@sift/schemas";
import { createApiToken, createOrganization, createProject, migrateToLatest } from "@sift/storage";
import { createPipeline } from "@sift/consumer";
import type { IngestConsumer, MessageOutcome } from "@sift/consumer";
import { createOccurrenceProducer } from "@sift/producer";
import { testProducer } from "@sift/producer/testing";
import { listFixtures, loadFixtureText, testDatabase, testKafka, testRedis } from "@sift/testkit";
import type { TestDatabase, TestKafka, TestRedis } from "@sift/testkit";
import { buildIngestServer } from "./server.js";
import type { IngestServerDeps } from "./server.js";
import { PromMetrics } from "@sift/schemas/prometheus";

const clock = { now: () => new Date("2026-11-27T12:00:00Z") };
let t: TestDatabase;
let r: TestRedis;
let tokens: { write: string; read: string; other: string };
let deps: IngestServerDeps;

beforeAll(async () => {
  t = await testDatabase({ migrate: async (db) => void (await migrateToLatest(db)) });
  r = await testRedis();
  const acme = await createOrganization(t.db, "acme");
  const other = await createOrganization(t.db, "other");
  await createProject(t.db, { organizationId: acme.id, slug: "web", id: 1 });
  await createProject(t.db, { organizationId: other.id, slug: "api", id: 2 });
  tokens = {
    write: (await createApiToken(t.db, { organizationId: acme.id, scopes: ["event:write"] })).token,
    read: (await createApiToken(t.db, { organizationId: acme.id, scopes: ["event:read"] })).token,
    other: (await createApiToken(t.db, { organizationId: other.id, scopes: ["event:admin"] })).token,
  };
  const metrics = new PromMetrics({ defaultMetrics: false });
  const { processor } = createPipeline({
    db: t.db,
    redis: r.redis,
    logger: silentLogger,
    metrics,
    clock,
    types: groupTypes,
    keyPrefix: r.prefix,
    cacheTtlMs: 0,
  });
  deps = {
    db: t.db,
    redis: r.redis,
    logger: silentLogger,
    clock,
    types: groupTypes,
    metrics,
    producer: createOccurrenceProducer({ topic: "unused", logger: silentLogger, processor }),
    consumer: null,
    kafkaCheck: null,
    retentionDays: 90,
  };
});
afterAll(async () => {
  await r.destroy();
  await t.destroy();
});

/** POSTs `body` to the intake of `org` (acme), on a server whose dependencies are `deps` but for `other`. */
const post = (
  body: string | Buffer,
  token?: string,
  { org = "acme", ...other }: { org?: string } & Partial<IngestServerDeps> = {},
) =>
  buildIngestServer({ ...deps, ...other }).inject({
    method: "POST",
    url: `/api/0/organizations/${org}/occurrences/`,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    payload: body,
  });

/** Expects the intake's 202 for a body of one message, with that message's outcome. */
function expectOneOutcome(res: Awaited<ReturnType<typeof post>>, outcome: Record<string, unknown>) {
  expect(res.statusCode).toBe(202);
  expect(res.json()).toEqual({ messages: [{ index: 0, ...outcome }] });
}

describe("intake (direct processing)", () => {
  it("processes valid fixtures and answers 202 with each message's outcome", async () => {
    const res = await post(loadFixtureText("valid/occurrence-buffered-spans.json"), tokens.write);
    expectOneOutcome(res, {
      id: "7d1e2f3a4b5c4d6e8f9a0b1c2d3e4f50",
      payloadType: "occurrence",
      status: "noise_gated",
      issueId: null,
    });
    const again = await post(loadFixtureText("valid/occurrence-buffered-spans.json"), tokens.write);
    expect((again.json() as { messages: { status: string }[] }).messages[0]!.status).toBe("duplicate");
  });

  it("parses the body once: neither validation nor processing decodes a message again", async () => {
    const fixture = JSON.parse(loadFixtureText("valid/occurrence-inline-event.json")) as Record<
      string,
      unknown
    >;
    const ids = ["0a1b2c3d4e5f40718293a4b5c6d7e801", "0a1b2c3d4e5f40718293a4b5c6d7e802"];
    const body = JSON.stringify(
      ids.map((id, i) => {
        const eventId = `9f8e7d6c5b4a49382716a5b4c3d2e1f${i}`;
        return {
          ...fixture,
          id,
          event_id: eventId,
          event: { ...(fixture.event as object), event_id: eventId },
        };
      }),
    );
    const parse = vi.spyOn(JSON, "parse");
    let res: Awaited<ReturnType<typeof post>>;
    let calls: unknown[][];
    try {
      res = await post(body, tokens.write);
    } finally {
      calls = [...parse.mock.calls];
      parse.mockRestore();
    }
    expect(res.statusCode).toBe(202);
    expect((res.json() as { messages: { status: string }[] }).messages.map((m) => m.status)).toEqual([
      "noise_gated",
      "noise_gated",
    ]);
    const parsesOfMessages = calls.filter(
      ([text]) => typeof text === "string" && ids.some((id) => text.includes(id)),
    );
    expect(parsesOfMessages).toEqual([[body]]);
    expect(await t.db("occurrences").whereIn("id", ids).count({ n: "*" })).toEqual([{ n: 2 }]);
  });

  it("stores the occurrence as it arrived, less its inline event", async () => {
    const fixture = JSON.parse(loadFixtureText("valid/occurrence-inline-event.json")) as Record<
      string,
      unknown
    >;
    const eventId = "9f8e7d6c-5b4a-4938-a716-a5b4c3d2e1f9";
    const { event, ...arrived } = {
      ...fixture,
      id: "0A1B2C3D-4E5F-4071-8293-A4B5C6D7E803",
      event_id: eventId,
      event: { ...(fixture.event as object), event_id: eventId },
      detection_time: "2026-11-27T11:30:00.250+00:00",
      priority: 75,
      culprit: null,
      sender_note: "kept",
    };
    const res = await post(JSON.stringify({ ...arrived, event }), tokens.write);
    expect(res.statusCode).toBe(202);
    const row = (await t.db("occurrences").where({ id: "0a1b2c3d4e5f40718293a4b5c6d7e803" }).first()) as {
      payload: Record<string, unknown>;
    };
    expect(row.payload).toEqual(arrived);
  });

  it("answers 400 naming the field for each invalid fixture, and stores nothing", async () => {
    for (const name of listFixtures("invalid")) {
      const res = await post(loadFixtureText(name), tokens.write);
      expect(res.statusCode, name).toBe(400);
      expect(typeof (res.json() as { detail: string }).detail).toBe("string");
    }
    const bad = await post(loadFixtureText("invalid/bad-uuid.json"), tokens.write);
    expect(bad.json()).toMatchObject({
      detail: '"id" is not a valid UUID: "not-a-uuid"',
      errors: [{ code: "INVALID_UUID", path: "id" }],
    });
    const mixed = await post(
      `[${loadFixtureText("valid/occurrence-inline-event.json")}, {"id": 1}]`,
      tokens.write,
    );
    expect(mixed.statusCode).toBe(400);
    expect((mixed.json() as { detail: string }).detail).toMatch(/^Message 1: /);
    const stored = await t.db("occurrences").where({ id: "4f2c1a9e8b7d4c3fa1e2d3c4b5a69788" }).first();
    expect(stored).toBeUndefined();
  });

  it("refuses bodies that are not JSON, not UTF-8, or too large for one message", async () => {
    expect((await post("{nope", tokens.write)).statusCode).toBe(400);
    const notUtf8 = await post(Buffer.from([0x7b, 0xff, 0x7d]), tokens.write);
    expect(notUtf8.statusCode).toBe(400);
    expect(notUtf8.json()).toEqual({ detail: "The body is not valid UTF-8" });
    const huge = JSON.stringify({
      ...JSON.parse(loadFixtureText("valid/occurrence-lookup-event.json")),
      subtitle: "x".repeat(1_100_000),
    });
    const res = await post(huge, tokens.write);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ errors: [{ code: "MESSAGE_TOO_LARGE" }] });
  });

  it("refuses a message nested too deep to serialise with 400 PAYLOAD_TOO_DEEP, not a 500", async () => {
    const base = JSON.parse(loadFixtureText("valid/occurrence-lookup-event.json")) as Record<string, unknown>;
    const depth = 20_000;
    const body = JSON.stringify({ ...base, evidence_data: "X" }).replace(
      '"X"',
      '{"d":'.repeat(depth) + "1" + "}".repeat(depth),
    );
    const res = await post(body, tokens.write);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      detail: "JSON nesting deeper than 64 levels",
      errors: [{ index: 0, code: "PAYLOAD_TOO_DEEP" }],
    });
    const batch = await post(
      `[${body}, ${loadFixtureText("valid/occurrence-inline-event.json")}]`,
      tokens.write,
    );
    expect(batch.statusCode).toBe(400);
    expect(batch.json()).toMatchObject({ errors: [{ index: 0, code: "PAYLOAD_TOO_DEEP" }] });
  });

  it("answers 401 without a token, 403 without event:write, 404 for another organisation", async () => {
    const body = loadFixtureText("valid/occurrence-inline-event.json");
    expect((await post(body)).statusCode).toBe(401);
    expect((await post(body, "sntryu_" + "0".repeat(64))).statusCode).toBe(401);
    expect((await post(body, tokens.read)).statusCode).toBe(403);
    expect((await post(body, tokens.other)).statusCode).toBe(404);
    expect((await post(body, tokens.write, { org: "nonexistent" })).statusCode).toBe(404);
  });

  it("refuses a project of another organisation without saying whether it exists", async () => {
    const occ = JSON.parse(loadFixtureText("valid/occurrence-lookup-event.json")) as Record<string, unknown>;
    const foreign = await post(JSON.stringify({ ...occ, project_id: 2 }), tokens.write);
    const missing = await post(JSON.stringify({ ...occ, project_id: 999 }), tokens.write);
    expect(foreign.statusCode).toBe(400);
    expect((foreign.json() as { detail: string }).detail).toBe(
      "Project 2 is not a project of organization acme",
    );
    expect((missing.json() as { detail: string }).detail).toBe(
      "Project 999 is not a project of organization acme",
    );
  });

  it("exposes metrics named after the reference's", async () => {
    const res = await buildIngestServer(deps).inject({ method: "GET", url: "/metrics" });
    expect(res.body).toContain('occurrence_ingest_messages_total{occurrence_type="1009"}');
    expect(res.body).toContain("issues_issue_dropped_noise_reduction_total");
  });
});

describe("readiness", () => {
  it("is not ready while the consumer joins its group, and says so", async () => {
    const joining = {
      healthy: () => false,
      lastError: () => "joining the consumer group",
    } as unknown as IngestConsumer;
    const res = await buildIngestServer({ ...deps, consumer: joining }).inject({
      method: "GET",
      url: "/readyz",
    });
    expect(res.statusCode).toBe(503);
    expect((res.json() as { checks: Record<string, string> }).checks.consumer).toBe(
      "joining the consumer group",
    );
  });

  it("names the dependency that is down", async () => {
    const deadRedis = new Redis("redis://127.0.0.1:1", {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    deadRedis.on("error", () => undefined);
    try {
      const res = await buildIngestServer({ ...deps, redis: deadRedis }).inject({
        method: "GET",
        url: "/readyz",
      });
      expect(res.statusCode).toBe(503);
      const body = res.json() as { status: string; checks: Record<string, string> };
      expect(body.status).toBe("unavailable");
      expect(body.checks.postgres).toBe("ok");
      expect(body.checks.redis).toMatch(/^down: /);
    } finally {
      deadRedis.disconnect();
    }
    const ok = await buildIngestServer(deps).inject({ method: "GET", url: "/readyz" });
    expect(ok.json()).toEqual({ status: "ok", checks: { postgres: "ok", redis: "ok" } });
  });
});

describe("intake while a dependency is down", () => {
  it("answers 503 with Retry-After, not 500, when Postgres is unreachable", async () => {
    const deadDb = knex({
      client: "pg",
      connection: "postgres://postgres@127.0.0.1:1/sift",
      pool: { min: 0, max: 1 },
    });
    try {
      const res = await post(loadFixtureText("valid/occurrence-inline-event.json"), tokens.write, {
        db: deadDb,
      });
      expect(res.statusCode).toBe(503);
      expect(res.headers["retry-after"]).toBe("5");
      expect((res.json() as { detail: string }).detail).toMatch(/retry later$/);
    } finally {
      await deadDb.destroy();
    }
  });

  it("answers 503 within its produce timeout when Kafka does not acknowledge", async () => {
    const unreachable = new Kafka({
      clientId: "intake-test",
      brokers: ["127.0.0.1:1"],
      logLevel: logLevel.NOTHING,
      retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 10_000 },
    });
    const producer = createOccurrenceProducer<MessageOutcome>({
      kafka: unreachable,
      topic: "nowhere",
      logger: silentLogger,
    });
    const started = Date.now();
    const res = await post(loadFixtureText("valid/status-change-resolve.json"), tokens.write, {
      producer,
      produceTimeoutMs: 1_000,
    });
    expect(res.statusCode).toBe(503);
    expect(res.headers["retry-after"]).toBe("5");
    expect(res.json()).toEqual({
      detail: "Sift cannot store messages right now (Kafka did not acknowledge within 1000 ms); retry later",
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    // kafkajs is still retrying in the background; closing waits for it, the test need not.
    void producer.close().catch(() => undefined);
  });
});

describe("intake (Kafka)", () => {
  let k: TestKafka;
  beforeAll(async () => {
    k = await testKafka();
  });
  afterAll(async () => {
    await k.destroy();
  });

  it("produces each message of an array as it was written in the body", async () => {
    const own = await testKafka({ partitions: 1 });
    const producer = testProducer<MessageOutcome>(own);
    try {
      const change = JSON.parse(loadFixtureText("valid/status-change-resolve.json")) as Record<
        string,
        unknown
      >;
      const elements = [
        JSON.stringify({ ...change, id: "6b4a39281706453fa2b1c0d9e8f7a6b1" }, null, 2),
        `{"payload_type":"status_change","new_status":1, "id":"6b4a3928-1706-453f-a2b1-c0d9e8f7a6b2","project_id":1,"fingerprint":["é,]"]}`,
      ];
      const res = await post(`[\n  ${elements.join(" ,\n")}\n]`, tokens.write, { producer });
      expect(res.statusCode).toBe(202);
      const sent = await own.readAll(own.topic, { expected: 2 });
      expect(sent.map((m) => m.value)).toEqual(elements);
    } finally {
      await producer.close();
      await own.destroy();
    }
  });

  it("produces validated messages unchanged, keyed by fingerprint and project, and answers 202 queued", async () => {
    const producer = testProducer<MessageOutcome>(k);
    try {
      const body = loadFixtureText("valid/status-change-resolve.json");
      const res = await post(body, tokens.write, { producer });
      expectOneOutcome(res, {
        id: "5b4a39281706453fa2b1c0d9e8f7a6b5",
        payloadType: "status_change",
        status: "queued",
      });
      const [message] = await k.readAll(k.topic, { expected: 1 });
      expect(message!.value).toBe(body);
      expect(message!.key).toBe("n-plus-one:/api/orders:SELECT * FROM order_items WHERE order_id = %s-1");
    } finally {
      await producer.close();
    }
  });
});
