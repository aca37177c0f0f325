import type { Knex } from "knex";
import { historyStatusFor } from "@sift/schemas";

import { insertHistory } from "./group-history.js";
import type { HistoryInput } from "./group-history.js";

type Conn = Knex | Knex.Transaction;

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

export interface StatusActivityInput {
  organizationId: number;
  projectId: number;
  issueId: number;
  activityType: number;
  /** The issue's new substatus: it decides the history status when set. */
  substatus: number | null;
  data?: Record<string, unknown>;
  ident?: string | null;
  userId?: number | null;
  releaseId?: number | null;
  datetime: Date;
}

/** Activities plus the history rows they imply (reference §1.1 mapping). */
export async function recordStatusActivities(
  db: Conn,
  rows: readonly StatusActivityInput[],
): Promise<number[]> {
  const ids = await insertActivities(
    db,
    rows.map((r) => ({
      projectId: r.projectId,
      issueId: r.issueId,
      type: r.activityType,
      ident: r.ident ?? null,
      userId: r.userId ?? null,
      data: r.data ?? {},
      datetime: r.datetime,
    })),
  );
  const history: HistoryInput[] = [];
  for (const r of rows) {
    const status = historyStatusFor(r.activityType, r.substatus);
    if (status === null) continue;
    history.push({
      organizationId: r.organizationId,
      projectId: r.projectId,
      issueId: r.issueId,
      status,
      releaseId: r.releaseId ?? null,
      userId: r.userId ?? null,
      dateAdded: r.datetime,
    });
  }
  await insertHistory(db, history);
  return ids;
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
  const result = new Map<number, KeyedActivity>();
  if (keys.length === 0) return result;
  const rows = await db("activities")
    .distinctOn("issue_id")
    .whereIn(
      ["issue_id", "ident"],
      keys.map((k) => [k.issueId, k.ident]),
    )
    .where("type", type)
    .orderBy([{ column: "issue_id" }, { column: "datetime", order: "desc" }, { column: "id", order: "desc" }])
    .select<{ id: number | string; issue_id: number | string; data: unknown }[]>("id", "issue_id", "data");
  for (const row of rows) {
    const issueId = Number(row.issue_id);
    result.set(issueId, { id: Number(row.id), issueId, data: row.data });
  }
  return result;
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
