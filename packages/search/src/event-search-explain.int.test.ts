import { createOrganization, createProject, migrateToLatest } from "@sift/storage";
import type { Organization, Project } from "@sift/storage";
import { testDatabase } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildIssueListQuery, searchIssues } from "./issue-list.js";
import type { IssueListOptions } from "./issue-list.js";
import { parseSearchQuery } from "./parser.js";

const NOW = new Date("2026-01-15T12:00:00.000Z");
const DAY = 86_400_000;
const ISSUES = 10_000;
const EVENTS = 40_000;

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

const planNodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(planNodes)];

let t: TestDatabase;
let db: Knex;
let org: Organization;
let project: Project;

beforeAll(async () => {
  t = await testDatabase({
    prefix: "search_event_explain",
    migrate: (knex) => migrateToLatest(knex).then(() => {}),
  });
  db = t.db;
  org = await createOrganization(db, "big");
  project = await createProject(db, { organizationId: org.id, slug: "big" });
  await db.raw(
    `INSERT INTO issues (organization_id, project_id, short_id, type, status, substatus, priority, title,
                         times_seen, first_seen, last_seen, active_at)
     SELECT ?, ?, g, 1, 0, 3, 75, 'Error ' || g, 4, ?::timestamptz - interval '20 days',
            ?::timestamptz - (g % 1000) * interval '1 minute', ?::timestamptz - interval '20 days'
       FROM generate_series(1, ?) AS g`,
    [org.id, project.id, NOW, NOW, NOW, ISSUES],
  );
  // Every issue has 4 events: `browser` takes 3 values (not selective), `customer` 5,000 (selective).
  await db.raw(
    `WITH e AS (
       SELECT g, md5('e' || g)::uuid AS event_id, ?::timestamptz - (g % 1000) * interval '1 minute' AS at,
              (SELECT min(id) FROM issues WHERE project_id = ?) + g % ? AS issue_id
         FROM generate_series(1, ?) AS g),
     stored AS (
       INSERT INTO events (project_id, event_id, timestamp, data)
       SELECT ?, event_id, at, json_build_object(
                'tags', json_build_object('browser', (ARRAY['Chrome', 'Firefox', 'Safari'])[1 + g % 3],
                                          'customer', 'c' || (g % 5000)),
                'user', json_build_object('email', 'u' || (g % 2000) || '@example.com'))
         FROM e)
     INSERT INTO occurrences (project_id, id, issue_id, event_id, type, outcome, fingerprint, detection_time, payload)
     SELECT ?, md5('o' || g)::uuid, issue_id, event_id, 1, 'grouped', ARRAY[md5('f' || g)]::char(32)[], at, '{}'
       FROM e`,
    [NOW, project.id, ISSUES, EVENTS, project.id, project.id],
  );
  await db.raw("ANALYZE issues; ANALYZE events; ANALYZE occurrences");
}, 180_000);

afterAll(async () => {
  await t?.destroy();
});

const options = (query: string): IssueListOptions => ({
  query: parseSearchQuery(query),
  organizationId: org.id,
  projectIds: [project.id],
  start: new Date(NOW.getTime() - 14 * DAY),
  end: NOW,
  now: NOW,
});

async function explain(builder: Knex.QueryBuilder): Promise<PlanNode[]> {
  const { sql, bindings } = builder.toSQL();
  const result = (await db.raw(`EXPLAIN (FORMAT JSON) ${sql}`, bindings)) as {
    rows: { "QUERY PLAN": { Plan: PlanNode }[] }[];
  };
  return planNodes(result.rows[0]!["QUERY PLAN"][0]!.Plan);
}

const scans = (nodes: PlanNode[], relation: string): string[] =>
  nodes.filter((n) => n["Relation Name"] === relation).map((n) => n["Node Type"]);

describe(`tag and event-field plans (${ISSUES} issues, ${EVENTS} events, after ANALYZE)`, () => {
  it.each(["customer:c42", "user.email:u7@example.com", "customer:c42 browser:Chrome"])(
    "a selective %s starts from the terms index, never a Seq Scan on events or occurrences",
    async (query) => {
      const result = await searchIssues(db, options(query));
      expect(result.issues.length).toBeGreaterThan(0);
      const nodes = await explain(buildIssueListQuery(db, options(query)).rows);
      expect(nodes.map((n) => n["Index Name"])).toContain("events_search_terms");
      expect(scans(nodes, "events")).not.toContain("Seq Scan");
      expect(scans(nodes, "occurrences")).not.toContain("Seq Scan");
    },
  );

  it.each(["browser:Chrome", "!customer:c42", "browser:Chr*"])(
    "%s reads the page's issues by index and their events by index, never a Seq Scan on events",
    async (query) => {
      const result = await searchIssues(db, options(query));
      expect(result.issues).toHaveLength(100);
      const nodes = await explain(buildIssueListQuery(db, options(query)).rows);
      expect(scans(nodes, "events")).not.toContain("Seq Scan");
      expect(scans(nodes, "occurrences")).not.toContain("Seq Scan");
      expect(scans(nodes, "issues")).not.toContain("Seq Scan");
    },
  );
});
