import { COMMIT_INFO_COLUMNS, toCommitInfo } from "./commits.js";
import type { CommitInfo, CommitRow } from "./commits.js";
import { deploySummaries } from "./deploys.js";
import type { Deploy } from "./deploys.js";
import { loadHeadCommits } from "./release-head-commits.js";
import type { HeadCommit } from "./release-head-commits.js";
import { RELEASE_COLUMNS, toRelease } from "./releases.js";
import type { Release, ReleaseRow } from "./releases.js";
import type { Conn } from "./sql.js";

/** A release as the API shows it: its projects, commits, deploys, head commits and event bounds. */

export interface ReleaseDetails extends Release {
  status: number;
  ref: string | null;
  url: string | null;
  projects: { id: number; slug: string; name: string; platform: string | null; newGroups: number }[];
  commitCount: number;
  lastCommit: CommitInfo | null;
  deployCount: number;
  lastDeploy: Deploy | null;
  headCommits: HeadCommit[];
  newGroups: number;
  firstEvent: Date | null;
  lastEvent: Date | null;
}

type DetailsRow = ReleaseRow & { status: number; ref: string | null; url: string | null };
const DETAILS_COLUMNS = [...RELEASE_COLUMNS, "r.status", "r.ref", "r.url"];

type ByRelease = { release_id: number | string };

function byRelease<T extends ByRelease>(list: readonly T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const item of list) {
    const key = Number(item.release_id);
    map.set(key, [...(map.get(key) ?? []), item]);
  }
  return map;
}

function loadParts(db: Conn, ids: number[]) {
  return Promise.all([
    db({ rp: "release_projects" })
      .join({ p: "projects" }, "p.id", "rp.project_id")
      .whereIn("rp.release_id", ids)
      .orderBy(["rp.release_id", "p.slug"])
      .select<
        (ByRelease & {
          id: number | string;
          slug: string;
          name: string;
          platform: string | null;
          new_groups: number;
        })[]
      >(
        "rp.release_id",
        "p.id",
        "p.slug",
        "p.name",
        "p.platform",
        db.raw(
          `coalesce((SELECT sum(g.n) FROM release_new_groups g
                      WHERE g.release_id = rp.release_id AND g.project_id = rp.project_id), 0) AS new_groups`,
        ),
      ),
    db("release_commits")
      .whereIn("release_id", ids)
      .groupBy("release_id")
      .select<(ByRelease & { n: number | string })[]>("release_id", db.raw("count(*) AS n")),
    db({ rc: "release_commits" })
      .join({ c: "commits" }, "c.id", "rc.commit_id")
      .join({ repo: "repositories" }, "repo.id", "c.repository_id")
      .whereIn("rc.release_id", ids)
      .distinctOn("rc.release_id")
      .orderBy([{ column: "rc.release_id" }, { column: "rc.order" }, { column: "c.id", order: "desc" }])
      .select<(CommitRow & ByRelease)[]>("rc.release_id", ...COMMIT_INFO_COLUMNS),
    db("issue_releases")
      .whereIn("release_id", ids)
      .groupBy("release_id")
      .select<(ByRelease & { first: Date | null; last: Date | null })[]>(
        "release_id",
        db.raw("min(first_seen) AS first"),
        db.raw("max(last_seen) AS last"),
      ),
    deploySummaries(db, ids),
    loadHeadCommits(db, ids),
  ]);
}

async function detailsFor(db: Conn, rows: readonly DetailsRow[]): Promise<ReleaseDetails[]> {
  if (rows.length === 0) return [];
  const [projects, commitCounts, lastCommits, eventBounds, deploys, heads] = await loadParts(
    db,
    rows.map((r) => Number(r.id)),
  );
  const projectMap = byRelease(projects);
  const countMap = byRelease(commitCounts);
  const lastMap = byRelease(lastCommits);
  const boundsMap = byRelease(eventBounds);
  return rows.map((r) => {
    const id = Number(r.id);
    const ps = (projectMap.get(id) ?? []).map((p) => ({
      id: Number(p.id),
      slug: p.slug,
      name: p.name,
      platform: p.platform,
      newGroups: Number(p.new_groups),
    }));
    const last = lastMap.get(id)?.[0];
    const bounds = boundsMap.get(id)?.[0];
    return {
      ...toRelease({ ...r, id, organization_id: Number(r.organization_id) }),
      status: r.status,
      ref: r.ref,
      url: r.url,
      projects: ps,
      commitCount: Number(countMap.get(id)?.[0]?.n ?? 0),
      lastCommit: last ? toCommitInfo(last) : null,
      deployCount: deploys.get(id)?.count ?? 0,
      lastDeploy: deploys.get(id)?.last ?? null,
      headCommits: heads.get(id) ?? [],
      newGroups: ps.reduce((sum, p) => sum + p.newGroups, 0),
      firstEvent: bounds?.first ?? null,
      lastEvent: bounds?.last ?? null,
    };
  });
}

export interface ListReleasesOptions {
  projectIds?: readonly number[];
  /** Case-insensitive substring of the version. */
  query?: string;
  limit: number;
  offset: number;
}

/** The organization's releases, newest first (date_added, then id). */
export async function listReleases(
  db: Conn,
  organizationId: number,
  options: ListReleasesOptions,
): Promise<ReleaseDetails[]> {
  const query = db({ r: "releases" }).where("r.organization_id", organizationId);
  if (options.projectIds && options.projectIds.length > 0) {
    query.whereExists(
      db
        .select(db.raw("1"))
        .from({ rp: "release_projects" })
        .whereRaw("rp.release_id = r.id")
        .whereIn("rp.project_id", [...options.projectIds]),
    );
  }
  if (options.query) {
    const pattern = `%${options.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query.whereRaw("r.version ILIKE ?", [pattern]);
  }
  const rows = await query
    .orderBy([
      { column: "r.date_added", order: "desc" },
      { column: "r.id", order: "desc" },
    ])
    .limit(options.limit)
    .offset(options.offset)
    .select<DetailsRow[]>(DETAILS_COLUMNS);
  return detailsFor(db, rows);
}

export async function getReleaseDetails(
  db: Conn,
  organizationId: number,
  version: string,
): Promise<ReleaseDetails | null> {
  const rows = await db({ r: "releases" })
    .where({ "r.organization_id": organizationId, "r.version": version })
    .select<DetailsRow[]>(DETAILS_COLUMNS);
  const [details] = await detailsFor(db, rows);
  return details ?? null;
}

/**
 * Sentry's previous release with commits: the organization's latest release added no later than this
 * one (another version) that has commits; null when there is none.
 */
export async function previousReleaseWithCommits(db: Conn, release: Release): Promise<ReleaseDetails | null> {
  const rows = await db({ r: "releases" })
    .where("r.organization_id", release.organizationId)
    .whereNot("r.id", release.id)
    .whereRaw("(r.date_added < ? OR (r.date_added = ? AND r.id < ?))", [
      release.dateAdded,
      release.dateAdded,
      release.id,
    ])
    .whereExists(db.select(db.raw("1")).from({ rc: "release_commits" }).whereRaw("rc.release_id = r.id"))
    .orderBy([
      { column: "r.date_added", order: "desc" },
      { column: "r.id", order: "desc" },
    ])
    .limit(1)
    .select<DetailsRow[]>(DETAILS_COLUMNS);
  const [details] = await detailsFor(db, rows);
  return details ?? null;
}
