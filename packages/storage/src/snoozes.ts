import type { Knex } from "knex";

type Conn = Knex | Knex.Transaction;

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

export async function loadSnoozes(db: Conn, issueIds: readonly number[]): Promise<Map<number, SnoozeRow>> {
  const result = new Map<number, SnoozeRow>();
  if (issueIds.length === 0) return result;
  const { rows } = await db.raw<{
    rows: {
      issue_id: number | string;
      until: Date | null;
      count: number | null;
      window: number | null;
      user_count: number | null;
      user_window: number | null;
      state: Record<string, unknown> | null;
    }[];
  }>(
    `SELECT issue_id, until, count, "window", user_count, user_window, state FROM snoozes WHERE issue_id = ANY(?::bigint[])`,
    [issueIds as number[]],
  );
  for (const r of rows) {
    const issueId = Number(r.issue_id);
    result.set(issueId, {
      issueId,
      until: r.until,
      count: r.count,
      window: r.window,
      userCount: r.user_count,
      userWindow: r.user_window,
      state: r.state,
    });
  }
  return result;
}

export async function upsertSnoozes(db: Conn, rows: readonly SnoozeInput[]): Promise<void> {
  if (rows.length === 0) return;
  await db("snoozes")
    .insert(
      [...rows]
        .sort((a, b) => a.issueId - b.issueId)
        .map((r) => ({
          issue_id: r.issueId,
          until: r.until,
          count: r.count,
          window: r.window,
          user_count: r.userCount,
          user_window: r.userWindow,
          state: r.state === null ? null : JSON.stringify(r.state),
          actor_id: r.actorId,
          created_at: r.createdAt,
        })),
    )
    .onConflict("issue_id")
    .merge(["until", "count", "window", "user_count", "user_window", "state", "actor_id", "created_at"]);
}

export async function deleteSnoozes(db: Conn, issueIds: readonly number[]): Promise<void> {
  if (issueIds.length === 0) return;
  await db("snoozes")
    .whereIn("issue_id", issueIds as number[])
    .delete();
}
