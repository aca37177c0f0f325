import { raw } from "./sql.js";
import type { Conn } from "./sql.js";

/** `issue_stats_hourly`: occurrences per issue and hour (the list's stats and time windows). */

export interface HourlyCount {
  issueId: number;
  hour: Date;
  count: number;
}

/** Add to hourly counts (one statement for the batch). */
export async function addIssueStats(db: Conn, entries: readonly HourlyCount[]): Promise<void> {
  if (entries.length === 0) return;
  const sorted = [...entries].sort((a, b) => a.issueId - b.issueId || a.hour.getTime() - b.hour.getTime());
  await raw(
    db,
    `INSERT INTO issue_stats_hourly (issue_id, hour, count)
       SELECT * FROM unnest(?::bigint[], ?::timestamptz[], ?::int[])
     ON CONFLICT (issue_id, hour) DO UPDATE SET count = issue_stats_hourly.count + EXCLUDED.count`,
    [sorted.map((e) => e.issueId), sorted.map((e) => e.hour.toISOString()), sorted.map((e) => e.count)],
  );
}

/** Hourly occurrence counts of issues with `start <= hour <= end`. */
export async function getIssueHourlyCounts(
  db: Conn,
  issueIds: readonly number[],
  start: Date,
  end: Date,
): Promise<HourlyCount[]> {
  if (issueIds.length === 0) return [];
  const found = await db("issue_stats_hourly")
    .whereIn("issue_id", [...issueIds])
    .where("hour", ">=", start)
    .where("hour", "<=", end)
    .orderBy(["issue_id", "hour"])
    .select<{ issue_id: number | string; hour: Date; count: number | string }[]>("issue_id", "hour", "count");
  return found.map((r) => ({ issueId: Number(r.issue_id), hour: r.hour, count: Number(r.count) }));
}
