import type { Knex } from "knex";
import { GroupStatus } from "@sift/schemas";
import { DELETION_DELAY_MS, markIssuesForDeletion } from "./deletion.js";

export interface RetentionResult {
  occurrences: number;
  events: number;
  stats: number;
  statusChanges: number;
}

export interface RetentionOptions {
  /** Rows older than this go. */
  cutoff: Date;
  /** Rows per DELETE statement: each statement is short, so no long locks. */
  batchSize?: number;
  /** Upper bound of statements per table in one run (the job comes back next interval). */
  maxBatches?: number;
}

async function deleteInBatches(
  db: Knex,
  table: string,
  column: string,
  cutoff: Date,
  batchSize: number,
  maxBatches: number,
): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const result = (await db.raw(
      `DELETE FROM ?? WHERE ctid = ANY(ARRAY(SELECT ctid FROM ?? WHERE ?? < ? LIMIT ?))`,
      [table, table, column, cutoff, batchSize],
    )) as { rowCount: number };
    total += result.rowCount;
    if (result.rowCount < batchSize) break;
  }
  return total;
}

/**
 * Delete occurrences, events, hourly stats and status changes older than the retention cutoff. Distinct
 * users and tag value counters stay (they are the issue's lifetime counts) and go with their issue.
 */
export async function deleteExpiredData(db: Knex, options: RetentionOptions): Promise<RetentionResult> {
  const batchSize = options.batchSize ?? 5_000;
  const maxBatches = options.maxBatches ?? 200;
  const run = (table: string, column: string) =>
    deleteInBatches(db, table, column, options.cutoff, batchSize, maxBatches);
  return {
    occurrences: await run("occurrences", "received_at"),
    events: await run("events", "received_at"),
    stats: await run("issue_stats_hourly", "hour"),
    statusChanges: await run("status_changes", "received_at"),
  };
}

/**
 * Issues not seen since the cutoff are deleted like a user's delete (hashes first, rows purged by
 * `purgeDeletedIssues`), organization by organization so each scan uses the (organization_id,
 * last_seen) index. Returns how many were marked.
 */
export async function expireIssues(
  db: Knex,
  options: { cutoff: Date; now: Date; limit?: number },
): Promise<number> {
  const limit = options.limit ?? 1_000;
  const organizations = (await db("organizations").pluck("id")) as number[];
  let total = 0;
  for (const organizationId of organizations) {
    total += await db.transaction(async (trx) => {
      const rows = (await trx("issues")
        .where({ organization_id: organizationId })
        .where("last_seen", "<", options.cutoff)
        .whereNotIn("status", [GroupStatus.PENDING_DELETION, GroupStatus.DELETION_IN_PROGRESS])
        .orderBy("last_seen")
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .select("id", "organization_id", "project_id")) as {
        id: number;
        organization_id: number;
        project_id: number;
      }[];
      const marked = await markIssuesForDeletion(
        trx,
        rows.map((r) => ({ id: r.id, organizationId: r.organization_id, projectId: r.project_id })),
        new Date(options.now.getTime() - DELETION_DELAY_MS),
      );
      return marked.length;
    });
  }
  return total;
}
