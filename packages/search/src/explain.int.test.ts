import { createOrganization, createProject, migrateToLatest } from "@sift/storage";
import type { Organization, Project } from "@sift/storage";
import { testDatabase } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { parseCursor } from "./cursor.js";
import { buildIssueListQuery, searchIssues } from "./issue-list.js";
import type { IssueListOptions } from "./issue-list.js";
import { DEFAULT_ISSUE_QUERY, parseSearchQuery } from "./parser.js";
import type { IssueSort } from "./sort.js";

const NOW = new Date("2026-01-15T12:00:00.000Z");
const DAY = 86_400_000;
const ISSUES = 20_000;

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

let t: TestDatabase;
let db: Knex;
let org: Organization;
let project: Project;

beforeAll(async () => {
  t = await testDatabase({
    prefix: "search_explain",
    migrate: async (knex) => {
      await migrateToLatest(knex);
    },
  });
  db = t.db;
  org = await createOrganization(db, "big");
  project = await createProject(db, { organizationId: org.id, slug: "big" });
  // 70% unresolved, 20% resolved, 10% ignored; priorities evenly spread; last seen over 60 days.
  await db.raw(
    `INSERT INTO issues (organization_id, project_id, short_id, type, status, substatus, priority, level, message,
                         title, times_seen, user_count, score, first_seen, last_seen, active_at)
     SELECT ?, ?, g, 1,
            CASE WHEN g % 10 < 7 THEN 0 WHEN g % 10 < 9 THEN 1 ELSE 2 END,
            CASE WHEN g % 10 < 7 THEN 3 WHEN g % 10 < 9 THEN NULL ELSE 5 END,
            (ARRAY[25, 50, 75])[1 + g % 3], 40, 'message ' || g, 'Error number ' || g,
            times_seen, g % 300, ln(times_seen) * 600 + extract(epoch FROM last_seen),
            last_seen - (g % 30) * interval '1 day', last_seen, last_seen - (g % 30) * interval '1 day'
     FROM (SELECT g, 1 + (g * 7919) % 5000 AS times_seen,
                  ?::timestamptz - ((g * 104729) % 5184000) * interval '1 second' AS last_seen
           FROM generate_series(1, ?) AS g) AS s`,
    [org.id, project.id, NOW, ISSUES],
  );
  await db.raw("ANALYZE issues");
}, 120_000);

afterAll(async () => {
  await t?.destroy();
});

const options = (sort: IssueSort, extra: Partial<IssueListOptions> = {}): IssueListOptions => ({
  query: parseSearchQuery(DEFAULT_ISSUE_QUERY),
  organizationId: org.id,
  projectIds: [project.id],
  start: new Date(NOW.getTime() - 14 * DAY),
  end: NOW,
  now: NOW,
  sort,
  ...extra,
});

async function explain(builder: Knex.QueryBuilder): Promise<PlanNode[]> {
  const { sql, bindings } = builder.toSQL();
  const result = (await db.raw(`EXPLAIN (FORMAT JSON) ${sql}`, bindings)) as {
    rows: { "QUERY PLAN": { Plan: PlanNode }[] }[];
  };
  return planNodes(result.rows[0]!["QUERY PLAN"][0]!.Plan);
}

describe("issue list query plans (20k issues in one project, after ANALYZE)", () => {
  it.each<IssueSort>(["date", "new", "freq", "user", "trends"])(
    "the default query sorted by %s reads an index in order, not a Seq Scan, on both pages",
    async (sort) => {
      const first = await searchIssues(db, options(sort));
      expect(first.issues).toHaveLength(100);
      for (const cursor of [null, parseCursor(first.next.cursor)]) {
        const nodes = await explain(buildIssueListQuery(db, options(sort, { cursor })).rows);
        const onIssues = nodes.filter((n) => n["Relation Name"] === "issues");
        expect(
          onIssues.map((n) => n["Node Type"]),
          sort,
        ).not.toContain("Seq Scan");
        expect(
          onIssues.some((n) => n["Node Type"] === "Index Scan" || n["Node Type"] === "Index Only Scan"),
        ).toBe(true);
      }
    },
  );
});
