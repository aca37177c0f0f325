import type { Knex } from "knex";

import { idArray } from "./id-array.js";
import { ReleaseStatus } from "./releases.js";

type Conn = Knex | Knex.Transaction;

/** One query: each project's most recent open releases by date_added (newest first), at most `limit`. */
export async function loadRecentReleases(
  db: Conn,
  projectIds: readonly number[],
  limit: number,
): Promise<Map<number, { version: string }[]>> {
  const result = new Map<number, { version: string }[]>();
  if (projectIds.length === 0) return result;
  const { rows } = await db.raw<{ rows: { project_id: number | string; version: string }[] }>(
    `SELECT p.project_id, r.version
       FROM unnest(?::bigint[]) AS p(project_id)
       CROSS JOIN LATERAL (
         SELECT r.id, r.version, r.date_added
           FROM releases r
           JOIN release_projects rp ON rp.release_id = r.id
          WHERE rp.project_id = p.project_id AND r.status = ?
          ORDER BY r.date_added DESC, r.id DESC
          LIMIT ?
       ) r
      ORDER BY p.project_id, r.date_added DESC, r.id DESC`,
    [idArray(projectIds), ReleaseStatus.OPEN, limit],
  );
  for (const row of rows) {
    const projectId = Number(row.project_id);
    const list = result.get(projectId) ?? [];
    list.push({ version: row.version });
    result.set(projectId, list);
  }
  return result;
}

/**
 * Adds to `release_projects.new_groups` (the issues a release created in a project), one statement,
 * rows in (release, project) order.
 */
export async function addReleaseNewGroups(
  db: Conn,
  counts: readonly { releaseId: number; projectId: number; count: number }[],
): Promise<void> {
  if (counts.length === 0) return;
  const sorted = [...counts].sort((a, b) => a.releaseId - b.releaseId || a.projectId - b.projectId);
  await db.raw(
    `UPDATE release_projects rp SET new_groups = rp.new_groups + u.n
       FROM unnest(?::bigint[], ?::bigint[], ?::int[]) AS u(release_id, project_id, n)
      WHERE rp.release_id = u.release_id AND rp.project_id = u.project_id`,
    [
      idArray(sorted.map((c) => c.releaseId)),
      idArray(sorted.map((c) => c.projectId)),
      idArray(sorted.map((c) => c.count)),
    ],
  );
}
