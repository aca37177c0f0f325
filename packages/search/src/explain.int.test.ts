import { createOrganization, createProject, migrateToLatest } from "@sift/storage";
import type { Organization, Project } from "@sift/storage";
import { testDatabase } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { parseCursor } from "./cursor.js";
import { buildIssueListQuery, searchIssues } from "./issue-list.js";
import type { IssueListOptions } from "./issue-list.js";
import { DEFAULT_ISSUE_QUERY } from "@sift/schemas";
import { parseSearchQuery } from "./parser.js";
import type { IssueSort } from "./sort.js";

const NOW = new Date("2026-01-15T12:00:00.000Z");
const DAY = 86_400_000;
const ISSUES = 20_000;
const EVENT_ISSUES = 10_000;
const EVENTS = 40_000;

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
let eventsOrg: Organization;
let eventsProject: Project;

beforeAll(async () => {
  t = await testDatabase({ prefix: "search_explain", migrate: async (d) => void (await migrateToLatest(d)) });
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

const eventOptions = (query: string): IssueListOptions =>
  options("date", {
    query: parseSearchQuery(query),
    organizationId: eventsOrg.id,
    projectIds: [eventsProject.id],
  });

const scans = (nodes: PlanNode[], relation: string): string[] =>
  nodes.filter((n) => n["Relation Name"] === relation).map((n) => n["Node Type"]);

describe(`tag and event-field plans (${EVENT_ISSUES} issues, ${EVENTS} events, after ANALYZE)`, () => {
  beforeAll(async () => {
    eventsOrg = await createOrganization(db, "events");
    eventsProject = await createProject(db, { organizationId: eventsOrg.id, slug: "events" });
    await db.raw(
      `INSERT INTO issues (organization_id, project_id, short_id, type, status, substatus, priority, title,
                           times_seen, first_seen, last_seen, active_at)
       SELECT ?, ?, g, 1, 0, 3, 75, 'Error ' || g, 4, ?::timestamptz - interval '20 days',
              ?::timestamptz - (g % 1000) * interval '1 minute', ?::timestamptz - interval '20 days'
         FROM generate_series(1, ?) AS g`,
      [eventsOrg.id, eventsProject.id, NOW, NOW, NOW, EVENT_ISSUES],
    );
    // Every issue has 4 events: `browser` takes 3 values (not selective), `customer` 5,000 (selective).
    await db.raw(
      `WITH e AS (
         SELECT g, md5('e' || g)::uuid AS event_id, ?::timestamptz - (g % 1000) * interval '1 minute' AS at,
                (SELECT min(id) FROM issues WHERE project_id = ?) + g % ? AS issue_id
           FROM generate_series(1, ?) AS g),
       stored AS (
         INSERT INTO events (project_id, event_id, timestamp, data, search_terms)
         SELECT ?, event_id, at, json_build_object(
                  'tags', json_build_object('browser', browser, 'customer', customer),
                  'user', json_build_object('email', email)),
                ARRAY['t:browser=' || browser, 't:customer=' || customer, 'f:user.email=' || email,
                      'f:user=email:' || email]
           FROM (SELECT *, (ARRAY['Chrome', 'Firefox', 'Safari'])[1 + g % 3] AS browser, 'c' || (g % 5000) AS customer,
                        'u' || (g % 2000) || '@example.com' AS email FROM e) t)
       INSERT INTO occurrences (project_id, id, issue_id, event_id, type, outcome, fingerprint, detection_time, payload)
       SELECT ?, md5('o' || g)::uuid, issue_id, event_id, 1, 'grouped', ARRAY[md5('f' || g)]::char(32)[], at, '{}'
         FROM e`,
      [NOW, eventsProject.id, EVENT_ISSUES, EVENTS, eventsProject.id, eventsProject.id],
    );
    await db.raw("ANALYZE issues; ANALYZE events; ANALYZE occurrences");
  }, 180_000);

  it.each(["customer:c42", "user.email:u7@example.com", "customer:c42 browser:Chrome"])(
    "a selective %s starts from the terms index, never a Seq Scan on events or occurrences",
    async (query) => {
      const result = await searchIssues(db, eventOptions(query));
      expect(result.issues.length).toBeGreaterThan(0);
      const nodes = await explain(buildIssueListQuery(db, eventOptions(query)).rows);
      expect(nodes.map((n) => n["Index Name"])).toContain("events_search_terms");
      expect(scans(nodes, "events")).not.toContain("Seq Scan");
      expect(scans(nodes, "occurrences")).not.toContain("Seq Scan");
    },
  );

  it.each(["browser:Chrome", "!customer:c42", "browser:Chr*"])(
    "%s reads the page's issues by index and their events by index, never a Seq Scan on events",
    async (query) => {
      const result = await searchIssues(db, eventOptions(query));
      expect(result.issues).toHaveLength(100);
      const nodes = await explain(buildIssueListQuery(db, eventOptions(query)).rows);
      expect(scans(nodes, "events")).not.toContain("Seq Scan");
      expect(scans(nodes, "occurrences")).not.toContain("Seq Scan");
      expect(scans(nodes, "issues")).not.toContain("Seq Scan");
    },
  );
});
