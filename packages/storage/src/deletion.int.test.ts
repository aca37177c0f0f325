import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GroupStatus } from "@sift/schemas";
import { testDatabase } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";
import {
  createOrganization,
  createProject,
  getIssue,
  lockIssuesForUpdate,
  markIssuesForDeletion,
  migrateToLatest,
  purgeDeletedIssues,
} from "./index.js";
import { ISSUE_TABLES } from "./deletion.js";

let t: TestDatabase;
let orgId: number;
const NOW = new Date("2026-11-27T12:00:00Z");
const HOUR = 3_600_000;

beforeAll(async () => {
  t = await testDatabase({ prefix: "deletion", migrate: async (db) => void (await migrateToLatest(db)) });
  const org = await createOrganization(t.db, "acme");
  orgId = org.id;
  await createProject(t.db, { organizationId: org.id, slug: "web", id: 1 });
});
afterAll(async () => {
  await t?.destroy();
});

let shortId = 0;
let hash = 0;

/** An issue with one row in every table that references issues. */
async function issueWithRows(occurrences = 3): Promise<number> {
  shortId += 1;
  const [row] = (await t
    .db("issues")
    .insert({
      organization_id: orgId,
      project_id: 1,
      short_id: shortId,
      first_seen: NOW,
      last_seen: NOW,
      active_at: NOW,
    })
    .returning("id")) as { id: number }[];
  const id = Number(row!.id);
  hash += 1;
  await t.db("issue_hashes").insert({ project_id: 1, hash: String(hash).padStart(32, "0"), issue_id: id });
  for (let i = 0; i < occurrences; i++) {
    const occurrenceId = `${String(id).padStart(16, "0")}${String(i).padStart(16, "0")}`;
    await t.db("occurrences").insert({
      project_id: 1,
      id: occurrenceId,
      issue_id: id,
      event_id: occurrenceId,
      type: 1,
      outcome: "grouped",
      fingerprint: ["a".repeat(32)],
      detection_time: NOW,
      payload: {},
    });
    await t
      .db("events")
      .insert({ project_id: 1, event_id: occurrenceId, timestamp: NOW, data: {} })
      .onConflict()
      .ignore();
  }
  const env = (await t
    .db("environments")
    .insert({ organization_id: orgId, name: `env-${id}` })
    .returning("id")) as { id: number }[];
  const release = (await t
    .db("releases")
    .insert({ organization_id: orgId, version: `v${id}` })
    .returning("id")) as { id: number }[];
  await t.db("issue_stats_hourly").insert({ issue_id: id, hour: NOW, count: occurrences });
  await t.db("issue_users").insert({ issue_id: id, user_key: "id:1", first_seen: NOW });
  await t.db("issue_tag_values").insert({
    issue_id: id,
    key: "level",
    value: "error",
    times_seen: occurrences,
    first_seen: NOW,
    last_seen: NOW,
  });
  await t.db("issue_environments").insert({ issue_id: id, environment_id: env[0]!.id, first_seen: NOW });
  await t
    .db("issue_releases")
    .insert({ issue_id: id, release_id: release[0]!.id, first_seen: NOW, last_seen: NOW });
  await t.db("issue_inbox").insert({ issue_id: id, organization_id: orgId, project_id: 1, reason: 0 });
  await t.db("activities").insert({ project_id: 1, issue_id: id, type: 1 });
  await t.db("issue_history").insert({ organization_id: orgId, project_id: 1, issue_id: id, status: 1 });
  await t.db("issue_resolutions").insert({ issue_id: id, type: 0, status: 1 });
  await t.db("snoozes").insert({ issue_id: id, count: 5 });
  await t.db("issue_forecasts").insert({ issue_id: id, forecast_day: NOW, limits: [10], computed_at: NOW });
  const [repository] = (await t
    .db("repositories")
    .insert({ organization_id: orgId, name: `repo-${id}` })
    .returning("id")) as { id: number }[];
  const [commit] = (await t
    .db("commits")
    .insert({ organization_id: orgId, repository_id: repository!.id, key: `c${id}` })
    .returning("id")) as { id: number }[];
  await t.db("issue_commit_links").insert({ issue_id: id, commit_id: commit!.id });
  await t.db("status_changes").insert({
    project_id: 1,
    id: `${String(id).padStart(16, "0")}ffffffffffffffff`,
    issue_id: id,
    new_status: 1,
    outcome: "applied",
  });
  const [user] = (await t
    .db("users")
    .insert({ email: `u${id}@acme.test`, username: `u${id}` })
    .returning("id")) as { id: number }[];
  await t.db("issue_bookmarks").insert({ user_id: user!.id, issue_id: id, date_added: NOW });
  await t.db("issue_seen").insert({ user_id: user!.id, issue_id: id, last_seen: NOW });
  await t
    .db("issue_subscriptions")
    .insert({ user_id: user!.id, issue_id: id, is_active: true, reason: 0, date_added: NOW });
  const [rule] = (await t
    .db("alert_rules")
    .insert({ organization_id: orgId, project_id: 1, name: `rule-${id}` })
    .returning("id")) as { id: number }[];
  await t.db("alert_rule_issues").insert({ rule_id: rule!.id, issue_id: id, last_fired: NOW });
  await t.db("alert_deliveries").insert({
    uuid: randomUUID(),
    organization_id: orgId,
    project_id: 1,
    issue_id: id,
    rule_ids: [rule!.id],
    resource: "alert",
    action: "slack",
    target: {},
    payload: {},
    next_attempt_at: NOW,
    created_at: NOW,
  });
  return id;
}

