import pg from "pg";
import { createApiToken, createDb, createOrganization, createProject, migrateToLatest } from "@sift/storage";
import { Progress, percentile } from "@sift/testkit";
import type { BenchContext } from "./context.js";
import { timeHttpCases } from "./http-cases.js";
import type { HttpCaseLatency } from "./http-cases.js";
import { seedAndStartApi } from "./context.js";

export interface TagsOptions {
  /** Events of the one busy issue. */
  events: number;
  requests: number;
}

export type TagsLatency = HttpCaseLatency;

export interface TagsResult {
  events: number;
  counterRows: number;
  seedSeconds: number;
  cases: TagsLatency[];
  /** The same tag list computed from the events (what the counters avoid), a few runs. */
  eventScanP50Ms: number;
}

const DB = "sift_bench_tags";
const USERS = 20_000;

/** Every (key, value) an event carries, as the grouping engine counts them. */
const EVENT_TAGS = `
  SELECT key, value FROM json_each_text(e.data->'tags')
  UNION ALL SELECT 'environment', e.data->>'environment'
  UNION ALL SELECT 'release', e.data->>'release'
  UNION ALL SELECT 'level', e.data->>'level'
  UNION ALL SELECT 'user', 'id:' || (e.data->'user'->>'id')`;

/**
 * One issue with `events` events (and occurrences), seeded with SQL: 3 environments (70/20/10%), 20
 * releases, 3 levels, 7 browsers, 1,000 URLs, 20,000 users; then its tag value counters, aggregated
 * from those events in one statement, as the grouping engine would have counted them batch by batch.
 */
async function seed(url: string, events: number): Promise<{ organizationId: number; issueId: number }> {
  const db = createDb({ url, poolMax: 2 });
  try {
    await migrateToLatest(db);
    const org = await createOrganization(db, "bench");
    await createProject(db, { organizationId: org.id, slug: "web", id: 1 });
    const [issue] = (await db("issues")
      .insert({
        organization_id: org.id,
        project_id: 1,
        short_id: 1,
        type: 1,
        title: "Busy issue",
        times_seen: events,
        user_count: Math.min(events, USERS),
        first_seen: db.raw(`now() - ? * interval '1 second'`, [events]),
        last_seen: db.fn.now(),
        active_at: db.fn.now(),
      })
      .returning("id")) as { id: number }[];
    const issueId = Number(issue!.id);
    const progress = new Progress("issue-tags: seed events");
    const chunk = 50_000;
    for (let from = 1; from <= events; from += chunk) {
      const to = Math.min(events, from + chunk - 1);
      await db.raw(
        `WITH s AS (
           SELECT g, now() - g * interval '1 second' AS ts FROM generate_series(?::bigint, ?::bigint) g
         ), ev AS (
           INSERT INTO events (project_id, event_id, timestamp, data, received_at)
           SELECT 1, md5('e' || g)::uuid, ts,
                  json_build_object(
                    'event_id', md5('e' || g), 'project_id', 1, 'platform', 'python', 'timestamp', ts,
                    'level', (ARRAY['error', 'error', 'error', 'warning', 'fatal'])[1 + g % 5],
                    'environment', CASE WHEN g % 10 < 7 THEN 'production' WHEN g % 10 < 9 THEN 'staging' ELSE 'canary' END,
                    'release', 'web@1.' || (g % 20),
                    'user', json_build_object('id', 'u' || (g % ?)),
                    'tags', json_build_object('browser', 'Browser ' || (g % 7), 'url', '/api/endpoint/' || (g % 1000))),
                  ts
             FROM s
         )
         INSERT INTO occurrences (project_id, id, issue_id, event_id, type, outcome, fingerprint, detection_time, event_time, payload, received_at)
         SELECT 1, md5('o' || g)::uuid, ?, md5('e' || g)::uuid, 1, 'grouped', ARRAY[md5('busy')]::char(32)[], ts, ts, '{}', ts
           FROM s`,
        [from, to, USERS, issueId],
      );
      progress.update(to, events);
    }
    progress.done(`${events.toLocaleString("en")} events`);
    await db.raw(
      `INSERT INTO issue_tag_values (issue_id, key, value, times_seen, first_seen, last_seen)
       SELECT ?, t.key, t.value, count(*), min(e.timestamp), max(e.timestamp)
         FROM events e CROSS JOIN LATERAL (${EVENT_TAGS}) t
        WHERE e.project_id = 1
        GROUP BY t.key, t.value`,
      [issueId],
    );
    await db.raw("ANALYZE");
    return { organizationId: org.id, issueId };
  } finally {
    await db.destroy();
  }
}

/** The tags endpoints on one issue with `events` events, through the API over HTTP. */
export async function issueTags(ctx: BenchContext, options: TagsOptions): Promise<TagsResult> {
  const { url, seeded, seedSeconds, api } = await seedAndStartApi(ctx, DB, (url) =>
    seed(url, options.events),
  );
  const { organizationId, issueId } = seeded;
  const db = createDb({ url, poolMax: 2 });
  const { token } = await createApiToken(db, { organizationId, scopes: ["event:read"] });
  const counterRows = Number(((await db("issue_tag_values").count("* as n").first()) as { n: string }).n);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const headers = { authorization: `Bearer ${token}` };
  const base = `/api/0/organizations/bench/issues/${issueId}`;
  try {
    const cases = [
      { name: "tags/ (every key, top 10 values)", path: `${base}/tags/` },
      { name: "tags/user/ (20,000 values)", path: `${base}/tags/user/` },
      { name: "tags/user/values/ (newest first seen)", path: `${base}/tags/user/values/` },
      {
        name: "tags/url/values/?sort=count, page 6",
        path: `${base}/tags/url/values/?sort=count&cursor=0:500:0`,
      },
    ];
    const results = await timeHttpCases("issue-tags", api.base, headers, cases, options.requests);
    const scans: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await client.query(
        `SELECT t.key, count(DISTINCT t.value), count(*) FROM events e CROSS JOIN LATERAL (${EVENT_TAGS}) t
          WHERE (e.project_id, e.event_id) IN (SELECT project_id, event_id FROM occurrences WHERE issue_id = $1)
          GROUP BY t.key`,
        [issueId],
      );
      scans.push(performance.now() - t);
    }
    return {
      events: options.events,
      counterRows,
      seedSeconds,
      cases: results,
      eventScanP50Ms: percentile(scans, 50),
    };
  } finally {
    await client.end();
    await api.stop();
    await db.destroy();
  }
}
