import type { LightMyRequestResponse } from "fastify";
import { issueRow } from "./harness.js";
import type { ApiHarness } from "./harness.js";

/** The id of the issue a raw fingerprint grouped into (project 1 unless said). */
export async function issueIdOf(h: ApiHarness, fingerprint: string, projectId = 1): Promise<number> {
  return (await issueRow(h.db, projectId, fingerprint))!.id;
}

/** The bulk PUT that merges the issues (`{"merge": 1}`), with the admin token unless one is given. */
export function mergeIssues(
  h: ApiHarness,
  ids: readonly number[],
  token?: string,
): Promise<LightMyRequestResponse> {
  return h.request("PUT", `/api/0/organizations/acme/issues/?${ids.map((i) => `id=${i}`).join("&")}`, {
    body: { merge: 1 },
    ...(token === undefined ? {} : { token }),
  });
}

/** The sorted `column` of the `table` rows an issue's `link` rows name (`{table singular}_id`). */
async function linkedNames(
  h: ApiHarness,
  issueId: number,
  link: "issue_environments" | "issue_releases",
  table: "environments" | "releases",
  column: "name" | "version",
): Promise<string[]> {
  const rows = (await h
    .db(`${link} as l`)
    .join(`${table} as t`, "t.id", `l.${table.slice(0, -1)}_id`)
    .where("l.issue_id", issueId)
    .orderBy(`t.${column}`)
    .select(`t.${column} as value`)) as { value: string }[];
  return rows.map((r) => r.value);
}

/** Everything the database counts for an issue, as values a test can compare. */
export async function issueCounts(h: ApiHarness, issueId: number) {
  const issue = (await h.db("issues").where({ id: issueId }).first()) as {
    times_seen: string;
    user_count: string;
    first_seen: Date;
    last_seen: Date;
  };
  const occurrences = await h
    .db("occurrences")
    .where({ issue_id: issueId, outcome: "grouped" })
    .count("* as n");
  const stats = (await h
    .db("issue_stats_hourly")
    .where({ issue_id: issueId })
    .orderBy("hour")
    .select("hour", "count")) as { hour: Date; count: number }[];
  const environments = await linkedNames(h, issueId, "issue_environments", "environments", "name");
  const releases = await linkedNames(h, issueId, "issue_releases", "releases", "version");
  const users = (await h.db("issue_users").where({ issue_id: issueId }).orderBy("user_key")) as {
    user_key: string;
  }[];
  const tags = (await h
    .db("issue_tag_values")
    .where({ issue_id: issueId })
    .orderBy(["key", "value"])
    .select("key", "value", "times_seen")) as { key: string; value: string; times_seen: string }[];
  return {
    timesSeen: Number(issue.times_seen),
    userCount: Number(issue.user_count),
    firstSeen: issue.first_seen.toISOString(),
    lastSeen: issue.last_seen.toISOString(),
    occurrences: Number(occurrences[0]!.n),
    stats: stats.map((s) => [s.hour.toISOString().slice(11, 16), s.count]),
    environments,
    releases,
    users: users.map((u) => u.user_key),
    tags: tags.map((t) => `${t.key}=${t.value}:${t.times_seen}`),
  };
}
