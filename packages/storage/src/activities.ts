import { byIssueId, keyedRows } from "./keyed-rows.js";
import { fromRow } from "./row-of.js";
import type { Conn } from "./sql.js";
import type { RowOf } from "./row-of.js";

/** An `activities` row (ActivityType). */
export interface ActivityInput {
  projectId: number;
  issueId: number;
  type: number;
  ident?: string | null;
  userId?: number | null;
  data?: Record<string, unknown>;
  datetime: Date;
}

/** One multi-row insert; returns the new activity ids in input order. */
export async function insertActivities(db: Conn, rows: readonly ActivityInput[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await db("activities")
    .insert(
      rows.map((r) => ({
        project_id: r.projectId,
        issue_id: r.issueId,
        type: r.type,
        ident: r.ident ?? null,
        user_id: r.userId ?? null,
        data: JSON.stringify(r.data ?? {}),
        datetime: r.datetime,
      })),
    )
    .returning("id");
  return (inserted as { id: number }[]).map((r) => r.id);
}

export interface KeyedActivity {
  id: number;
  issueId: number;
  data: unknown;
}

/** One query: for each (issue, ident), the issue's latest activity of `type` with that ident. */
export async function loadLatestActivities(
  db: Conn,
  type: number,
  keys: readonly { issueId: number; ident: string }[],
): Promise<Map<number, KeyedActivity>> {
  return keyedRows(keys, byIssueId, () =>
    db("activities")
      .distinctOn("issue_id")
      .whereIn(
        ["issue_id", "ident"],
        keys.map((k) => [k.issueId, k.ident]),
      )
      .where("type", type)
      .orderBy([
        { column: "issue_id" },
        { column: "datetime", order: "desc" },
        { column: "id", order: "desc" },
      ])
      .select<KeyedActivity[]>("id", "issue_id as issueId", "data"),
  );
}

/** One statement: replace the data of the given activities. */
export async function updateActivityData(
  db: Conn,
  updates: readonly { id: number; data: Record<string, unknown> }[],
): Promise<void> {
  if (updates.length === 0) return;
  const values = updates.map(() => "(?::bigint, ?::jsonb)").join(", ");
  await db.raw(
    `UPDATE activities AS a SET data = v.data FROM (VALUES ${values}) AS v(id, data) WHERE a.id = v.id`,
    [...updates.flatMap((u) => [u.id, JSON.stringify(u.data)])],
  );
}

export interface ActivityRecord {
  id: number;
  projectId: number;
  issueId: number;
  type: number;
  ident: string | null;
  userId: number | null;
  data: Record<string, unknown>;
  datetime: Date;
}

type ActivityDbRow = RowOf<ActivityRecord>;

const ACTIVITY_COLUMNS = ["id", "project_id", "issue_id", "type", "ident", "user_id", "data", "datetime"];
const NEWEST_FIRST = [
  { column: "datetime", order: "desc" },
  { column: "id", order: "desc" },
];

/** An issue's activities, newest first. */
export async function listIssueActivities(db: Conn, issueId: number, limit = 100): Promise<ActivityRecord[]> {
  const rows = await db("activities")
    .where({ issue_id: issueId })
    .orderBy(NEWEST_FIRST)
    .limit(limit)
    .select<ActivityDbRow[]>(ACTIVITY_COLUMNS);
  return rows.map((row) => fromRow<ActivityRecord>(row));
}

/** An issue's activities of one type, newest first; `id` narrows to one activity. */
export async function listActivitiesOfType(
  db: Conn,
  issueId: number,
  type: number,
  options: { limit: number; offset?: number; id?: number },
): Promise<ActivityRecord[]> {
  const query = db("activities").where({ issue_id: issueId, type });
  if (options.id !== undefined) query.where("id", options.id);
  const rows = await query
    .orderBy(NEWEST_FIRST)
    .limit(options.limit)
    .offset(options.offset ?? 0)
    .select<ActivityDbRow[]>(ACTIVITY_COLUMNS);
  return rows.map((row) => fromRow<ActivityRecord>(row));
}

/** Deletes one activity of an issue and type; true when it existed. */
export async function deleteActivity(db: Conn, issueId: number, type: number, id: number): Promise<boolean> {
  const deleted = await db("activities").where({ issue_id: issueId, type, id }).delete();
  return deleted > 0;
}
