import type { Knex } from "knex";
import { parseReleaseVersion } from "@sift/schemas";

type Conn = Knex | Knex.Transaction;

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

export function releaseColumns(
  organizationId: number,
  version: string,
  dateAdded: Date,
): Record<string, unknown> {
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

/**
 * Get or create releases of one organization by version (one insert + one select), linking each to the
 * given projects. Returns version → release.
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
  await db("releases")
    .insert(versions.map((v) => releaseColumns(organizationId, v, firstSeen.get(v)!)))
    .onConflict(["organization_id", "version"])
    .ignore();
  const rows = (await db("releases")
    .where({ organization_id: organizationId })
    .whereIn("version", versions)
    .select("id", "organization_id", "version", "date_added", "date_released")) as ReleaseRow[];
  for (const row of rows) result.set(row.version, toRelease(row));
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
  const row = (await db("releases")
    .where({ organization_id: organizationId, version })
    .first("id", "organization_id", "version", "date_added", "date_released")) as ReleaseRow | undefined;
  return row ? toRelease(row) : null;
}

export async function getReleasesByIds(db: Conn, ids: readonly number[]): Promise<Map<number, Release>> {
  const result = new Map<number, Release>();
  if (ids.length === 0) return result;
  const rows = (await db("releases")
    .whereIn("id", ids as number[])
    .select("id", "organization_id", "version", "date_added", "date_released")) as ReleaseRow[];
  for (const row of rows) result.set(row.id, toRelease(row));
  return result;
}

/** The project's latest release by coalesce(date_released, date_added), ties by id. */
export async function getLatestRelease(db: Conn, projectId: number): Promise<Release | null> {
  const row = (await db("releases as r")
    .join("release_projects as rp", "rp.release_id", "r.id")
    .where("rp.project_id", projectId)
    .orderByRaw("coalesce(r.date_released, r.date_added) DESC, r.id DESC")
    .first("r.id", "r.organization_id", "r.version", "r.date_added", "r.date_released")) as
    ReleaseRow | undefined;
  return row ? toRelease(row) : null;
}
