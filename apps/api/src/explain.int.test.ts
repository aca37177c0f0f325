import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIssueListQuery, searchIssues } from "@sift/search";
import type { Knex } from "knex";
import { groupTypes, systemClock } from "@sift/schemas";
import { createOrganization, createProject, migrateToLatest } from "@sift/storage";
import type { Organization, Project } from "@sift/storage";
import { testDatabase } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";
import { issueIndexQuerySchema } from "./http/params.js";
import { issueListOptions } from "./issues/list.js";
import { describePlan, nodes } from "./test/plans.js";
import type { PlanNode } from "./test/plans.js";

const ISSUES = 100_000;
const DAY = 86_400_000;
const NOW = new Date();

let t: TestDatabase;
let org: Organization;
let project: Project;

beforeAll(async () => {
  t = await testDatabase({ prefix: "api_explain", migrate: async (db) => void (await migrateToLatest(db)) });
  org = await createOrganization(t.db, "big");
  project = await createProject(t.db, { organizationId: org.id, slug: "big" });
  // 100,000 issues in one project: 60% unresolved, 25% resolved, 15% ignored; priorities spread; cron,
  // performance and error types; last seen over 80 days. One INSERT … SELECT generate_series.
  await t.db.raw(
    `INSERT INTO issues (organization_id, project_id, short_id, type, status, substatus, priority, level, message,
                         title, times_seen, user_count, score, first_seen, last_seen, active_at)
     SELECT ?, ?, g, (ARRAY[4001, 1006, 1])[1 + g % 3],
            CASE WHEN g % 20 < 12 THEN 0 WHEN g % 20 < 17 THEN 1 ELSE 2 END,
            CASE WHEN g % 20 < 12 THEN 3 WHEN g % 20 < 17 THEN NULL ELSE 5 END,
            (ARRAY[25, 50, 75])[1 + (g / 3) % 3], 40, 'message ' || g, 'Issue number ' || g,
            n, g % 500, ln(n) * 600 + extract(epoch FROM last_seen),
            last_seen - (g % 40) * interval '1 day', last_seen, last_seen
     FROM (SELECT g, 1 + (g::bigint * 7919) % 10000 AS n,
                  ?::timestamptz - ((g::bigint * 104729) % 6912000) * interval '1 second' AS last_seen
           FROM generate_series(1, ?) AS g) AS s`,
    [org.id, project.id, NOW, ISSUES],
  );
  await t.db.raw(
    `INSERT INTO issue_inbox (issue_id, organization_id, project_id, reason, date_added)
     SELECT id, organization_id, project_id, 0, last_seen FROM issues WHERE status = 0 AND id % 10 = 0`,
  );
  await t.db.raw("ANALYZE issues");
  await t.db.raw("ANALYZE issue_inbox");
}, 300_000);

afterAll(async () => {
  await t?.destroy();
});

async function plan(builder: Knex.QueryBuilder): Promise<PlanNode[]> {
  const { sql, bindings } = builder.toSQL();
  const result = (await t.db.raw(`EXPLAIN (FORMAT JSON) ${sql}`, bindings)) as {
    rows: { "QUERY PLAN": { Plan: PlanNode }[] }[];
  };
  return nodes(result.rows[0]!["QUERY PLAN"][0]!.Plan);
}

/** The list's options exactly as the API builds them for a query string. */
async function apiOptions(query: Record<string, string>, scoped = false) {
  const ctx = { db: t.db, clock: systemClock, types: groupTypes, retentionDays: 90 };
  const params = issueIndexQuerySchema.parse(query);
  return issueListOptions(ctx, { organization: org, project: scoped ? project : null }, params, NOW);
}

/** The page reads `issues` through an index (in sort order), never with a sequential scan. */
function expectIndexOnly(found: PlanNode[], label: string): void {
  const seq = found.filter((n) => n["Node Type"] === "Seq Scan" && n["Relation Name"] === "issues");
  expect(seq, `${label}: ${describePlan(found)}`).toEqual([]);
  expect(
    found.some(
      (n) =>
        /Index/.test(n["Node Type"]) &&
        (n["Relation Name"] === "issues" || n["Index Name"]?.startsWith("issues")),
    ),
    `${label}: ${describePlan(found)}`,
  ).toBe(true);
}

