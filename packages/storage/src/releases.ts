import type { Knex } from "knex";
import { parseReleaseVersion } from "@sift/schemas";
import type { Conn } from "./sql.js";
import { findOrInsert } from "./keyed-rows.js";

/**
 * `releases` (one per organization and version, with its parsed semver parts) and `release_projects`
 * (the projects a release belongs to). Releases as the API manages them (Sentry's
 * `/organizations/{org}/releases/`) and the release lookups that resolving an issue needs.
 */

export interface Release {
  id: number;
  organizationId: number;
  version: string;
  dateAdded: Date;
  dateReleased: Date | null;
}

export interface ReleaseRow {
  id: number;
  organization_id: number;
  version: string;
  date_added: Date;
  date_released: Date | null;
}

export const toRelease = (r: ReleaseRow): Release => ({
  id: r.id,
  organizationId: r.organization_id,
  version: r.version,
  dateAdded: r.date_added,
  dateReleased: r.date_released,
});

/** Sentry's limit on release versions. */
export const MAX_RELEASE_VERSION_LENGTH = 250;

function releaseColumns(organizationId: number, version: string, dateAdded: Date): Record<string, unknown> {
  const parsed = parseReleaseVersion(version);
  return {
    organization_id: organizationId,
    version,
    date_added: dateAdded,
    package: parsed?.package ?? null,
    major: parsed?.major ?? null,
    minor: parsed?.minor ?? null,
    patch: parsed?.patch ?? null,
    revision: parsed?.revision ?? null,
    prerelease: parsed ? parsed.prerelease : null,
    build_code: parsed?.buildCode ?? null,
    build_number: parsed?.buildNumber ?? null,
  };
}

const COLUMNS = ["id", "organization_id", "version", "date_added", "date_released"];
/** The columns of a `ReleaseRow`, from `releases` as `r`. */
export const RELEASE_COLUMNS = COLUMNS.map((c) => `r.${c}`);

/** The first release a query of `releases` as `r` finds, or null. */
export async function firstRelease(query: Knex.QueryBuilder): Promise<Release | null> {
  const row = await query.first<ReleaseRow | undefined>(RELEASE_COLUMNS);
  return row ? toRelease(row) : null;
}

/** The releases (`r`) linked to the project (`rp`). */
function projectReleases(db: Conn, projectId: number): Knex.QueryBuilder {
  return db({ r: "releases" })
    .join({ rp: "release_projects" }, "rp.release_id", "r.id")
    .where("rp.project_id", projectId);
}

/**
 * Get or create releases of one organization by version (one select, and for versions not found an
 * insert and a select), linking each to the given projects. Returns version → release.
 */
export async function getOrCreateReleases(
  db: Conn,
  organizationId: number,
  entries: readonly { version: string; projectId: number; seenAt: Date }[],
): Promise<Map<string, Release>> {
  const result = new Map<string, Release>();
  if (entries.length === 0) return result;
  const firstSeen = new Map<string, Date>();
  for (const e of entries) {
    const prev = firstSeen.get(e.version);
    if (!prev || e.seenAt < prev) firstSeen.set(e.version, e.seenAt);
  }
  const versions = [...firstSeen.keys()].sort();
  const found = await findOrInsert(versions, {
    find: async (list) =>
      (await db("releases")
        .where({ organization_id: organizationId })
        .whereIn("version", [...list])
        .select(COLUMNS)) as ReleaseRow[],
    insert: (missing) =>
      db("releases")
        .insert(missing.map((v) => releaseColumns(organizationId, v, firstSeen.get(v)!)))
        .onConflict(["organization_id", "version"])
        .ignore(),
    wantedKey: (v) => v,
    rowKey: (r) => r.version,
  });
  for (const row of found) result.set(row.version, toRelease(row));
  const links = new Map<string, { release_id: number; project_id: number }>();
  for (const e of entries) {
    const release = result.get(e.version);
    if (release)
      links.set(`${release.id}:${e.projectId}`, { release_id: release.id, project_id: e.projectId });
  }
  if (links.size > 0) {
    await db("release_projects")
      .insert([...links.values()].sort((a, b) => a.release_id - b.release_id || a.project_id - b.project_id))
      .onConflict(["release_id", "project_id"])
      .ignore();
  }
  return result;
}

