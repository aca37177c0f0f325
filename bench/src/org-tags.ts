import { createApiToken, createDb, createOrganization, migrateToLatest } from "@sift/storage";
import { Progress } from "@sift/testkit";
import type { BenchContext } from "./context.js";
import { timeHttpCases } from "./http-cases.js";
import type { HttpCaseLatency } from "./http-cases.js";
import { seedAndStartApi } from "./context.js";

export interface OrgTagsOptions {
  issues: number;
  requests: number;
}

export type OrgTagsLatency = HttpCaseLatency;

export interface OrgTagsResult {
  issues: number;
  counterRows: number;
  seedSeconds: number;
  cases: OrgTagsLatency[];
}

const DB = "sift_bench_org_tags";
const PROJECTS = 100;

/**
 * `issues` issues over 100 projects, last seen spread over 90 days, each in one of 3 environments
 * (70/20/10%) with 4 tag value counters (`environment`, `level`, 7 browsers, 1,000 URLs), seeded with SQL.
 */
async function seed(url: string, issues: number): Promise<{ organizationId: number; counterRows: number }> {
  const db = createDb({ url, poolMax: 2 });
  try {
    await migrateToLatest(db);
    const org = await createOrganization(db, "bench");
    await db.raw(
      `INSERT INTO projects (id, organization_id, slug, name)
       SELECT g, ?, 'project-' || g, 'project-' || g FROM generate_series(1, ?) g`,
      [org.id, PROJECTS],
    );
    await db.raw(
      `INSERT INTO environments (organization_id, name) VALUES (?, 'production'), (?, 'staging'), (?, 'canary')`,
      [org.id, org.id, org.id],
    );
    const progress = new Progress("org-tags: seed issues");
    const chunk = 100_000;
    for (let from = 1; from <= issues; from += chunk) {
      const to = Math.min(issues, from + chunk - 1);
      await db.raw(
        `WITH s AS (
           SELECT g, now() - random() * interval '90 days' AS ls,
                  CASE WHEN g % 10 < 7 THEN 'production' WHEN g % 10 < 9 THEN 'staging' ELSE 'canary' END AS env
             FROM generate_series(?::bigint, ?::bigint) g
         ), i AS (
           INSERT INTO issues (organization_id, project_id, short_id, title, times_seen, first_seen, last_seen, active_at)
           SELECT ?, 1 + g % ?, 1 + g / ?, 'Error ' || g, 1 + g % 50, ls - interval '1 day', ls, ls FROM s
           RETURNING id, short_id, project_id, times_seen, first_seen, last_seen
         ), j AS (SELECT i.*, s.env FROM i JOIN s ON 1 + s.g % ? = i.project_id AND 1 + s.g / ? = i.short_id),
         ie AS (
           INSERT INTO issue_environments (issue_id, environment_id, first_seen, last_seen)
           SELECT j.id, e.id, j.first_seen, j.last_seen FROM j JOIN environments e ON e.organization_id = ? AND e.name = j.env
         )
         INSERT INTO issue_tag_values (issue_id, key, value, times_seen, first_seen, last_seen)
         SELECT j.id, t.key, t.value, j.times_seen, j.first_seen, j.last_seen
           FROM j CROSS JOIN LATERAL (VALUES ('environment', j.env), ('level', 'error'),
             ('browser', 'Browser ' || (j.id % 7)), ('url', '/api/endpoint/' || (j.id % 1000))) t(key, value)`,
        [from, to, org.id, PROJECTS, PROJECTS, PROJECTS, PROJECTS, org.id],
      );
      progress.update(to, issues);
    }
    progress.done(`${issues.toLocaleString("en")} issues`);
    await db.raw("VACUUM ANALYZE");
    const counters = (await db("issue_tag_values").count("* as n").first()) as { n: string };
    return { organizationId: org.id, counterRows: Number(counters.n) };
  } finally {
    await db.destroy();
  }
}

/** The organization's tags, tag values and environments endpoints over HTTP, on `issues` issues. */
export async function organizationTags(ctx: BenchContext, options: OrgTagsOptions): Promise<OrgTagsResult> {
  const { url, seeded, seedSeconds, api } = await seedAndStartApi(ctx, DB, (url) =>
    seed(url, options.issues),
  );
  const { organizationId, counterRows } = seeded;
  const db = createDb({ url, poolMax: 2 });
  const { token } = await createApiToken(db, { organizationId, scopes: ["event:read"] });
  const headers = { authorization: `Bearer ${token}` };
  const org = "/api/0/organizations/bench";
  try {
    const cases = [
      { name: "tags/ (90 days)", path: `${org}/tags/` },
      { name: "tags/?statsPeriod=24h&project=5", path: `${org}/tags/?statsPeriod=24h&project=5` },
      { name: "tags/?environment=canary", path: `${org}/tags/?environment=canary` },
      {
        name: "tags/url/values/?query=/api/endpoint/1",
        path: `${org}/tags/url/values/?query=/api/endpoint/1`,
      },
      { name: "environments/", path: `${org}/environments/` },
      { name: "projects/…/project-5/environments/", path: "/api/0/projects/bench/project-5/environments/" },
    ];
    const results = await timeHttpCases("org-tags", api.base, headers, cases, options.requests);
    return { issues: options.issues, counterRows, seedSeconds, cases: results };
  } finally {
    await api.stop();
    await db.destroy();
  }
}
