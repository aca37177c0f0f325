import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
