import { raw, rows } from "./sql.js";
import { existingKeys, findOrInsert, keyedRows } from "./keyed-rows.js";
import type { Conn } from "./sql.js";

/**
 * `environments` (one per organization and name) and `issue_environments` (the environments an issue
 * was seen in, with when and in which release it was first seen there).
 */

interface EnvironmentRow {
  id: number;
  organization_id: number;
  name: string;
}

const environmentEntry = (r: EnvironmentRow): [string, number] => [`${r.organization_id}:${r.name}`, r.id];

/** Get or create environments by (organization, name); returns `organization:name` → id. */
export function getOrCreateEnvironments(
  db: Conn,
  entries: readonly { organizationId: number; name: string }[],
): Promise<Map<string, number>> {
  return keyedRows(entries, environmentEntry, () => createEnvironments(db, entries));
}

function createEnvironments(
  db: Conn,
  entries: readonly { organizationId: number; name: string }[],
): Promise<EnvironmentRow[]> {
  const unique = [...new Map(entries.map((e) => [`${e.organizationId}:${e.name}`, e])).values()].sort(
    (a, b) => a.organizationId - b.organizationId || (a.name < b.name ? -1 : 1),
  );
  const columns = (list: readonly (typeof unique)[number][]) => [
    list.map((e) => e.organizationId),
    list.map((e) => e.name),
  ];
  return findOrInsert(unique, {
    find: (list) =>
      rows<EnvironmentRow>(
        db,
        `SELECT e.id, e.organization_id, e.name
           FROM environments e JOIN unnest(?::bigint[], ?::text[]) AS w(organization_id, name) USING (organization_id, name)`,
        columns(list),
      ),
    insert: (missing) =>
      raw(
        db,
        `INSERT INTO environments (organization_id, name) SELECT * FROM unnest(?::bigint[], ?::text[])
         ON CONFLICT (organization_id, name) DO NOTHING`,
        columns(missing),
      ),
    wantedKey: (e) => `${e.organizationId}:${e.name}`,
    rowKey: (r) => environmentEntry(r)[0],
  });
}

/** Environment names of the organization that exist, out of `names`. */
export async function findEnvironmentNames(
  db: Conn,
  organizationId: number,
  names: readonly string[],
): Promise<Set<string>> {
  return existingKeys(db, "environments", organizationId, "name", names);
}

/**
 * An issue's environments of one batch: first seen (with its release) moves only earlier, last seen
 * only later. `lastSeen` is the batch's latest event in the environment; without it the row's
 * last_seen stays as it was (unknown until written).
 */
export async function upsertIssueEnvironments(
  db: Conn,
  entries: readonly {
    issueId: number;
    environmentId: number;
    firstSeen: Date;
    lastSeen?: Date;
    firstReleaseId: number | null;
  }[],
): Promise<void> {
  if (entries.length === 0) return;
  const sorted = [...entries].sort((a, b) => a.issueId - b.issueId || a.environmentId - b.environmentId);
  await raw(
    db,
    `INSERT INTO issue_environments AS ie (issue_id, environment_id, first_seen, last_seen, first_release_id)
       SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::timestamptz[], ?::timestamptz[], ?::bigint[])
     ON CONFLICT (issue_id, environment_id) DO UPDATE
       SET first_seen = least(ie.first_seen, EXCLUDED.first_seen),
           first_release_id = CASE WHEN EXCLUDED.first_seen < ie.first_seen
                                   THEN EXCLUDED.first_release_id ELSE ie.first_release_id END,
           last_seen = greatest(ie.last_seen, EXCLUDED.last_seen)
       WHERE ie.first_seen > EXCLUDED.first_seen
          OR EXCLUDED.last_seen > coalesce(ie.last_seen, '-infinity')`,
    [
      sorted.map((e) => e.issueId),
      sorted.map((e) => e.environmentId),
      sorted.map((e) => e.firstSeen.toISOString()),
      sorted.map((e) => e.lastSeen?.toISOString() ?? null),
      sorted.map((e) => e.firstReleaseId),
    ],
  );
}

/** An environment of an organization. */
export interface Environment {
  id: number;
  name: string;
}

/** The organization's environments by name (the unique key's index, in name order). */
export async function listEnvironments(db: Conn, organizationId: number): Promise<Environment[]> {
  const found = await db("environments")
    .where("organization_id", organizationId)
    .orderBy("name")
    .select<{ id: string | number; name: string }[]>("id", "name");
  return found.map((r) => ({ id: Number(r.id), name: r.name }));
}

/**
 * The organization's environments one of the project's issues was seen in, by name. Per environment
 * one walk of the project's issues (`issues_project_last_seen`, most recently seen first) probing
 * `issue_environments` (its (environment, issue) index) that stops at the first hit: bounded by the
 * project's issues, where an `EXISTS` without the limit hashes every issue of the environment.
 */
export async function listProjectEnvironments(
  db: Conn,
  organizationId: number,
  projectId: number,
): Promise<Environment[]> {
  const found = await rows<{ id: string | number; name: string }>(
    db,
    `SELECT e.id, e.name FROM environments e
       CROSS JOIN LATERAL (
         SELECT 1 FROM issues i
          WHERE i.project_id = ?
            AND EXISTS (SELECT 1 FROM issue_environments ie WHERE ie.issue_id = i.id AND ie.environment_id = e.id)
          ORDER BY i.last_seen DESC LIMIT 1) hit
      WHERE e.organization_id = ?
      ORDER BY e.name`,
    [projectId, organizationId],
  );
  return found.map((r) => ({ id: Number(r.id), name: r.name }));
}
