import type { Knex } from "knex";
import { ActivityType, GroupStatus, GroupSubStatus } from "@sift/schemas";

import { CommitLinkRelationship } from "./commit-resolution.js";
import type { CommitResolutionLink } from "./commit-resolution.js";
import { FOLLOWS_SEMVER_RELEASE_COUNT, resolutionActivityIdent } from "./resolution.js";
import type { IssueResolution, ReleaseInfo } from "./resolution.js";

/** `releases.status` of a release that is not archived (Sentry's ReleaseStatus.OPEN). */
export const RELEASE_STATUS_OPEN = 0;

/** The reference's race guard: an issue active within 5 s of the regressing event does not regress. */
export const REGRESSION_GUARD_SECONDS = 5;

/** A resolution with the organization's release named by its `current_release_version`. */
export interface LoadedResolution {
  resolution: IssueResolution;
  currentRelease: ReleaseInfo | null;
}

interface ResolutionRow {
  issue_id: number | string;
  type: number | null;
  status: number;
  release_id: number | string | null;
  current_release_version: string | null;
  datetime: Date;
  release_version: string | null;
  release_date_added: Date | null;
  current_id: number | string | null;
  current_version: string | null;
  current_date_added: Date | null;
}

/** A Postgres array literal of ids, bound as one parameter (`?::bigint[]`). */
function idArray(ids: readonly number[]): string {
  for (const id of ids) {
    if (!Number.isSafeInteger(id)) throw new TypeError(`Not an id: ${String(id)}`);
  }
  return `{${ids.join(",")}}`;
}

/** One query: the issues' resolutions, their releases and the releases named by current_release_version. */
export async function loadResolutions(
  trx: Knex.Transaction,
  issueIds: readonly number[],
): Promise<Map<number, LoadedResolution>> {
  const result = new Map<number, LoadedResolution>();
  if (issueIds.length === 0) return result;
  const rows = await trx("issue_resolutions as res")
    .join("issues as i", "i.id", "res.issue_id")
    .leftJoin("releases as r", "r.id", "res.release_id")
    .leftJoin("releases as cr", (join) => {
      join
        .on("cr.organization_id", "=", "i.organization_id")
        .andOn("cr.version", "=", "res.current_release_version");
    })
    .whereIn("res.issue_id", [...issueIds])
    .select<ResolutionRow[]>(
      "res.issue_id",
      "res.type",
      "res.status",
      "res.release_id",
      "res.current_release_version",
      "res.datetime",
      "r.version as release_version",
      "r.date_added as release_date_added",
      "cr.id as current_id",
      "cr.version as current_version",
      "cr.date_added as current_date_added",
    );
  for (const row of rows) {
    const issueId = Number(row.issue_id);
    const releaseId = row.release_id === null ? null : Number(row.release_id);
    result.set(issueId, {
      resolution: {
        issueId,
        type: row.type,
        status: row.status,
        releaseId,
        release:
          releaseId !== null && row.release_version !== null && row.release_date_added !== null
            ? { id: releaseId, version: row.release_version, dateAdded: row.release_date_added }
            : null,
        currentReleaseVersion: row.current_release_version,
        datetime: row.datetime,
      },
      currentRelease:
        row.current_id !== null && row.current_version !== null && row.current_date_added !== null
          ? { id: Number(row.current_id), version: row.current_version, dateAdded: row.current_date_added }
          : null,
    });
  }
  return result;
}

/** One query: each project's most recent open releases by date_added (newest first), at most 10. */
export async function loadRecentReleases(
  trx: Knex.Transaction,
  projectIds: readonly number[],
): Promise<Map<number, { version: string }[]>> {
  const result = new Map<number, { version: string }[]>();
  if (projectIds.length === 0) return result;
  const { rows } = await trx.raw<{ rows: { project_id: number | string; version: string }[] }>(
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
    [idArray(projectIds), RELEASE_STATUS_OPEN, FOLLOWS_SEMVER_RELEASE_COUNT],
  );
  for (const row of rows) {
    const projectId = Number(row.project_id);
    const list = result.get(projectId) ?? [];
    list.push({ version: row.version });
    result.set(projectId, list);
  }
  return result;
}

interface CommitLinkRow {
  issue_id: number | string;
  id: number | string;
  datetime: Date;
  in_release: boolean;
}

