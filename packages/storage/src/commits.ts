import type { Conn } from "./sql.js";

/**
 * `repositories`, `commits` and `release_commits`: an organization's repositories, their commits, and
 * the ordered commits of each release.
 */

export interface CommitInfo {
  id: number;
  key: string;
  message: string | null;
  authorEmail: string | null;
  dateAdded: Date;
  repositoryId: number;
  repositoryName: string;
}

export interface CommitRow {
  id: number | string;
  key: string;
  message: string | null;
  author_email: string | null;
  date_added: Date;
  repository_id: number | string;
  repository_name: string;
}

/** The columns of a `CommitRow`, from `commits` as `c` joined with `repositories` as `repo`. */
export const COMMIT_INFO_COLUMNS = [
  "c.id",
  "c.key",
  "c.message",
  "c.author_email",
  "c.date_added",
  "c.repository_id",
  "repo.name as repository_name",
];

export const toCommitInfo = (r: CommitRow): CommitInfo => ({
  id: Number(r.id),
  key: r.key,
  message: r.message,
  authorEmail: r.author_email,
  dateAdded: r.date_added,
  repositoryId: Number(r.repository_id),
  repositoryName: r.repository_name,
});

export interface CommitInput {
  /** Repository name (created in the organization when missing). */
  repository: string;
  key: string;
  message?: string | null;
  authorEmail?: string | null;
  dateAdded?: Date | null;
}

/** Get-or-creates repositories and commits (message and author updated when given); ids in input order. */
export async function getOrCreateCommits(
  trx: Conn,
  organizationId: number,
  commits: readonly CommitInput[],
  now: Date,
): Promise<{ repositoryId: number; commitId: number }[]> {
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
  return commits.map((c) => {
    const repositoryId = repoIds.get(c.repository)!;
    return { repositoryId, commitId: ids.get(`${repositoryId}\u0000${c.key}`)! };
  });
}

/**
 * Replaces a release's commits (Sentry's `set_commits`): repositories and commits are get-or-created,
 * and the release lists exactly these commits in order. Returns the commit ids in input order.
 */
export async function setReleaseCommits(
  trx: Conn,
  organizationId: number,
  releaseId: number,
  commits: readonly CommitInput[],
  now: Date,
): Promise<number[]> {
  await trx("release_commits").where({ release_id: releaseId }).delete();
  const ordered = (await getOrCreateCommits(trx, organizationId, commits, now)).map((c) => c.commitId);
  if (ordered.length === 0) return [];
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

/** A release's commits in the order they were set. */
export async function listReleaseCommits(db: Conn, releaseId: number): Promise<CommitInfo[]> {
  const rows = await db({ rc: "release_commits" })
    .join({ c: "commits" }, "c.id", "rc.commit_id")
    .join({ repo: "repositories" }, "repo.id", "c.repository_id")
    .where("rc.release_id", releaseId)
    .orderBy([{ column: "rc.order" }, { column: "c.id" }])
    .select<CommitRow[]>(COMMIT_INFO_COLUMNS);
  return rows.map(toCommitInfo);
}

/**
 * The pending-commit rule's selection: resolved issues that one of the commits resolves (a "resolves"
 * link) and that have no resolution yet, locked for update in id order. The caller plans their
 * resolution in the release the commits shipped in.
 */
export async function lockIssuesResolvedByCommits(
  trx: Conn,
  commitIds: readonly number[],
): Promise<{ id: number; organizationId: number; projectId: number }[]> {
  if (commitIds.length === 0) return [];
  const rows = await trx({ i: "issues" })
    .whereIn(
      "i.id",
      trx({ l: "issue_commit_links" })
        .whereIn("l.commit_id", [...commitIds])
        .where("l.relationship", 1)
        .select("l.issue_id"),
    )
    .where("i.status", 1)
    .whereNotExists(
      trx.select(trx.raw("1")).from({ res: "issue_resolutions" }).whereRaw("res.issue_id = i.id"),
    )
    .orderBy("i.id")
    .forUpdate()
    .select<{ id: number | string; organization_id: number | string; project_id: number | string }[]>(
      "i.id",
      "i.organization_id",
      "i.project_id",
    );
  return rows.map((r) => ({
    id: Number(r.id),
    organizationId: Number(r.organization_id),
    projectId: Number(r.project_id),
  }));
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
    .first<CommitRow | undefined>(COMMIT_INFO_COLUMNS);
  return row ? { found: true, commit: toCommitInfo(row) } : { found: false, missing: "commit" };
}