/** No row left in any table of the purge list. */
const NONE = Object.fromEntries(ISSUE_TABLES.map((table) => [table, 0]));

async function rowsOf(id: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ISSUE_TABLES) {
    counts[table] = Number(
      ((await t.db(table).where({ issue_id: id }).count({ n: "*" }).first()) as { n: string }).n,
    );
  }
  return counts;
}

async function mark(ids: number[], now: Date): Promise<number[]> {
  return t.db.transaction(async (trx) => {
    const issues = await lockIssuesForUpdate(trx, orgId, ids);
    return markIssuesForDeletion(trx, issues, now);
  });
}

describe("deleting issues", () => {
  it("purges every table that references issues (every table with an issue_id column)", async () => {
    const tables = (await t
      .db("information_schema.columns")
      .whereRaw("table_schema = current_schema()")
      .where({ column_name: "issue_id" })
      .pluck("table_name")) as string[];
    expect([...ISSUE_TABLES].sort()).toEqual(tables.sort());
    expect(ISSUE_TABLES).toContain("issue_commit_links");
  });

  it("marks issues pending deletion for an hour, drops their hashes and inbox rows, and hides them", async () => {
    const id = await issueWithRows();
    expect(await mark([id], NOW)).toEqual([id]);
    const row = (await t.db("issues").where({ id }).first()) as { status: number; delete_after: Date };
    expect(row.status).toBe(GroupStatus.PENDING_DELETION);
    expect(row.delete_after.toISOString()).toBe(new Date(NOW.getTime() + HOUR).toISOString());
    const left = await rowsOf(id);
    expect([left.issue_hashes, left.issue_inbox]).toEqual([0, 0]);
    expect(await getIssue(t.db, orgId, id)).toBeNull();
    // Marking again changes nothing: it is no longer visible to lock.
    expect(await mark([id], NOW)).toEqual([]);
    // Before the delay has passed nothing is purged; after it, the issue goes.
    expect((await purgeDeletedIssues(t.db, { now: new Date(NOW.getTime() + HOUR - 1) })).issues).toBe(0);
    expect((await purgeDeletedIssues(t.db, { now: new Date(NOW.getTime() + HOUR) })).issues).toBe(1);
  });

  it("purges only issues whose delay has passed, with every row that references them, in bounded batches", async () => {
    const due = await issueWithRows(7);
    const later = await issueWithRows();
    const alive = await issueWithRows();
    await mark([due], NOW);
    await mark([later], new Date(NOW.getTime() + HOUR));
    const eventsBefore = Number(((await t.db("events").count({ n: "*" }).first()) as { n: string }).n);

    const result = await purgeDeletedIssues(t.db, { now: new Date(NOW.getTime() + HOUR), batchSize: 2 });
    expect(result.rows.occurrences).toBe(7);
    expect(await t.db("issues").where({ id: due })).toHaveLength(0);
    expect(await rowsOf(due)).toEqual(NONE);
    // Not yet due, and not deleted at all: untouched.
    expect(await t.db("issues").where({ id: later })).toHaveLength(1);
    expect((await rowsOf(later)).occurrences).toBe(3);
    // The alive issue has a row in every table of the purge list (the fixture covers the whole list).
    expect(Object.entries(await rowsOf(alive)).filter(([, n]) => n === 0)).toEqual([]);
    // Events belong to the project and stay.
    expect(Number(((await t.db("events").count({ n: "*" }).first()) as { n: string }).n)).toBe(eventsBefore);

    const limited = await purgeDeletedIssues(t.db, { now: new Date(NOW.getTime() + 3 * HOUR), limit: 1 });
    expect(limited.issues).toBe(1);
    expect(await purgeDeletedIssues(t.db, { now: new Date(NOW.getTime() + 3 * HOUR) })).toEqual({
      issues: 0,
      rows: {},
    });
  });

  it("resumes a purge that was interrupted (the issue row goes last)", async () => {
    const id = await issueWithRows();
    await mark([id], NOW);
    // Half-done purge: the occurrences are gone, the issue is marked in progress.
    await t.db("issues").where({ id }).update({ status: GroupStatus.DELETION_IN_PROGRESS });
    await t.db("occurrences").where({ issue_id: id }).delete();
    const result = await purgeDeletedIssues(t.db, { now: new Date(NOW.getTime() + 2 * HOUR) });
    expect(result.issues).toBe(1);
    expect(await rowsOf(id)).toEqual(NONE);
  });
});
