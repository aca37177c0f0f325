import type { Knex } from "knex";
import { compareReleaseVersions, parseReleaseVersion } from "@sift/schemas";
import { releaseColumns, toRelease } from "./releases.js";
import type { Release, ReleaseRow } from "./releases.js";
import { COMMIT_INFO_COLUMNS, toCommitInfo } from "./issues.js";
import type { CommitDbRow } from "./issues.js";
import type { CommitInfo } from "./issues.js";

/**
 * Releases as the API manages them (Sentry's `/organizations/{org}/releases/`), their commits, and
 * the release lookups that resolving an issue needs (reference-behaviour §14.2–14.3).
 */
type Conn = Knex | Knex.Transaction;

const RELEASE_COLUMNS = ["r.id", "r.organization_id", "r.version", "r.date_added", "r.date_released"];

/** `releases.status`: 0 open, 1 archived (Sentry's ReleaseStatus). */
export const ReleaseStatus = { OPEN: 0, ARCHIVED: 1 } as const;

export interface ReleaseDetails extends Release {
  status: number;
  projects: { id: number; slug: string; name: string; platform: string | null; newGroups: number }[];
  commitCount: number;
  lastCommit: CommitInfo | null;
  newGroups: number;
  firstEvent: Date | null;
  lastEvent: Date | null;
}

async function detailsFor(
  db: Conn,
  rows: readonly (ReleaseRow & { status: number })[],
): Promise<ReleaseDetails[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.id));
  const [projects, commitCounts, lastCommits, eventBounds] = await Promise.all([
    db({ rp: "release_projects" })
      .join({ p: "projects" }, "p.id", "rp.project_id")
      .whereIn("rp.release_id", ids)
      .orderBy(["rp.release_id", "p.slug"])
      .select<
        {
          release_id: number | string;
          id: number | string;
          slug: string;
          name: string;
          platform: string | null;
          new_groups: number;
        }[]
      >("rp.release_id", "p.id", "p.slug", "p.name", "p.platform", "rp.new_groups"),
    db("release_commits")
      .whereIn("release_id", ids)
      .groupBy("release_id")
      .select<{ release_id: number | string; n: number | string }[]>("release_id", db.raw("count(*) AS n")),
    db({ rc: "release_commits" })
      .join({ c: "commits" }, "c.id", "rc.commit_id")
      .join({ repo: "repositories" }, "repo.id", "c.repository_id")
      .whereIn("rc.release_id", ids)
      .distinctOn("rc.release_id")
      .orderBy([{ column: "rc.release_id" }, { column: "rc.order" }, { column: "c.id", order: "desc" }])
      .select<(CommitDbRow & { release_id: number | string })[]>("rc.release_id", ...COMMIT_INFO_COLUMNS),
    db("issue_releases")
      .whereIn("release_id", ids)
      .groupBy("release_id")
      .select<{ release_id: number | string; first: Date | null; last: Date | null }[]>(
        "release_id",
        db.raw("min(first_seen) AS first"),
        db.raw("max(last_seen) AS last"),
      ),
  ]);
  const byRelease = <T extends { release_id: number | string }>(list: readonly T[]): Map<number, T[]> => {
    const map = new Map<number, T[]>();
    for (const item of list) {
      const key = Number(item.release_id);
      map.set(key, [...(map.get(key) ?? []), item]);
    }
    return map;
  };
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
      projects: ps,
      commitCount: Number(countMap.get(id)?.[0]?.n ?? 0),
      lastCommit: last ? toCommitInfo(last) : null,
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
    .select<(ReleaseRow & { status: number })[]>([...RELEASE_COLUMNS, "r.status"]);
  return detailsFor(db, rows);
}

export async function getReleaseDetails(
  db: Conn,
  organizationId: number,
  version: string,
): Promise<ReleaseDetails | null> {
  const rows = await db({ r: "releases" })
    .where({ "r.organization_id": organizationId, "r.version": version })
    .select<(ReleaseRow & { status: number })[]>([...RELEASE_COLUMNS, "r.status"]);
  const [details] = await detailsFor(db, rows);
  return details ?? null;
}

/** Get or create a release by version; `created` says which. */
export async function getOrCreateRelease(
  trx: Conn,
  organizationId: number,
  version: string,
  now: Date,
): Promise<{ release: Release; created: boolean }> {
  const inserted = await trx("releases")
    .insert(releaseColumns(organizationId, version, now))
    .onConflict(["organization_id", "version"])
    .ignore()
    .returning<ReleaseRow[]>(["id", "organization_id", "version", "date_added", "date_released"]);
  if (inserted[0]) return { release: toRelease(inserted[0]), created: true };
  const row = await trx("releases")
    .where({ organization_id: organizationId, version })
    .first<ReleaseRow>(["id", "organization_id", "version", "date_added", "date_released"]);
  return { release: toRelease(row), created: false };
}

