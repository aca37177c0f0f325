import type { Knex } from "knex";
import { compareReleaseVersions, parseReleaseVersion } from "@sift/schemas";
import { raw } from "./sql.js";
import type { Conn } from "./sql.js";
import { RELEASE_COLUMNS, firstRelease, toRelease } from "./releases.js";
import type { Release, ReleaseRow } from "./releases.js";

/** `issue_releases`: the releases each issue was seen in, with its first and last time in each. */

export async function upsertIssueReleases(
  db: Conn,
  entries: readonly { issueId: number; releaseId: number; firstSeen: Date; lastSeen: Date }[],
): Promise<void> {
  if (entries.length === 0) return;
  const sorted = [...entries].sort((a, b) => a.issueId - b.issueId || a.releaseId - b.releaseId);
  await raw(
    db,
    `INSERT INTO issue_releases (issue_id, release_id, first_seen, last_seen)
       SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::timestamptz[], ?::timestamptz[])
     ON CONFLICT (issue_id, release_id) DO UPDATE
       SET first_seen = least(issue_releases.first_seen, EXCLUDED.first_seen),
           last_seen = greatest(issue_releases.last_seen, EXCLUDED.last_seen)
       WHERE issue_releases.first_seen > EXCLUDED.first_seen OR issue_releases.last_seen < EXCLUDED.last_seen`,
    [
      sorted.map((e) => e.issueId),
      sorted.map((e) => e.releaseId),
      sorted.map((e) => e.firstSeen.toISOString()),
      sorted.map((e) => e.lastSeen.toISOString()),
    ],
  );
}

export interface IssueReleaseSummary {
  version: string;
  dateAdded: Date;
  dateReleased: Date | null;
  firstSeen: Date;
  lastSeen: Date;
}

/** The releases an issue was first and last seen in (by the issue's first/last time in each). */
export async function getIssueFirstLastRelease(
  db: Conn,
  issueId: number,
): Promise<{ first: IssueReleaseSummary | null; last: IssueReleaseSummary | null }> {
  const base = (): Knex.QueryBuilder =>
    db({ ir: "issue_releases" })
      .join({ r: "releases" }, "r.id", "ir.release_id")
      .where("ir.issue_id", issueId)
      .select("r.version", "r.date_added", "r.date_released", "ir.first_seen", "ir.last_seen");
  type Row = {
    version: string;
    date_added: Date;
    date_released: Date | null;
    first_seen: Date;
    last_seen: Date;
  };
  const [first, last] = (await Promise.all([
    base()
      .orderBy([{ column: "ir.first_seen" }, { column: "r.id" }])
      .first(),
    base()
      .orderBy([
        { column: "ir.last_seen", order: "desc" },
        { column: "r.id", order: "desc" },
      ])
      .first(),
  ])) as [Row | undefined, Row | undefined];
  const map = (r: Row | undefined): IssueReleaseSummary | null =>
    r
      ? {
          version: r.version,
          dateAdded: r.date_added,
          dateReleased: r.date_released,
          firstSeen: r.first_seen,
          lastSeen: r.last_seen,
        }
      : null;
  return { first: map(first), last: map(last) };
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
    return firstRelease(
      base.orderBy([
        { column: "ir.first_seen", order: "desc" },
        { column: "r.id", order: "desc" },
      ]),
    );
  }
  const rows = await base.whereNotNull("r.major").limit(10_000).select<ReleaseRow[]>(RELEASE_COLUMNS);
  let best: ReleaseRow | null = null;
  for (const row of rows) {
    if (!parseReleaseVersion(row.version)) continue;
    if (best === null || (compareReleaseVersions(row.version, best.version) ?? 0) > 0) best = row;
  }
  return best ? toRelease(best) : null;
}
