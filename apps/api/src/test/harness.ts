import { Redis } from "ioredis";
import { afterAll, expect } from "vitest";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { createPipeline } from "@sift/consumer";
import type { MessageOutcome, Pipeline } from "@sift/consumer";
import { testEngineOptions } from "@sift/grouping-engine/testing";
import { createApiToken, createOrganization, createProject, migrateToLatest } from "@sift/storage";
import type { Db, Organization, Project } from "@sift/storage";
import type { TokenScope } from "@sift/schemas";
import { mutableClock, testDatabase, testRedis } from "@sift/testkit";
import type { MutableClock, TestDatabase, TestRedis } from "@sift/testkit";
import { PromMetrics } from "@sift/schemas/prometheus";
import { buildServer } from "../server.js";
import { occurrence } from "./generate.js";
import type { OccurrenceSpec } from "./generate.js";

export interface OrgFixture {
  organization: Organization;
  projects: Project[];
  tokens: Record<"read" | "write" | "admin", string>;
}

export interface ApiHarness {
  db: Db;
  redis: Redis;
  clock: MutableClock;
  pipeline: Pipeline;
  app: FastifyInstance;
  metrics: PromMetrics;
  /** Organization `acme` with projects `web` (id 1) and `api` (id 2) and one token per scope. */
  acme: OrgFixture;
  /** Creates another organization with its projects and tokens. */
  createOrg(slug: string, projects: { slug: string; id: number }[]): Promise<OrgFixture>;
  /** Ingests occurrences through the real pipeline, one batch. */
  ingest(specs: readonly OccurrenceSpec[]): Promise<MessageOutcome[]>;
  /** `inject` with a bearer token (admin of acme by default; null for none). */
  request(
    method: "GET" | "PUT" | "DELETE" | "POST",
    url: string,
    options?: { token?: string | null; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  destroy(): Promise<void>;
}

/** The test file's harness: created while the file is collected, destroyed after its last test. */
export async function useApiHarness(
  options: { now?: Date; retentionDays?: number } = {},
): Promise<ApiHarness> {
  const h = await createApiHarness(options);
  afterAll(() => h.destroy());
  return h;
}

/** A migrated database, Redis prefix, the ingest pipeline and the API on one mutable clock. */
export async function createApiHarness(
  options: { now?: Date; retentionDays?: number } = {},
): Promise<ApiHarness> {
  const database: TestDatabase = await testDatabase({
    prefix: "api",
    migrate: async (db) => void (await migrateToLatest(db)),
  });
  const redis: TestRedis = await testRedis();
  const clock = mutableClock(options.now ?? new Date());
  const pipeline = createPipeline(testEngineOptions(database.db, redis, clock));
  const metrics = new PromMetrics();
  const app = await buildServer({
    db: database.db,
    clock,
    metrics,
    retentionDays: options.retentionDays ?? 90,
    // Every answer of every test is checked against the OpenAPI document's schemas.
    checkResponses: true,
  });

  const createOrg = async (slug: string, projects: { slug: string; id: number }[]): Promise<OrgFixture> => {
    const organization = await createOrganization(database.db, slug);
    const created: Project[] = [];
    for (const p of projects)
      created.push(
        await createProject(database.db, { organizationId: organization.id, slug: p.slug, id: p.id }),
      );
    const token = async (scopes: TokenScope[]): Promise<string> =>
      (await createApiToken(database.db, { organizationId: organization.id, scopes })).token;
    return {
      organization,
      projects: created,
      tokens: {
        read: await token(["event:read"]),
        write: await token(["event:write"]),
        admin: await token(["event:admin"]),
      },
    };
  };
  const acme = await createOrg("acme", [
    { slug: "web", id: 1 },
    { slug: "api", id: 2 },
  ]);

  return {
    db: database.db,
    redis: redis.redis,
    clock,
    pipeline,
    app,
    metrics,
    acme,
    createOrg,
    async ingest(specs) {
      const outcomes = await pipeline.processor.processBatch(
        specs.map((s) => ({ value: JSON.stringify(occurrence(s)) })),
      );
      for (const o of outcomes) {
        if (o.kind === "invalid") throw new Error(`occurrence refused: ${o.error.message}`);
      }
      return outcomes;
    },
    request(method, url, opts = {}) {
      const token = opts.token === undefined ? acme.tokens.admin : opts.token;
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (token !== null) headers.authorization = `Bearer ${token}`;
      return app.inject({
        method,
        url,
        headers,
        ...(opts.body === undefined ? {} : { payload: opts.body as Record<string, unknown> }),
      });
    },
    async destroy() {
      await app.close();
      await redis.destroy();
      await database.destroy();
    },
  };
}

/** Issue ids of a list response body. */
export function ids(response: LightMyRequestResponse): number[] {
  return response.json<{ id: string }[]>().map((i) => Number(i.id));
}

/**
 * Acme's issue list never shows `issue`: not in the list, not by `group`, not as the direct hit of its
 * event id, not by its short id. Answers the ids the short-id lookup listed instead.
 */
export async function expectUnlisted(
  h: Pick<ApiHarness, "request">,
  issue: { id: number; eventId: string; shortId: string },
): Promise<number[]> {
  const list = "/api/0/organizations/acme/issues/";
  const listed = await h.request("GET", `${list}?query=`);
  expect(ids(listed)).not.toContain(issue.id);
  expect(listed.headers["x-hits"]).toBe(String(ids(listed).length));
  expect(ids(await h.request("GET", `${list}?group=${issue.id}`))).toEqual([]);
  const direct = await h.request("GET", `${list}?query=${issue.eventId}`);
  expect(direct.headers["x-sentry-direct-hit"]).toBeUndefined();
  expect(ids(direct)).toEqual([]);
  const short = ids(await h.request("GET", `${list}?query=${issue.shortId}&shortIdLookup=1`));
  expect(short).not.toContain(issue.id);
  return short;
}

/** The `cursor` of a `Link` header's rel, with whether it has results. */
export function linkCursor(
  response: LightMyRequestResponse,
  rel: "next" | "previous",
): { cursor: string; results: boolean } {
  const header = String(response.headers.link ?? "");
  const part = header.split(/,\s*(?=<)/).find((p) => p.includes(`rel="${rel}"`));
  if (!part) throw new Error(`no ${rel} link in ${header}`);
  const cursor = /cursor="([^"]*)"/.exec(part)![1]!;
  const results = /results="(true|false)"/.exec(part)![1] === "true";
  return { cursor, results };
}

/** The issue a raw fingerprint grouped into in a project (test-side lookup), or undefined. */
export async function issueRow(
  db: Db,
  projectId: number,
  fingerprint: string,
): Promise<
  | {
      id: number;
      status: number;
      substatus: number | null;
      priority: number | null;
      priority_locked_at: Date | null;
      times_seen: number;
      resolved_at: Date | null;
      assignee_user_id: number | null;
      assignee_team_id: number | null;
      delete_after: Date | null;
    }
  | undefined
> {
  const { hashFingerprintElement } = await import("@sift/schemas");
  return db("issues as i")
    .join("issue_hashes as h", "h.issue_id", "i.id")
    .where({ "h.project_id": projectId, "h.hash": hashFingerprintElement(fingerprint) })
    .first("i.*");
}
