import type { Knex } from "knex";

import { rows } from "./sql.js";
import { keyedRows } from "./keyed-rows.js";
import type { Conn } from "./sql.js";

/** `issue_hashes`: fingerprint hash → issue, unique per project (the grouping key). */

/** An `issue_hashes` row. */
export interface HashRow {
  projectId: number;
  hash: string;
  issueId: number | null;
}

const hashEntry = (hash: HashRow): [string, HashRow] => [`${hash.projectId}:${hash.hash}`, hash];

/**
 * The stored hashes among `keys`, share-locked in (project, hash) order until the transaction ends: a
 * merge (which locks them for update first) waits for the batches that routed occurrences by them, and
 * a batch that looks them up during a merge waits and then sees where the merge moved them.
 */
export function findHashes(
  db: Conn,
  keys: readonly { projectId: number; hash: string }[],
): Promise<Map<string, HashRow>> {
  return keyedRows(keys, hashEntry, () =>
    rows<HashRow>(
      db,
      `SELECT h.project_id AS "projectId", h.hash, h.issue_id AS "issueId" FROM issue_hashes h
         JOIN unnest(?::bigint[], ?::char(32)[]) AS k(project_id, hash) ON h.project_id = k.project_id AND h.hash = k.hash
        ORDER BY h.project_id, h.hash
        FOR SHARE OF h`,
      [keys.map((k) => k.projectId), keys.map((k) => k.hash)],
    ),
  );
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

/** An issue's fingerprint hashes in hash order, a page at a time. */
export async function listIssueHashes(
  db: Conn,
  issueId: number,
  page: { limit: number; offset: number },
): Promise<string[]> {
  const rows = await db("issue_hashes")
    .where({ issue_id: issueId })
    .orderBy("hash")
    .limit(page.limit)
    .offset(page.offset)
    .select<{ hash: string }[]>("hash");
  return rows.map((r) => r.hash);
}

/**
 * Locks the hashes of the issues for update in (project, hash) order, the order ingest share-locks them
 * in (`findHashes`); a merge takes these before the issue rows, as ingest does.
 */
export async function lockIssueHashes(trx: Knex.Transaction, issueIds: readonly number[]): Promise<void> {
  if (issueIds.length === 0) return;
  await trx("issue_hashes")
    .whereIn("issue_id", [...issueIds])
    .orderBy(["project_id", "hash"])
    .forUpdate()
    .select("hash");
}

/** Moves the hashes of the `from` issues (every one, or only `hashes`) to issue `to`. */
export async function moveIssueHashes(
  trx: Knex.Transaction,
  from: readonly number[],
  to: number,
  hashes?: readonly string[],
): Promise<void> {
  if (from.length === 0) return;
  const query = trx("issue_hashes").whereIn("issue_id", [...from]);
  if (hashes) query.whereIn("hash", [...hashes]);
  await query.update({ issue_id: to });
}
