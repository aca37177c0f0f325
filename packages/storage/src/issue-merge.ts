import type { Knex } from "knex";

type Trx = Knex.Transaction;

/** Rows of merged issues that have no meaning on the parent: removed with the child issue. */
const DROPPED_TABLES = [
  "issue_inbox",
  "snoozes",
  "issue_forecasts",
  "issue_resolutions",
  "issue_commit_links",
  "alert_rule_issues",
] as const;

/**
 * Moves everything the child issues counted into the parent, in the caller's transaction (which holds
 * the hashes' and the issues' locks): occurrences, hourly counts, environments (first and last seen), releases, users
 * and tag value counters (merged per key), activities, history and status changes; the parent's `times_seen` is the sum,
 * `user_count` its distinct users, `first_seen` / `last_seen` the extremes. The child issues are then
 * deleted with their remaining rows (inbox, snoozes, resolutions, commit links, rule firings).
 */
export async function mergeIssueRows(trx: Trx, parentId: number, childIds: readonly number[]): Promise<void> {
  if (childIds.length === 0) return;
  const children = [...childIds];
  const bind = { parent: parentId, children };
  await trx.raw(`UPDATE occurrences SET issue_id = :parent WHERE issue_id = ANY(:children::bigint[])`, bind);
  await trx.raw(
    `INSERT INTO issue_stats_hourly (issue_id, hour, count)
       SELECT :parent, hour, sum(count) FROM issue_stats_hourly WHERE issue_id = ANY(:children::bigint[]) GROUP BY hour
     ON CONFLICT (issue_id, hour) DO UPDATE SET count = issue_stats_hourly.count + EXCLUDED.count`,
    bind,
  );
  await trx.raw(
    `INSERT INTO issue_environments (issue_id, environment_id, first_release_id, first_seen, last_seen)
       SELECT DISTINCT ON (environment_id) :parent, environment_id, first_release_id, first_seen,
              max(last_seen) OVER (PARTITION BY environment_id)
         FROM issue_environments WHERE issue_id = ANY(:children::bigint[])
        ORDER BY environment_id, first_seen
     ON CONFLICT (issue_id, environment_id) DO UPDATE SET
       first_release_id = CASE WHEN EXCLUDED.first_seen < issue_environments.first_seen
                               THEN EXCLUDED.first_release_id ELSE issue_environments.first_release_id END,
       first_seen = least(issue_environments.first_seen, EXCLUDED.first_seen),
       last_seen = greatest(issue_environments.last_seen, EXCLUDED.last_seen)`,
    bind,
  );
  await trx.raw(
    `INSERT INTO issue_releases (issue_id, release_id, first_seen, last_seen)
       SELECT :parent, release_id, min(first_seen), max(last_seen)
         FROM issue_releases WHERE issue_id = ANY(:children::bigint[]) GROUP BY release_id
     ON CONFLICT (issue_id, release_id) DO UPDATE SET
       first_seen = least(issue_releases.first_seen, EXCLUDED.first_seen),
       last_seen = greatest(issue_releases.last_seen, EXCLUDED.last_seen)`,
    bind,
  );
  await trx.raw(
    `INSERT INTO issue_users (issue_id, user_key, first_seen)
       SELECT :parent, user_key, min(first_seen) FROM issue_users WHERE issue_id = ANY(:children::bigint[]) GROUP BY user_key
     ON CONFLICT (issue_id, user_key) DO UPDATE SET first_seen = least(issue_users.first_seen, EXCLUDED.first_seen)`,
    bind,
  );
  await trx.raw(
    `INSERT INTO issue_tag_values (issue_id, key, value, times_seen, first_seen, last_seen)
       SELECT :parent, key, value, sum(times_seen), min(first_seen), max(last_seen)
         FROM issue_tag_values WHERE issue_id = ANY(:children::bigint[]) GROUP BY key, value
     ON CONFLICT (issue_id, key, value) DO UPDATE SET
       times_seen = issue_tag_values.times_seen + EXCLUDED.times_seen,
       first_seen = least(issue_tag_values.first_seen, EXCLUDED.first_seen),
       last_seen = greatest(issue_tag_values.last_seen, EXCLUDED.last_seen)`,
    bind,
  );
  await trx.raw(
    `UPDATE issues p SET
        times_seen = p.times_seen + c.n,
        first_seen = least(p.first_seen, c.first_seen),
        last_seen = greatest(p.last_seen, c.last_seen),
        user_count = (SELECT count(*) FROM issue_users u WHERE u.issue_id = p.id),
        score = ln(greatest(p.times_seen + c.n, 1)) * 600 + extract(epoch FROM greatest(p.last_seen, c.last_seen))
       FROM (SELECT sum(times_seen) AS n, min(first_seen) AS first_seen, max(last_seen) AS last_seen
               FROM issues WHERE id = ANY(:children::bigint[])) c
      WHERE p.id = :parent`,
    bind,
  );
  for (const table of ["activities", "issue_history", "status_changes"])
    await trx(table).whereIn("issue_id", children).update({ issue_id: parentId });
  for (const table of [
    "issue_stats_hourly",
    "issue_environments",
    "issue_releases",
    "issue_users",
    "issue_tag_values",
    ...DROPPED_TABLES,
  ])
    await trx(table).whereIn("issue_id", children).delete();
  await trx("issues").whereIn("id", children).delete();
}
