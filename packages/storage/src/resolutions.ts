import { keyedRows } from "./keyed-rows.js";
import { upsertInIssueOrder } from "./issue-order.js";
import type { Conn } from "./sql.js";

/** An `issue_resolutions` row as written (one per issue). */
export interface ResolutionInput {
  issueId: number;
  type: number | null;
  status: number;
  releaseId: number | null;
  currentReleaseVersion: string | null;
  actorId: number | null;
  datetime: Date;
}

/** The parts of a release the resolution rules look at. */
export interface ResolutionRelease {
  id: number;
  version: string;
  dateAdded: Date;
}

/** A resolution with its release and the organization's release named by `current_release_version`. */
export interface LoadedResolution {
  resolution: {
    issueId: number;
    type: number | null;
    status: number;
    releaseId: number | null;
    release: ResolutionRelease | null;
    currentReleaseVersion: string | null;
    datetime: Date;
  };
  currentRelease: ResolutionRelease | null;
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

function release(id: number | string | null, version: string | null, dateAdded: Date | null) {
  return id !== null && version !== null && dateAdded !== null
    ? { id: Number(id), version, dateAdded }
    : null;
}

/** One query: the issues' resolutions, their releases and the releases named by current_release_version. */
export function loadResolutions(
  db: Conn,
  issueIds: readonly number[],
): Promise<Map<number, LoadedResolution>> {
  return keyedRows(issueIds, toLoadedResolution, () => resolutionRows(db, issueIds));
}

function resolutionRows(db: Conn, issueIds: readonly number[]): PromiseLike<ResolutionRow[]> {
  return db("issue_resolutions as res")
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
}

function toLoadedResolution(row: ResolutionRow): [number, LoadedResolution] {
  const issueId = Number(row.issue_id);
  const resolution = {
    issueId,
    type: row.type,
    status: row.status,
    releaseId: row.release_id === null ? null : Number(row.release_id),
    release: release(row.release_id, row.release_version, row.release_date_added),
    currentReleaseVersion: row.current_release_version,
    datetime: row.datetime,
  };
  return [
    issueId,
    { resolution, currentRelease: release(row.current_id, row.current_version, row.current_date_added) },
  ];
}

/** Upserts resolutions (one per issue): an existing row is replaced and its datetime refreshed. */
export async function upsertResolutions(db: Conn, rows: readonly ResolutionInput[]): Promise<void> {
  await upsertInIssueOrder(db, "issue_resolutions", ["issue_id"], rows, (r) => ({
    issue_id: r.issueId,
    type: r.type,
    status: r.status,
    release_id: r.releaseId,
    current_release_version: r.currentReleaseVersion,
    actor_id: r.actorId,
    datetime: r.datetime,
  }));
}

/** Deletes the issues' resolutions; returns the issue ids whose resolution row was deleted. */
export async function deleteResolutions(db: Conn, issueIds: readonly number[]): Promise<Set<number>> {
  if (issueIds.length === 0) return new Set();
  const rows = await db("issue_resolutions")
    .whereIn("issue_id", [...issueIds])
    .delete()
    .returning<{ issue_id: number | string }[]>("issue_id");
  return new Set(rows.map((r) => Number(r.issue_id)));
}