export async function updateRelease(
  trx: Conn,
  releaseId: number,
  values: { dateReleased?: Date | null; status?: number },
): Promise<void> {
  const update: Record<string, unknown> = {};
  if (values.dateReleased !== undefined) update.date_released = values.dateReleased;
  if (values.status !== undefined) update.status = values.status;
  if (Object.keys(update).length === 0) return;
  await trx("releases").where({ id: releaseId }).update(update);
}

export async function linkReleaseProjects(
  trx: Conn,
  releaseId: number,
  projectIds: readonly number[],
): Promise<void> {
  if (projectIds.length === 0) return;
  await trx("release_projects")
    .insert(
      [...new Set(projectIds)]
        .sort((a, b) => a - b)
        .map((projectId) => ({ release_id: releaseId, project_id: projectId })),
    )
    .onConflict(["release_id", "project_id"])
    .ignore();
}

export interface CommitInput {
  /** Repository name (created in the organization when missing). */
  repository: string;
  key: string;
  message?: string | null;
  authorEmail?: string | null;
  dateAdded?: Date | null;
}

/**
 * Replaces a release's commits (Sentry's `set_commits`): repositories and commits are get-or-created
 * (message and author updated when given), and the release lists exactly these commits in order.
 * Returns the commit ids in input order.
 */
