import type { Knex } from "knex";
import type { Conn } from "./sql.js";

/** A `status_changes` row: a status change message as received, with its outcome. */
export interface StatusChangeRow {
  projectId: number;
  id: string;
  issueId: number | null;
  newStatus: number;
  newSubstatus: number | null;
  outcome: string;
  receivedAt: Date;
}

/** Which (project, id) pairs are already stored: the exactly-once guard of status changes. */
export async function findStoredStatusChangeIds(
  db: Conn,
  keys: readonly { projectId: number; id: string }[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { rows } = await db.raw<{ rows: { project_id: number; id: string }[] }>(
    `SELECT s.project_id, s.id::text AS id FROM status_changes s
       JOIN unnest(?::bigint[], ?::uuid[]) AS k(project_id, id) ON s.project_id = k.project_id AND s.id = k.id`,
    [keys.map((k) => k.projectId), keys.map((k) => k.id)],
  );
  return new Set(rows.map((r) => `${r.project_id}:${r.id.replaceAll("-", "")}`));
}

/** Inserts the rows once per (project, id); returns how many were new. */
export async function insertStatusChanges(db: Conn, changes: readonly StatusChangeRow[]): Promise<number> {
  if (changes.length === 0) return 0;
  const result = await db.raw<{ rowCount: number }>(
    `INSERT INTO status_changes (project_id, id, issue_id, new_status, new_substatus, outcome, received_at)
       SELECT * FROM unnest(?::bigint[], ?::uuid[], ?::bigint[], ?::smallint[], ?::smallint[], ?::text[], ?::timestamptz[])
     ON CONFLICT (project_id, id) DO NOTHING`,
    [
      changes.map((c) => c.projectId),
      changes.map((c) => c.id),
      changes.map((c) => c.issueId),
      changes.map((c) => c.newStatus),
      changes.map((c) => c.newSubstatus),
      changes.map((c) => c.outcome),
      changes.map((c) => c.receivedAt.toISOString()),
    ] as unknown as Knex.RawBinding[],
  );
  return result.rowCount;
}