/** One query: each issue's latest "resolves" commit link and whether its commit is in any release. */
export async function loadLatestCommitLinks(
  trx: Knex.Transaction,
  issueIds: readonly number[],
): Promise<Map<number, CommitResolutionLink>> {
  const result = new Map<number, CommitResolutionLink>();
  if (issueIds.length === 0) return result;
  const rows = await trx("issue_commit_links as l")
    .distinctOn("l.issue_id")
    .whereIn("l.issue_id", [...issueIds])
    .where("l.relationship", CommitLinkRelationship.RESOLVES)
    .orderBy([
      { column: "l.issue_id" },
      { column: "l.datetime", order: "desc" },
      { column: "l.id", order: "desc" },
    ])
    .select<CommitLinkRow[]>(
      "l.issue_id",
      "l.id",
      "l.datetime",
      trx.raw("EXISTS (SELECT 1 FROM release_commits rc WHERE rc.commit_id = l.commit_id) AS in_release"),
    );
  for (const row of rows) {
    result.set(Number(row.issue_id), {
      id: Number(row.id),
      datetime: row.datetime,
      inRelease: row.in_release,
    });
  }
  return result;
}

/**
 * The compare-and-set of reference §8, for many issues in one statement: set UNRESOLVED/REGRESSED,
 * active_at = last_seen = date, only where the status is RESOLVED or UNRESOLVED and the issue was not
 * active within 5 s before `date`. The rows are locked in id order first so that two batches never
 * deadlock. Returns the ids that were updated (= regressed).
 */
export async function markRegressed(
  trx: Knex.Transaction,
  updates: readonly { issueId: number; date: Date }[],
): Promise<Set<number>> {
  if (updates.length === 0) return new Set();
  const sorted = [...updates].sort((a, b) => a.issueId - b.issueId);
  const values = sorted.map(() => "(?::bigint, ?::timestamptz)").join(", ");
  const { rows } = await trx.raw<{ rows: { id: number | string }[] }>(
    `WITH locked AS MATERIALIZED (
       SELECT id FROM issues WHERE id = ANY(?::bigint[]) ORDER BY id FOR UPDATE
     )
     UPDATE issues AS i
        SET status = ?, substatus = ?, active_at = v.date, last_seen = v.date
       FROM (VALUES ${values}) AS v(id, date), locked
      WHERE i.id = v.id
        AND locked.id = i.id
        AND i.status IN (?, ?)
        AND NOT (i.active_at >= v.date - make_interval(secs => ?))
     RETURNING i.id`,
    [
      idArray(sorted.map((u) => u.issueId)),
      GroupStatus.UNRESOLVED,
      GroupSubStatus.REGRESSED,
      ...sorted.flatMap((u) => [u.issueId, u.date]),
      GroupStatus.RESOLVED,
      GroupStatus.UNRESOLVED,
      REGRESSION_GUARD_SECONDS,
    ],
  );
  return new Set(rows.map((r) => Number(r.id)));
}

/** Deletes the issues' resolutions; returns the issue ids whose resolution row was deleted. */
export async function deleteResolutions(
  trx: Knex.Transaction,
  issueIds: readonly number[],
): Promise<Set<number>> {
  if (issueIds.length === 0) return new Set();
  const rows = await trx("issue_resolutions")
    .whereIn("issue_id", [...issueIds])
    .delete()
    .returning<{ issue_id: number | string }[]>("issue_id");
  return new Set(rows.map((r) => Number(r.issue_id)));
}

export interface ResolvedInActivity {
  id: number;
  issueId: number;
  data: unknown;
}

/** One query: each issue's latest SET_RESOLVED_IN_RELEASE activity whose ident is the resolution's key. */
export async function loadResolvedInActivities(
  trx: Knex.Transaction,
  issueIds: readonly number[],
): Promise<Map<number, ResolvedInActivity>> {
  const result = new Map<number, ResolvedInActivity>();
  if (issueIds.length === 0) return result;
  const rows = await trx("activities")
    .distinctOn("issue_id")
    .whereIn(
      ["issue_id", "ident"],
      issueIds.map((id) => [id, resolutionActivityIdent(id)]),
    )
    .where("type", ActivityType.SET_RESOLVED_IN_RELEASE)
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
  trx: Knex.Transaction,
  updates: readonly { id: number; data: Record<string, unknown> }[],
): Promise<void> {
  if (updates.length === 0) return;
  const values = updates.map(() => "(?::bigint, ?::jsonb)").join(", ");
  await trx.raw(
    `UPDATE activities AS a SET data = v.data FROM (VALUES ${values}) AS v(id, data) WHERE a.id = v.id`,
    [...updates.flatMap((u) => [u.id, JSON.stringify(u.data)])],
  );
}
