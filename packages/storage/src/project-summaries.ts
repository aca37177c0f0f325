import type { Conn } from "./sql.js";
import { rows } from "./sql.js";

/**
 * What the project answers of the API show besides a project's own row: when it was created, its first
 * issue, its teams, the environments its issues were seen in and its latest release. One statement per
 * kind of fact for a whole page of projects.
 */
export interface ProjectSummary {
  createdAt: Date;
  /** The first time any of its issues was seen. */
  firstEvent: Date | null;
  teams: { id: number; slug: string; name: string }[];
  /** Names, sorted. */
  environments: string[];
  latestRelease: string | null;
}

export async function loadProjectSummaries(
  db: Conn,
  organizationId: number,
  projectIds: readonly number[],
): Promise<Map<number, ProjectSummary>> {
  if (projectIds.length === 0) return new Map();
  const ids = [...new Set(projectIds)];
  const [base, teams, environments, releases] = await Promise.all([
    rows<{ id: string | number; created_at: Date; first_event: Date | null }>(
      db,
      `SELECT p.id, p.created_at,
              (SELECT min(i.first_seen) FROM issues i WHERE i.project_id = p.id) AS first_event
         FROM projects p
        WHERE p.organization_id = ? AND p.id = ANY(?::bigint[])`,
      [organizationId, ids],
    ),
    rows<{ project_id: string | number; id: string | number; slug: string; name: string }>(
      db,
      `SELECT pt.project_id, t.id, t.slug, t.name
         FROM project_teams pt JOIN teams t ON t.id = pt.team_id
        WHERE pt.project_id = ANY(?::bigint[])
        ORDER BY t.slug`,
      [ids],
    ),
    rows<{ project_id: string | number; name: string }>(
      db,
      `SELECT p.id AS project_id, e.name
         FROM environments e CROSS JOIN unnest(?::bigint[]) AS p(id)
        WHERE e.organization_id = ? AND e.name <> ''
          AND EXISTS (SELECT 1 FROM issue_environments ie JOIN issues i ON i.id = ie.issue_id
                       WHERE ie.environment_id = e.id AND i.project_id = p.id)
        ORDER BY e.name`,
      [ids, organizationId],
    ),
    rows<{ project_id: string | number; version: string }>(
      db,
      `SELECT p.id AS project_id, latest.version
         FROM unnest(?::bigint[]) AS p(id)
         CROSS JOIN LATERAL (
           SELECT r.version FROM releases r JOIN release_projects rp ON rp.release_id = r.id
            WHERE rp.project_id = p.id
            ORDER BY coalesce(r.date_released, r.date_added) DESC, r.id DESC
            LIMIT 1) AS latest`,
      [ids],
    ),
  ]);
  const result = new Map(
    base.map((row): [number, ProjectSummary] => [
      Number(row.id),
      {
        createdAt: row.created_at,
        firstEvent: row.first_event,
        teams: [],
        environments: [],
        latestRelease: null,
      },
    ]),
  );
  for (const t of teams)
    result.get(Number(t.project_id))?.teams.push({ id: Number(t.id), slug: t.slug, name: t.name });
  for (const e of environments) result.get(Number(e.project_id))?.environments.push(e.name);
  for (const r of releases) {
    const summary = result.get(Number(r.project_id));
    if (summary) summary.latestRelease = r.version;
  }
  return result;
}
