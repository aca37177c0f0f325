import type { Knex } from "knex";

import { raw } from "./sql.js";

type Trx = Knex.Transaction;

/**
 * The storage side of an unmerge, in the caller's transaction (which holds the hashes' and the issue's
 * locks): occurrences move to the new issue, and the source issue gives back what they counted.
 */

/** Moves grouped occurrences, by (project, 32-hex id), to another issue. */
export async function moveOccurrences(
  trx: Trx,
  keys: readonly { projectId: number; id: string }[],
  issueId: number,
): Promise<void> {
  if (keys.length === 0) return;
  await raw(
    trx,
    `UPDATE occurrences o SET issue_id = ?
       FROM unnest(?::bigint[], ?::uuid[]) AS k(project_id, id)
      WHERE o.project_id = k.project_id AND o.id = k.id`,
    [issueId, keys.map((k) => k.projectId), keys.map((k) => k.id)],
  );
}

export interface IssueCountsTaken {
  timesSeen: number;
  /** The issue's new first and last seen (null: unchanged). */
  firstSeen: Date | null;
  lastSeen: Date | null;
  stats: readonly { hour: Date; count: number }[];
  tags: readonly { key: string; value: string; timesSeen: number }[];
}

/**
 * Takes counts off an issue: `times_seen` (and the score, first and last seen), hourly counts and tag
 * value counters; rows that reach zero are deleted.
 */
export async function subtractIssueCounts(trx: Trx, issueId: number, taken: IssueCountsTaken): Promise<void> {
  const first = taken.firstSeen?.toISOString() ?? null;
  const last = taken.lastSeen?.toISOString() ?? null;
  await raw(
    trx,
    `UPDATE issues SET times_seen = times_seen - ?,
            first_seen = coalesce(?::timestamptz, first_seen),
            last_seen = coalesce(?::timestamptz, last_seen),
            score = ln(greatest(times_seen - ?, 1)) * 600 + extract(epoch FROM coalesce(?::timestamptz, last_seen))
      WHERE id = ?`,
    [taken.timesSeen, first, last, taken.timesSeen, last, issueId],
  );
  if (taken.stats.length > 0) {
    const stats = [...taken.stats].sort((a, b) => a.hour.getTime() - b.hour.getTime());
    await raw(
      trx,
      `UPDATE issue_stats_hourly s SET count = s.count - t.n
         FROM unnest(?::timestamptz[], ?::int[]) AS t(hour, n)
        WHERE s.issue_id = ? AND s.hour = t.hour`,
      [stats.map((s) => s.hour.toISOString()), stats.map((s) => s.count), issueId],
    );
    await trx("issue_stats_hourly").where({ issue_id: issueId }).where("count", "<=", 0).delete();
  }
  if (taken.tags.length > 0) {
    const tags = [...taken.tags].sort((a, b) =>
      a.key < b.key ? -1 : a.key > b.key ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0,
    );
    await raw(
      trx,
      `UPDATE issue_tag_values v SET times_seen = v.times_seen - t.n
         FROM unnest(?::text[], ?::text[], ?::bigint[]) AS t(key, value, n)
        WHERE v.issue_id = ? AND v.key = t.key AND v.value = t.value`,
      [tags.map((t) => t.key), tags.map((t) => t.value), tags.map((t) => t.timesSeen), issueId],
    );
    await trx("issue_tag_values").where({ issue_id: issueId }).where("times_seen", "<=", 0).delete();
  }
}

/**
 * Keeps only the environments, releases and users an issue's remaining occurrences name, and sets its
 * `user_count` to the users it keeps.
 */
export async function keepIssueLinks(
  trx: Trx,
  issueId: number,
  keep: { environmentIds: readonly number[]; releaseIds: readonly number[]; userKeys: readonly string[] },
): Promise<void> {
  await trx("issue_environments")
    .where({ issue_id: issueId })
    .whereNotIn("environment_id", [...keep.environmentIds])
    .delete();
  await trx("issue_releases")
    .where({ issue_id: issueId })
    .whereNotIn("release_id", [...keep.releaseIds])
    .delete();
  await trx("issue_users")
    .where({ issue_id: issueId })
    .whereNotIn("user_key", [...keep.userKeys])
    .delete();
  await raw(
    trx,
    `UPDATE issues SET user_count = (SELECT count(*) FROM issue_users WHERE issue_id = ?) WHERE id = ?`,
    [issueId, issueId],
  );
}
