import { rows } from "./sql.js";
import { byIssueId, keyedRows } from "./keyed-rows.js";
import { upsertInIssueOrder } from "./issue-order.js";
import type { Conn } from "./sql.js";

/** A `snoozes` row's condition (reference GroupSnooze): until, count [+window], user count [+window]. */
export interface SnoozeRow {
  issueId: number;
  until: Date | null;
  count: number | null;
  window: number | null;
  userCount: number | null;
  userWindow: number | null;
  /** `{times_seen}` / `{users_seen}` snapshot the count conditions are relative to. */
  state: Record<string, unknown> | null;
}

/** A snooze as written: its condition plus who set it and when. */
export interface SnoozeInput extends SnoozeRow {
  actorId: number | null;
  createdAt: Date;
}

export function loadSnoozes(db: Conn, issueIds: readonly number[]): Promise<Map<number, SnoozeRow>> {
  return keyedRows(issueIds, byIssueId, () =>
    rows<SnoozeRow>(
      db,
      `SELECT issue_id AS "issueId", until, count, "window", user_count AS "userCount",
              user_window AS "userWindow", state
         FROM snoozes WHERE issue_id = ANY(?::bigint[])`,
      [issueIds],
    ),
  );
}

export async function upsertSnoozes(db: Conn, rows: readonly SnoozeInput[]): Promise<void> {
  await upsertInIssueOrder(db, "snoozes", ["issue_id"], rows, (r) => ({
    issue_id: r.issueId,
    until: r.until,
    count: r.count,
    window: r.window,
    user_count: r.userCount,
    user_window: r.userWindow,
    state: r.state === null ? null : JSON.stringify(r.state),
    actor_id: r.actorId,
    created_at: r.createdAt,
  }));
}

export async function deleteSnoozes(db: Conn, issueIds: readonly number[]): Promise<void> {
  if (issueIds.length === 0) return;
  await db("snoozes")
    .whereIn("issue_id", issueIds as number[])
    .delete();
}
