import type { Knex } from "knex";

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
 * users stay (they are the lifetime count) and go with their issue.
 */
export async function deleteExpiredData(db: Knex, options: RetentionOptions): Promise<RetentionResult> {
  const batchSize = options.batchSize ?? 5_000;
  const maxBatches = options.maxBatches ?? 200;
  const run = (table: string, column: string) => deleteInBatches(db, table, column, options.cutoff, batchSize, maxBatches);
  return {
    occurrences: await run("occurrences", "received_at"),
    events: await run("events", "received_at"),
    stats: await run("issue_stats_hourly", "hour"),
    statusChanges: await run("status_changes", "received_at"),
  };
}
