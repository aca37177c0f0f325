import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventSearchTerms } from "@sift/schemas";
import { testDatabase } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";
import { createOrganization, createProject, migrateToLatest, migrationSource } from "./index.js";

let t: TestDatabase;

beforeAll(async () => {
  t = await testDatabase();
});
afterAll(async () => {
  await t.destroy();
});

async function schemaFingerprint(): Promise<string> {
  const result = (await t.db.raw(
    `SELECT string_agg(table_name || '.' || column_name || ':' || data_type, ',' ORDER BY table_name, column_name) AS s
       FROM information_schema.columns WHERE table_schema = 'public'`,
  )) as { rows: { s: string }[] };
  const indexes = (await t.db.raw(
    `SELECT string_agg(indexname, ',' ORDER BY indexname) AS s FROM pg_indexes WHERE schemaname = 'public'`,
  )) as { rows: { s: string }[] };
  return `${result.rows[0]!.s}|${indexes.rows[0]!.s}`;
}

describe("migrations", () => {
  it("apply once, and a second run is a no-op", async () => {
    const first = await migrateToLatest(t.db);
    expect(first.applied).toEqual(await migrationSource.getMigrations([]));
    expect(first.applied[0]).toBe("20261127000000_initial");
    const before = await schemaFingerprint();
    const second = await migrateToLatest(t.db);
    expect(second.applied).toEqual([]);
    expect(await schemaFingerprint()).toBe(before);
  });

  it("enforce the uniqueness the pipeline relies on", async () => {
    const org = await createOrganization(t.db, "acme");
    const project = await createProject(t.db, { organizationId: org.id, slug: "web", id: 1 });
    expect(project.id).toBe(1);
    const violation = async (fn: () => Promise<unknown>): Promise<string | undefined> => {
      try {
        await fn();
      } catch (error) {
        return (error as { constraint?: string }).constraint;
      }
      return undefined;
    };
    await t.db("issue_hashes").insert({ project_id: 1, hash: "a".repeat(32), issue_id: null });
    expect(await violation(() => t.db("issue_hashes").insert({ project_id: 1, hash: "a".repeat(32) }))).toBe(
      "issue_hashes_pkey",
    );
    const occurrence = {
      project_id: 1,
      id: "4f2c1a9e8b7d4c3fa1e2d3c4b5a69788",
      event_id: "9a8b7c6d5e4f40318293a4b5c6d7e8f9",
      type: 1006,
      outcome: "grouped",
      fingerprint: ["a".repeat(32)],
      detection_time: new Date(),
      payload: {},
    };
    await t.db("occurrences").insert(occurrence);
    expect(await violation(() => t.db("occurrences").insert(occurrence))).toBe("occurrences_pkey");
    const event = { project_id: 1, event_id: occurrence.event_id, timestamp: new Date(), data: {} };
    await t.db("events").insert(event);
    expect(await violation(() => t.db("events").insert(event))).toBe("events_pkey");
    const issue = {
      organization_id: org.id,
      project_id: 1,
      short_id: 1,
      first_seen: new Date(),
      last_seen: new Date(),
      active_at: new Date(),
    };
    await t.db("issues").insert(issue);
    expect(await violation(() => t.db("issues").insert(issue))).toBe("issues_project_id_short_id_key");
    // The same hash in another project is another issue's.
    await createProject(t.db, { organizationId: org.id, slug: "api", id: 2 });
    await t.db("issue_hashes").insert({ project_id: 2, hash: "a".repeat(32) });
  });

  it("allocates project ids when none is given", async () => {
    const org = await createOrganization(t.db, "other");
    const project = await createProject(t.db, { organizationId: org.id, slug: "auto" });
    expect(project.id).toBeGreaterThan(2);
  });
});

describe("the event search terms column", () => {
  it("fills stored events with exactly the terms ingest writes for new ones", async () => {
    const old = await testDatabase();
    try {
      const config = { migrationSource, tableName: "sift_migrations" };
      for (const name of await migrationSource.getMigrations([])) {
        if (name >= "20261201130000") break;
        await old.db.migrate.up({ ...config, name });
      }
      const bodies: Record<string, unknown>[] = [
        {
          tags: { browser: "Chrome", "bad key": "x", empty: "", gone: null },
          user: { id: 42, email: "a@example.com" },
          metadata: { title: "TypeError: x" },
          sdk: { name: "sentry.javascript.node", version: "11.12.0" },
          request: { url: "https://example.com/a", method: "GET" },
          contexts: { trace: { trace_id: "abc" } },
          platform: "node",
          server_name: "web-1",
        },
        {
          tags: [
            ["release", "1.0"],
            ["long", "v".repeat(500)],
            ["n", null],
          ],
          user: { id: "", username: "ann" },
        },
        { user: "not an object", tags: "nor this" },
      ];
      await old.db.raw(
        `INSERT INTO events (project_id, event_id, timestamp, data)
           SELECT 1, md5(i::text)::uuid, now(), d FROM unnest(?::json[]) WITH ORDINALITY AS u(d, i)`,
        [bodies.map((b) => JSON.stringify(b))],
      );
      await migrateToLatest(old.db);
      const stored = (await old.db.raw(
        `SELECT search_terms AS indexed, long_search_terms AS long FROM events
          ORDER BY event_id = md5('1')::uuid DESC, event_id = md5('2')::uuid DESC`,
      )) as { rows: { indexed: string[]; long: string[] | null }[] };
      const sorted = (t: { indexed: string[]; long: string[] | null }): unknown => ({
        indexed: [...t.indexed].sort(),
        long: t.long,
      });
      expect(stored.rows.map(sorted)).toEqual(bodies.map((b) => sorted(eventSearchTerms(b))));
      expect(eventSearchTerms(bodies[0]!).indexed.sort()).toEqual([
        "f:http.method=GET",
        "f:http.url=https://example.com/a",
        "f:platform.name=node",
        "f:sdk.name=sentry.javascript.node",
        "f:sdk.version=11.12.0",
        "f:server_name=web-1",
        "f:title=TypeError: x",
        "f:trace=abc",
        "f:user.email=a@example.com",
        "f:user.id=42",
        "f:user=id:42",
        "t:browser=Chrome",
        "t:empty=",
      ]);
      const long = `t:long=${"v".repeat(500)}`;
      expect(eventSearchTerms(bodies[1]!)).toEqual({
        indexed: [
          "f:user.username=ann",
          "f:user=username:ann",
          "t:release=1.0",
          `h:${createHash("md5").update(long).digest("hex")}`,
        ],
        long: [long],
      });
      expect(eventSearchTerms(bodies[2]!)).toEqual({ indexed: [], long: null });
    } finally {
      await old.destroy();
    }
  });
});
