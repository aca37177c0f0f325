import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Knex } from "knex";
import { compileIssueEventFilter, parseSearchQuery } from "@sift/search";
import { findAdjacentEvents, listIssueOccurrences } from "@sift/storage";
import { createApiHarness, issueRow } from "./test/harness.js";
import type { ApiHarness } from "./test/harness.js";
import { describePlan, nodes } from "./test/plans.js";
import type { PlanNode } from "./test/plans.js";

const EVENTS = 100_000;
const NOW = new Date("2026-11-27T12:00:00Z");

let h: ApiHarness;
let issueId: number;

beforeAll(async () => {
  h = await createApiHarness({ now: NOW });
  // Ingested once in each environment (so both are the organization's), then 100,000 more events.
  await h.ingest(
    ["production", "staging"].map((environment) => ({
      projectId: 1,
      fingerprint: "busy",
      environment,
      time: new Date(NOW.getTime() - 60_000),
    })),
  );
  issueId = (await issueRow(h.db, 1, "busy"))!.id;
  // The 100,000 over the last ~70 days, every tenth one in staging: one INSERT … SELECT per table.
  const series = `FROM (SELECT g, md5('busy-' || g)::uuid AS event_id,
                               ?::timestamptz - (g * 61) * interval '1 second' AS at
                          FROM generate_series(1, ?) AS g) AS s`;
  await h.db.raw(
    `INSERT INTO events (project_id, event_id, timestamp, data, received_at)
     SELECT 1, event_id, at,
            json_build_object('event_id', replace(event_id::text, '-', ''), 'platform', 'python',
                              'environment', CASE WHEN g % 10 = 0 THEN 'staging' ELSE 'production' END,
                              'user', json_build_object('id', 'u' || (g % 500))),
            at ${series}`,
    [NOW, EVENTS],
  );
  await h.db.raw(
    `INSERT INTO occurrences (project_id, id, issue_id, event_id, type, outcome, fingerprint, detection_time,
                              event_time, payload, received_at)
     SELECT 1, md5('occ-' || g)::uuid, ?, event_id, 4001, 'grouped', ARRAY[md5('busy')]::char(32)[], at, at,
            '{"issue_title": "Issue busy", "subtitle": "s"}'::json, at ${series}`,
    [issueId, NOW, EVENTS],
  );
  await h.db.raw("ANALYZE occurrences");
  await h.db.raw("ANALYZE events");
}, 300_000);

afterAll(async () => {
  await h?.destroy();
});

/** The plans of the statements `run` sends. */
async function plansOf(run: (db: Knex) => Promise<unknown>): Promise<PlanNode[][]> {
  const sent: { sql: string; bindings: readonly unknown[] }[] = [];
  const listener = (q: { sql: string; bindings?: readonly unknown[] }) =>
    sent.push({ sql: q.sql, bindings: q.bindings ?? [] });
  h.db.on("query", listener);
  try {
    await run(h.db);
  } finally {
    h.db.removeListener("query", listener);
  }
  const plans: PlanNode[][] = [];
  for (const q of sent) {
    // The statement as sent has Postgres' `$n` placeholders, in order.
    const text = q.sql.replace(/\$\d+/g, "?");
    const result = (await h.db.raw(`EXPLAIN (FORMAT JSON) ${text}`, [...q.bindings] as Knex.Value[])) as {
      rows: { "QUERY PLAN": { Plan: PlanNode }[] }[];
    };
    plans.push(nodes(result.rows[0]!["QUERY PLAN"][0]!.Plan));
  }
  return plans;
}

/** Reads the issue's events along the timeline index, in order: no sort, no sequential scan. */
function expectTimeline(plan: PlanNode[]): void {
  const label = describePlan(plan);
  expect(
    plan.some((n) => n["Index Name"] === "occurrences_issue_timeline"),
    label,
  ).toBe(true);
  expect(
    plan.some((n) => n["Node Type"] === "Sort" || n["Node Type"] === "Seq Scan"),
    label,
  ).toBe(false);
}

const filter = (environmentNames: string[] = []) =>
  compileIssueEventFilter({ query: parseSearchQuery(""), now: NOW, environmentNames });

describe(`an issue with ${EVENTS.toLocaleString("en")} events`, () => {
  it("the events page, newest and oldest first, reads the timeline index in order", async () => {
    for (const oldestFirst of [false, true]) {
      const [plan] = await plansOf((db) =>
        listIssueOccurrences(db, issueId, { limit: 101, offset: 0, oldestFirst, filter: filter() }),
      );
      expectTimeline(plan!);
    }
  });

  it("latest in an environment and an event's neighbours read the timeline index", async () => {
    const [latest] = await plansOf((db) =>
      listIssueOccurrences(db, issueId, { limit: 1, filter: filter(["staging"]) }),
    );
    expectTimeline(latest!);
    const [one] = await listIssueOccurrences(h.db, issueId, { limit: 1, offset: 5_000 });
    const adjacent = await plansOf((db) => findAdjacentEvents(db, one!, filter(["staging"])));
    expect(adjacent).toHaveLength(2);
    for (const plan of adjacent) expectTimeline(plan);
  });

  it("answers the events routes through HTTP with the right events", async () => {
    const base = `/api/0/issues/${issueId}/events`;
    const page = await h.request("GET", `${base}/?environment=staging&per_page=50`);
    expect(page.statusCode).toBe(200);
    const events = page.json<{ environment: string; dateCreated: string }[]>();
    expect(events).toHaveLength(50);
    expect(new Set(events.map((e) => e.environment))).toEqual(new Set(["staging"]));
    const latest = await h.request("GET", `${base}/latest/?environment=staging`);
    expect(latest.json<{ dateCreated: string }>().dateCreated).toBe(events[0]!.dateCreated);
  });
});