export async function setReleaseCommits(
  trx: Conn,
  organizationId: number,
  releaseId: number,
  commits: readonly CommitInput[],
  now: Date,
): Promise<number[]> {
  await trx("release_commits").where({ release_id: releaseId }).delete();
  if (commits.length === 0) return [];
  const names = [...new Set(commits.map((c) => c.repository))].sort();
  await trx("repositories")
    .insert(names.map((name) => ({ organization_id: organizationId, name })))
    .onConflict(["organization_id", "name"])
    .ignore();
  const repos = await trx("repositories")
    .where({ organization_id: organizationId })
    .whereIn("name", names)
    .select<{ id: number | string; name: string }[]>("id", "name");
  const repoIds = new Map(repos.map((r) => [r.name, Number(r.id)]));
  const unique = new Map<string, CommitInput>();
  for (const c of commits) unique.set(`${c.repository}\u0000${c.key}`, c);
  const rows = [...unique.values()]
    .map((c) => ({
      organization_id: organizationId,
      repository_id: repoIds.get(c.repository)!,
      key: c.key,
      message: c.message ?? null,
      author_email: c.authorEmail ?? null,
      date_added: c.dateAdded ?? now,
    }))
    .sort((a, b) => a.repository_id - b.repository_id || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const stored = await trx("commits")
    .insert(rows)
    .onConflict(["repository_id", "key"])
    .merge({
      message: trx.raw("coalesce(EXCLUDED.message, commits.message)"),
      author_email: trx.raw("coalesce(EXCLUDED.author_email, commits.author_email)"),
    })
    .returning<{ id: number | string; repository_id: number | string; key: string }[]>([
      "id",
      "repository_id",
      "key",
    ]);
  const ids = new Map(stored.map((c) => [`${Number(c.repository_id)}\u0000${c.key}`, Number(c.id)]));
  const ordered = commits.map((c) => ids.get(`${repoIds.get(c.repository)!}\u0000${c.key}`)!);
  const seen = new Set<number>();
  const links: { release_id: number; commit_id: number; order: number }[] = [];
  ordered.forEach((commitId, index) => {
    if (seen.has(commitId)) return;
    seen.add(commitId);
    links.push({ release_id: releaseId, commit_id: commitId, order: index });
  });
  await trx("release_commits").insert(links);
  return ordered;
}

/**
 * The pending-commit rule: resolved issues that a commit resolves (a "resolves" link) and that have no
 * resolution yet get an in_release resolution in the release the commit has just shipped in.
 * Returns their ids.
 */
export async function resolveIssuesOfShippedCommits(
  trx: Conn,
  releaseId: number,
  commitIds: readonly number[],
  now: Date,
): Promise<number[]> {
  if (commitIds.length === 0) return [];
  const rows = await trx({ l: "issue_commit_links" })
    .join({ i: "issues" }, "i.id", "l.issue_id")
    .whereIn("l.commit_id", [...commitIds])
    .where("l.relationship", 1)
    .where("i.status", 1)
    .whereNotExists(
      trx.select(trx.raw("1")).from({ res: "issue_resolutions" }).whereRaw("res.issue_id = i.id"),
    )
    .distinct<{ id: number | string }[]>("i.id");
  const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  if (ids.length === 0) return [];
  await trx("issue_resolutions")
    .insert(ids.map((id) => ({ issue_id: id, type: 0, status: 1, release_id: releaseId, datetime: now })))
    .onConflict("issue_id")
    .ignore();
  return ids;
}

/** A release of the organization that is linked to the project, by version. */
export async function findProjectRelease(
  db: Conn,
  organizationId: number,
  projectId: number,
  version: string,
): Promise<Release | null> {
  const row = await db({ r: "releases" })
    .join({ rp: "release_projects" }, "rp.release_id", "r.id")
    .where({ "r.organization_id": organizationId, "r.version": version, "rp.project_id": projectId })
    .first<ReleaseRow | undefined>(RELEASE_COLUMNS);
  return row ? toRelease(row) : null;
}

/**
 * The project's release that comes after `release` by date_added (ties by id), the earliest by
 * coalesce(date_released, date_added): the release that resolves "in next release" when it exists.
 */
export async function findNextRelease(
  db: Conn,
  projectId: number,
  release: Release,
): Promise<Release | null> {
  const row = await db({ r: "releases" })
    .join({ rp: "release_projects" }, "rp.release_id", "r.id")
    .where("rp.project_id", projectId)
    .where("r.organization_id", release.organizationId)
    .whereRaw("(r.date_added > ? OR (r.date_added = ? AND r.id > ?))", [
      release.dateAdded,
      release.dateAdded,
      release.id,
    ])
    .orderByRaw("coalesce(r.date_released, r.date_added), r.id")
    .first<ReleaseRow | undefined>(RELEASE_COLUMNS);
  return row ? toRelease(row) : null;
}

/** The project's most recent open releases by date_added (newest first), for follows-semver. */
export async function recentOpenReleases(
  db: Conn,
  projectId: number,
  limit = 10,
): Promise<{ version: string }[]> {
  return db({ r: "releases" })
    .join({ rp: "release_projects" }, "rp.release_id", "r.id")
    .where("rp.project_id", projectId)
    .where("r.status", ReleaseStatus.OPEN)
    .orderBy([
      { column: "r.date_added", order: "desc" },
      { column: "r.id", order: "desc" },
    ])
    .limit(limit)
    .select<{ version: string }[]>("r.version");
}

/**
 * The release an issue is "currently" in: with semver, the highest semver release it was seen in;
 * otherwise the release it was most recently first seen in.
 */
export async function issueCurrentRelease(
  db: Conn,
  issueId: number,
  semver: boolean,
): Promise<Release | null> {
  const base = db({ ir: "issue_releases" })
    .join({ r: "releases" }, "r.id", "ir.release_id")
    .where("ir.issue_id", issueId);
  if (!semver) {
    const row = await base
      .orderBy([
        { column: "ir.first_seen", order: "desc" },
        { column: "r.id", order: "desc" },
      ])
      .first<ReleaseRow | undefined>(RELEASE_COLUMNS);
    return row ? toRelease(row) : null;
  }
  const rows = await base.whereNotNull("r.major").limit(10_000).select<ReleaseRow[]>(RELEASE_COLUMNS);
  let best: ReleaseRow | null = null;
  for (const row of rows) {
    if (!parseReleaseVersion(row.version)) continue;
    if (best === null || (compareReleaseVersions(row.version, best.version) ?? 0) > 0) best = row;
  }
  return best ? toRelease(best) : null;
}

export type CommitLookup =
  { found: true; commit: CommitInfo } | { found: false; missing: "repository" | "commit" };

/** A commit by repository name and key (sha) in the organization. */
export async function findCommit(
  db: Conn,
  organizationId: number,
  repository: string,
  key: string,
): Promise<CommitLookup> {
  const repo = await db("repositories")
    .where({ organization_id: organizationId, name: repository })
    .first<{ id: number | string } | undefined>("id");
  if (!repo) return { found: false, missing: "repository" };
  const row = await db({ c: "commits" })
    .join({ repo: "repositories" }, "repo.id", "c.repository_id")
    .where({ "c.repository_id": Number(repo.id), "c.key": key })
    .first<CommitDbRow | undefined>(COMMIT_INFO_COLUMNS);
  return row ? { found: true, commit: toCommitInfo(row) } : { found: false, missing: "commit" };
}

/** The newest release (coalesce(date_released, date_added), then id) that contains the commit. */
export async function latestReleaseWithCommit(db: Conn, commitId: number): Promise<Release | null> {
  const row = await db({ r: "releases" })
    .join({ rc: "release_commits" }, "rc.release_id", "r.id")
    .where("rc.commit_id", commitId)
    .orderByRaw("coalesce(r.date_released, r.date_added) DESC, r.id DESC")
    .first<ReleaseRow | undefined>(RELEASE_COLUMNS);
  return row ? toRelease(row) : null;
}

/** Releases' commits, in each release's order. */
export async function getReleaseCommits(db: Conn, releaseId: number): Promise<CommitInfo[]> {
  const rows = await db({ rc: "release_commits" })
    .join({ c: "commits" }, "c.id", "rc.commit_id")
    .join({ repo: "repositories" }, "repo.id", "c.repository_id")
    .where("rc.release_id", releaseId)
    .orderBy([{ column: "rc.order" }, { column: "c.id" }])
    .select<CommitDbRow[]>(COMMIT_INFO_COLUMNS);
  return rows.map(toCommitInfo);
}
