import pg from "pg";
import {
  buildIssueListQuery,
  parseCursor,
  parseSearchQuery,
  parseSort,
  resolveDateWindow,
  visibleTypeIds,
} from "@sift/search";
import { DEFAULT_ISSUE_QUERY, groupTypes } from "@sift/schemas";
import { createApiToken, createDb, createOrganization, createProject, migrateToLatest } from "@sift/storage";
import { Progress, percentile } from "@sift/testkit";
import type { Daemon } from "@sift/testkit";
import type { BenchContext } from "./context.js";
import { seedAndStartApi } from "./context.js";

/** What query-latency (and web-ui) seed. */
export interface QueryOptions {
  issues: number;
  projects: number;
}

export interface QueryLatency {
  name: string;
  path: string;
  apiP50Ms: number;
  apiP95Ms: number;
  sqlP50Ms: number;
  sqlP95Ms: number;
  /** API p95 / SQL p95. */
  ratio: number;
}

export interface QueryResult {
  issues: number;
  projects: number;
  statsRows: number;
  seedSeconds: number;
  queries: QueryLatency[];
}

const DB = "sift_bench_query";

/**
 * The organisation: `issues` issues over `projects` projects; 70% unresolved / 20% resolved / 10%
 * ignored; priorities and five types evenly (the busy issues too); times_seen skewed (the busiest 10%
 * have thousands); last seen spread over 90 days; titles "Error in handler <8 hex>"; hourly stats for
 * the busiest 10%, one bucket every 6 hours over the last 14 days.
 */
async function seed(
  url: string,
  options: QueryOptions,
): Promise<{ organizationId: number; statsRows: number }> {
  const db = createDb({ url, poolMax: 2 });
  try {
    await migrateToLatest(db);
    const org = await createOrganization(db, "bench");
    for (let p = 1; p <= options.projects; p++)
      await createProject(db, { organizationId: org.id, slug: `project-${p}`, id: p });
    const progress = new Progress("query-latency: seed issues");
    const chunk = 100_000;
    for (let from = 1; from <= options.issues; from += chunk) {
      const to = Math.min(options.issues, from + chunk - 1);
      await db.raw(
        `INSERT INTO issues (organization_id, project_id, short_id, type, status, substatus, priority, level, message,
                             culprit, platform, title, data, times_seen, user_count, score, first_seen, last_seen, active_at)
         SELECT ?, 1 + (g % ?), 1 + g / ?,
                (ARRAY[1, 1006, 1009, 4001, 1001])[1 + ((g / 10) % 5)],
                CASE WHEN h < 7 THEN 0 WHEN h < 9 THEN 1 ELSE 2 END,
                CASE WHEN h < 7 THEN (ARRAY[3, 7])[1 + (g % 2)] WHEN h < 9 THEN NULL ELSE 5 END,
                (ARRAY[25, 50, 75])[1 + (g % 3)], 40,
                'Error in handler ' || substr(md5(g::text), 1, 8) || ' /api/endpoint/' || (g % 500),
                '/api/endpoint/' || (g % 500), 'python',
                'Error in handler ' || substr(md5(g::text), 1, 8),
                json_build_object('type', 'generic', 'title', 'Error in handler ' || substr(md5(g::text), 1, 8), 'metadata',
                                  json_build_object('title', 'Error in handler', 'value', 'x'))::jsonb,
                ts, greatest(1, ts / 10),
                ln(ts) * 600 + extract(epoch FROM ls),
                ls - (random() * interval '30 days'), ls, ls
           FROM (SELECT g, (g * 7) % 10 AS h,
                        CASE WHEN g % 10 = 0 THEN 1000 + (g % 9000) ELSE 1 + (g % 100) END AS ts,
                        now() - random() * interval '90 days' AS ls
                   FROM generate_series(?::bigint, ?::bigint) g) s`,
        [org.id, options.projects, options.projects, from, to],
      );
      progress.update(to, options.issues);
    }
    progress.done(`${options.issues.toLocaleString("en")} issues`);
    await db.raw(
      `INSERT INTO issue_stats_hourly (issue_id, hour, count)
       SELECT i.id, date_trunc('hour', now()) - (k * interval '6 hours'), 1 + (i.id % 20)
         FROM issues i, generate_series(0, 55) k
        WHERE i.times_seen >= 1000`,
    );
    await db.raw("ANALYZE");
    const stats = (await db("issue_stats_hourly").count("* as n").first()) as { n: number };
    return { organizationId: org.id, statsRows: Number(stats.n) };
  } finally {
    await db.destroy();
  }
}

