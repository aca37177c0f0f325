import { rows } from "./sql.js";
import type { Conn } from "./sql.js";

/** `issue_hashes`: fingerprint hash → issue, unique per project (the grouping key). */

/** An `issue_hashes` row. */
export interface HashRow {
  projectId: number;
  hash: string;
  issueId: number | null;
}

export async function findHashes(
  db: Conn,
  keys: readonly { projectId: number; hash: string }[],
): Promise<Map<string, HashRow>> {
  const result = new Map<string, HashRow>();
  if (keys.length === 0) return result;
  const found = await rows<{ project_id: number; hash: string; issue_id: number | null }>(
    db,
    `SELECT h.project_id, h.hash, h.issue_id FROM issue_hashes h
       JOIN unnest(?::bigint[], ?::char(32)[]) AS k(project_id, hash) ON h.project_id = k.project_id AND h.hash = k.hash`,
    [keys.map((k) => k.projectId), keys.map((k) => k.hash)],
  );
  for (const r of found)
    result.set(`${r.project_id}:${r.hash}`, { projectId: r.project_id, hash: r.hash, issueId: r.issue_id });
  return result;
}

/** Claim hashes for issues; returns the (project:hash) keys this call inserted (the others were taken). */
export async function insertHashes(db: Conn, hashes: readonly HashRow[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const sorted = [...hashes].sort(
    (a, b) => a.projectId - b.projectId || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0),
  );
  const inserted = await rows<{ project_id: number; hash: string }>(
    db,
    `INSERT INTO issue_hashes (project_id, hash, issue_id)
       SELECT * FROM unnest(?::bigint[], ?::char(32)[], ?::bigint[])
     ON CONFLICT (project_id, hash) DO NOTHING
     RETURNING project_id, hash`,
    [sorted.map((h) => h.projectId), sorted.map((h) => h.hash), sorted.map((h) => h.issueId)],
  );
  return new Set(inserted.map((r) => `${r.project_id}:${r.hash}`));
}