export async function getReleaseByVersion(
  db: Conn,
  organizationId: number,
  version: string,
): Promise<Release | null> {
  const row = (await db("releases").where({ organization_id: organizationId, version }).first(COLUMNS)) as
    ReleaseRow | undefined;
  return row ? toRelease(row) : null;
}

/** The project's latest release by coalesce(date_released, date_added), ties by id. */
export async function getLatestRelease(db: Conn, projectId: number): Promise<Release | null> {
  return firstRelease(
    projectReleases(db, projectId).orderByRaw("coalesce(r.date_released, r.date_added) DESC, r.id DESC"),
  );
}

/** `releases.status`: 0 open, 1 archived (Sentry's ReleaseStatus). */
export const ReleaseStatus = { OPEN: 0, ARCHIVED: 1 } as const;

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
    .returning<ReleaseRow[]>(COLUMNS);
  if (inserted[0]) return { release: toRelease(inserted[0]), created: true };
  const row = await trx("releases")
    .where({ organization_id: organizationId, version })
    .first<ReleaseRow>(COLUMNS);
  return { release: toRelease(row), created: false };
}

export async function updateRelease(
  trx: Conn,
  releaseId: number,
  values: { dateReleased?: Date | null; status?: number; ref?: string | null; url?: string | null },
): Promise<void> {
  const update: Record<string, unknown> = {};
  if (values.dateReleased !== undefined) update.date_released = values.dateReleased;
  if (values.status !== undefined) update.status = values.status;
  if (values.ref !== undefined) update.ref = values.ref;
  if (values.url !== undefined) update.url = values.url;
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

/** A release of the organization that is linked to the project, by version. */
export async function findProjectRelease(
  db: Conn,
  organizationId: number,
  projectId: number,
  version: string,
): Promise<Release | null> {
  return firstRelease(
    projectReleases(db, projectId).where({ "r.organization_id": organizationId, "r.version": version }),
  );
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
  return firstRelease(
    projectReleases(db, projectId)
      .where("r.organization_id", release.organizationId)
      .whereRaw("(r.date_added > ? OR (r.date_added = ? AND r.id > ?))", [
        release.dateAdded,
        release.dateAdded,
        release.id,
      ])
      .orderByRaw("coalesce(r.date_released, r.date_added), r.id"),
  );
}

/** The project's most recent open releases by date_added (newest first), for follows-semver. */
export async function recentOpenReleases(
  db: Conn,
  projectId: number,
  limit = 10,
): Promise<{ version: string }[]> {
  return projectReleases(db, projectId)
    .where("r.status", ReleaseStatus.OPEN)
    .orderBy([
      { column: "r.date_added", order: "desc" },
      { column: "r.id", order: "desc" },
    ])
    .limit(limit)
    .select<{ version: string }[]>("r.version");
}

/** The newest release (coalesce(date_released, date_added), then id) that contains the commit. */
export async function latestReleaseWithCommit(db: Conn, commitId: number): Promise<Release | null> {
  return firstRelease(
    db({ r: "releases" })
      .join({ rc: "release_commits" }, "rc.release_id", "r.id")
      .where("rc.commit_id", commitId)
      .orderByRaw("coalesce(r.date_released, r.date_added) DESC, r.id DESC"),
  );
}

/**
 * Deletes a release with its projects, commits, head commits and deploys, and the issues' per-release
 * rows. Sentry's rule: a release that is some issue's first release stays (answers "referenced").
 */
export async function deleteRelease(trx: Conn, releaseId: number): Promise<"deleted" | "referenced"> {
  const used = await trx("issues")
    .where({ first_release_id: releaseId })
    .first<{ id: number } | undefined>("id");
  if (used) return "referenced";
  await trx("issue_releases").where({ release_id: releaseId }).delete();
  await trx("issue_environments").where({ first_release_id: releaseId }).update({ first_release_id: null });
  await trx("releases").where({ id: releaseId }).delete();
  return "deleted";
}