/**
 * The capped hit count (`count(*) FROM (… LIMIT 1000)`): an index scan, or a scan that stops after
 * 1,000 matches. Postgres picks the latter when matches are dense, so the rows it actually examined
 * are checked with EXPLAIN ANALYZE: bounded, never the whole table.
 */
async function expectBoundedCount(builder: Knex.QueryBuilder, label: string): Promise<void> {
  const { sql, bindings } = builder.toSQL();
  const result = (await t.db.raw(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, bindings)) as {
    rows: { "QUERY PLAN": { Plan: PlanNode & Record<string, unknown> }[] }[];
  };
  const all = nodes(result.rows[0]!["QUERY PLAN"][0]!.Plan) as (PlanNode & Record<string, unknown>)[];
  const onIssues = all.filter((n) => n["Relation Name"] === "issues");
  for (const scan of onIssues) {
    const examined = Number(scan["Actual Rows"] ?? 0) + Number(scan["Rows Removed by Filter"] ?? 0);
    expect(examined, `${label}: ${describePlan(all)}`).toBeLessThan(ISSUES / 10);
  }
  expect(
    all.some((n) => n["Node Type"] === "Limit"),
    label,
  ).toBe(true);
}

describe(`EXPLAIN with ${ISSUES.toLocaleString("en")} issues in one project`, () => {
  it("the default list query uses an index for the page and the hit count", async () => {
    const q = buildIssueListQuery(t.db, await apiOptions({}));
    expectIndexOnly(await plan(q.rows), "default page");
    await expectBoundedCount(q.count, "default count");
  });

  it.each(["date", "new", "freq", "user", "trends", "recommended"])(
    "sort=%s: the first page and a cursor page use an index",
    async (sort) => {
      for (const scoped of [false, true]) {
        const first = await apiOptions({ sort }, scoped);
        expectIndexOnly(await plan(buildIssueListQuery(t.db, first).rows), `${sort} first page`);
        const page = await searchIssues(t.db, { ...first, limit: 25 });
        expect(page.issues).toHaveLength(25);
        const next = await apiOptions({ sort, cursor: page.next.cursor }, scoped);
        const q = buildIssueListQuery(t.db, next);
        expectIndexOnly(await plan(q.rows), `${sort} cursor page`);
        await expectBoundedCount(q.count, `${sort} count`);
      }
    },
  );

  it("sort=recommended reads one of its score's indexes in order, never sorting the issues", async () => {
    for (const scoped of [false, true]) {
      const found = await plan(
        buildIssueListQuery(t.db, await apiOptions({ sort: "recommended" }, scoped)).rows,
      );
      const label = describePlan(found);
      expect(
        found.some((n) => /^issues_(org|project)_recommended$/.test(n["Index Name"] ?? "")),
        label,
      ).toBe(true);
      expect(
        found.some((n) => n["Node Type"] === "Sort"),
        label,
      ).toBe(false);
    }
  });

  it("sort=inbox reads issues by primary key from the inbox, never scanning issues", async () => {
    const options = await apiOptions({ sort: "inbox", query: "is:for_review is:unresolved" });
    expectIndexOnly(await plan(buildIssueListQuery(t.db, options).rows), "inbox first page");
  });

  it("a filtered query (priority, category, times seen) still avoids a sequential scan", async () => {
    const options = await apiOptions({
      query: "is:unresolved issue.category:cron times_seen:>100",
      sort: "freq",
    });
    expectIndexOnly(await plan(buildIssueListQuery(t.db, options).rows), "filtered page");
  });

  it("the pages are right, not only fast", async () => {
    const options = await apiOptions({ sort: "freq", query: "" });
    const page = await searchIssues(t.db, { ...options, limit: 5 });
    const counts = page.issues.map((i) => i.timesSeen);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(page.hits).toBe(1000);
    expect(page.maxHits).toBe(1000);
    // An old window only matches issues with hourly counts inside it (none were generated here).
    const old = await apiOptions({
      start: new Date(NOW.getTime() - 30 * DAY).toISOString(),
      end: new Date(NOW.getTime() - 29 * DAY).toISOString(),
    });
    expect((await searchIssues(t.db, old)).issues).toEqual([]);
  });
});