/** The seeded organisation and the built API serving it (query-latency and web-ui share both). */
export interface QueryDatabase {
  url: string;
  /** The organisation's slug. */
  org: string;
  organizationId: number;
  issues: number;
  projects: number;
  statsRows: number;
  seedSeconds: number;
  api: Daemon;
  stop(): Promise<void>;
}

/** Seeds a fresh database (see `seed`) and starts the API on it. */
export async function openQueryDatabase(ctx: BenchContext, options: QueryOptions): Promise<QueryDatabase> {
  const { url, seeded, seedSeconds, api } = await seedAndStartApi(ctx, DB, (url) => seed(url, options));
  return {
    url,
    org: "bench",
    ...seeded,
    seedSeconds,
    ...options,
    api,
    stop: () => api.stop(),
  };
}

export async function queryLatency(
  database: QueryDatabase,
  options: { requests: number },
): Promise<QueryResult> {
  const { url, organizationId, api } = database;
  const db = createDb({ url, poolMax: 2 });
  const { token } = await createApiToken(db, { organizationId, scopes: ["event:read"] });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const headers = { authorization: `Bearer ${token}` };
  const get = async (path: string) => {
    const res = await fetch(`${api.base}${path}`, { headers });
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return res;
  };
  try {
    // Page 10: follow `next` nine times from the default list.
    let cursor = "";
    for (let page = 1; page < 10; page++) {
      const res = await get(
        `/api/0/organizations/bench/issues/${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      const link = res.headers.get("link") ?? "";
      cursor = /rel="next"; results="true"; cursor="([^"]+)"/.exec(link)?.[1] ?? "";
      await res.arrayBuffer();
    }
    const cases: { name: string; query: Record<string, string> }[] = [
      { name: "default list", query: {} },
      { name: "sort=freq, statsPeriod=14d", query: { sort: "freq", statsPeriod: "14d" } },
      { name: "free-text search", query: { query: "handler 3f" } },
      {
        name: "issue.type + times_seen:>100",
        query: { query: "issue.type:performance_n_plus_one_db_queries times_seen:>100" },
      },
      { name: "page 10 via cursors", query: { cursor } },
      { name: "groupStatsPeriod=14d", query: { groupStatsPeriod: "14d" } },
    ];
    const projectIds = Array.from({ length: database.projects }, (_, i) => i + 1);
    const queries: QueryLatency[] = [];
    for (const c of cases) {
      const path = `/api/0/organizations/bench/issues/?${new URLSearchParams(c.query).toString()}`;
      const now = new Date();
      const window = resolveDateWindow({ statsPeriod: c.query.statsPeriod }, now);
      const listQuery = buildIssueListQuery(db, {
        query: parseSearchQuery(c.query.query ?? DEFAULT_ISSUE_QUERY, { now }),
        organizationId,
        projectIds,
        environmentNames: [],
        start: window.start,
        end: window.end,
        now,
        types: groupTypes,
        visibleTypeIds: visibleTypeIds(new Set(), groupTypes),
        retentionCutoff: new Date(now.getTime() - 90 * 86_400_000),
        userId: null,
        sort: parseSort(c.query.sort),
        cursor: c.query.cursor ? parseCursor(c.query.cursor) : null,
      });
      const sql = listQuery.rows.toSQL().toNative();
      const apiTimes: number[] = [];
      const sqlTimes: number[] = [];
      const progress = new Progress(`query-latency: ${c.name}`);
      // Interleaved, so both sides see the same machine state; a few warm-ups first.
      for (let i = -5; i < options.requests; i++) {
        let t = performance.now();
        await (await get(path)).arrayBuffer();
        if (i >= 0) apiTimes.push(performance.now() - t);
        t = performance.now();
        await client.query(sql.sql, sql.bindings as unknown[]);
        if (i >= 0) sqlTimes.push(performance.now() - t);
        progress.update(i + 1, options.requests);
      }
      const result = {
        name: c.name,
        path,
        apiP50Ms: percentile(apiTimes, 50),
        apiP95Ms: percentile(apiTimes, 95),
        sqlP50Ms: percentile(sqlTimes, 50),
        sqlP95Ms: percentile(sqlTimes, 95),
        ratio: percentile(apiTimes, 95) / percentile(sqlTimes, 95),
      };
      progress.done(
        `API p50 ${result.apiP50Ms.toFixed(1)} ms p95 ${result.apiP95Ms.toFixed(1)} ms; SQL p95 ${result.sqlP95Ms.toFixed(1)} ms`,
      );
      queries.push(result);
    }
    const { issues, projects, statsRows, seedSeconds } = database;
    return { issues, projects, statsRows, seedSeconds, queries };
  } finally {
    await client.end();
    await db.destroy();
  }
}
