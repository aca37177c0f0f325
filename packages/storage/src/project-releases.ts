import { raw, rows } from "./sql.js";
import type { Conn } from "./sql.js";

import { ReleaseStatus } from "./releases.js";

/** One query: each project's most recent open releases by date_added (newest first), at most `limit`. */
export async function loadRecentReleases(
  db: Conn,
  projectIds: readonly number[],
  limit: number,
): Promise<Map<number, { version: string }[]>> {
  const result = new Map<number, { version: string }[]>();
  if (projectIds.length === 0) return result;
  const found = await rows<{ project_id: number | string; version: string }>(
    db,
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
    [projectIds, ReleaseStatus.OPEN, limit],
  );
  for (const row of found) {
    const projectId = Number(row.project_id);
    const list = result.get(projectId) ?? [];
    list.push({ version: row.version });
    result.set(projectId, list);
  }
  return result;
}

/**
 * Records the issues a batch created per release and project (`release_new_groups`, summed when read),
 * one insert that locks no shared row.
 */
export async function addReleaseNewGroups(
  db: Conn,
  counts: readonly { releaseId: number; projectId: number; count: number }[],
): Promise<void> {
  if (counts.length === 0) return;
  await raw(
    db,
    `INSERT INTO release_new_groups (release_id, project_id, n)
       SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::int[])`,
    [counts.map((c) => c.releaseId), counts.map((c) => c.projectId), counts.map((c) => c.count)],
  );
}
