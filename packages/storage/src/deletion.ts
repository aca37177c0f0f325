import type { Knex } from "knex";
import type { Conn } from "./sql.js";
import { GroupHistoryStatus, GroupStatus } from "@sift/schemas";

/** How long a deleted issue waits before its rows are purged (the reference's task countdown). */
export const DELETION_DELAY_MS = 3_600_000;

/**
 * Marks locked issues for deletion (any issue type): status
 * PENDING_DELETION, no substatus, `delete_after = now + 1 h`; their fingerprint hashes are deleted
 * (the next occurrence with that fingerprint starts a fresh issue) and they leave the inbox. Every
 * read of the API stops returning them at once. Returns the ids that were marked.
 */
export async function markIssuesForDeletion(
  trx: Knex.Transaction,
  issues: readonly { id: number; organizationId: number; projectId: number }[],
  now: Date,
): Promise<number[]> {
  if (issues.length === 0) return [];
  const ids = [...new Set(issues.map((i) => i.id))].sort((a, b) => a - b);
  const marked = await trx("issues")
    .whereIn("id", ids)
    .whereNotIn("status", [GroupStatus.PENDING_DELETION, GroupStatus.DELETION_IN_PROGRESS])
    .update({
      status: GroupStatus.PENDING_DELETION,
      substatus: null,
      delete_after: new Date(now.getTime() + DELETION_DELAY_MS),
    })
    .returning<{ id: number | string }[]>("id");
  const markedIds = marked.map((r) => Number(r.id));
  if (markedIds.length === 0) return [];
  await trx("issue_hashes").whereIn("issue_id", markedIds).delete();
  await trx("issue_inbox").whereIn("issue_id", markedIds).delete();
  const byId = new Map(issues.map((i) => [i.id, i]));
  await trx("issue_history").insert(
    markedIds.map((id) => ({
      organization_id: byId.get(id)!.organizationId,
      project_id: byId.get(id)!.projectId,
      issue_id: id,
      status: GroupHistoryStatus.DELETED,
      date_added: now,
    })),
  );
  return markedIds;
}

export interface PurgeOptions {
  /** Issues whose `delete_after` is at or before this are purged. */
  now: Date;
  /** At most this many issues per call (default 100). */
  limit?: number;
  /** Rows deleted per statement in the big tables (default 5,000). */
  batchSize?: number;
}

export interface PurgeResult {
  /** Issues removed. */
  issues: number;
  /** Rows removed from the tables that reference them, by table. */
  rows: Record<string, number>;
}

/**
 * Tables that reference an issue by `issue_id`, purged before the issue row. Events are kept: they
 * belong to the project and another occurrence may reference the same event.
 */
export const ISSUE_TABLES = [
  "occurrences",
  "issue_stats_hourly",
  "issue_users",
  "issue_tag_values",
  "issue_environments",
  "issue_releases",
  "issue_inbox",
  "activities",
  "issue_history",
  "issue_resolutions",
  "snoozes",
  "issue_forecasts",
  "issue_commit_links",
  "status_changes",
  "issue_hashes",
  "issue_bookmarks",
  "issue_seen",
  "issue_subscriptions",
  "alert_rule_issues",
  "alert_deliveries",
] as const;

async function deleteInBatches(
  db: Conn,
  table: string,
  ids: readonly number[],
  batchSize: number,
): Promise<number> {
  let total = 0;
  for (;;) {
    const result = (await db.raw(
      `DELETE FROM ?? WHERE ctid = ANY(ARRAY(SELECT ctid FROM ?? WHERE issue_id = ANY(?::bigint[]) LIMIT ?))`,
      [table, table, [...ids], batchSize],
    )) as { rowCount: number | null };
    const count = result.rowCount ?? 0;
    total += count;
    if (count < batchSize) return total;
  }
}

/**
 * Deletes issues whose deletion delay has passed, with every row that references them, in bounded
 * statements (each its own transaction, so a long purge never holds locks for long and an interrupted
 * one resumes on the next call: the issue row goes last). The ingest daemon calls this periodically.
 */
export async function purgeDeletedIssues(db: Knex, options: PurgeOptions): Promise<PurgeResult> {
  const limit = options.limit ?? 100;
  const batchSize = options.batchSize ?? 5_000;
  const result: PurgeResult = { issues: 0, rows: {} };
  const due = await db("issues")
    .whereIn("status", [GroupStatus.PENDING_DELETION, GroupStatus.DELETION_IN_PROGRESS])
    .whereNotNull("delete_after")
    .where("delete_after", "<=", options.now)
    .orderBy(["delete_after", "id"])
    .limit(limit)
    .select<{ id: number | string }[]>("id");
  const ids = due.map((r) => Number(r.id));
  if (ids.length === 0) return result;
  await db("issues").whereIn("id", ids).update({ status: GroupStatus.DELETION_IN_PROGRESS });
  for (const table of ISSUE_TABLES) {
    const count = await deleteInBatches(db, table, ids, batchSize);
    if (count > 0) result.rows[table] = count;
  }
  result.issues = await db("issues")
    .whereIn("id", ids)
    .where("status", GroupStatus.DELETION_IN_PROGRESS)
    .delete();
  return result;
}
