import { getOrCreateCommits } from "./commits.js";
import type { Conn } from "./sql.js";

/**
 * `release_head_commits`: per repository, the commit a release was built from and the previous
 * release's commit (Sentry's `refs`, or the older `headCommits`).
 */

export interface HeadCommit {
  repository: string;
  commit: string;
  previousCommit: string | null;
}

/** Replaces a release's head commits; their repositories and commits are get-or-created. */
export async function setReleaseHeadCommits(
  trx: Conn,
  organizationId: number,
  releaseId: number,
  refs: readonly HeadCommit[],
  now: Date,
): Promise<void> {
  await trx("release_head_commits").where({ release_id: releaseId }).delete();
  if (refs.length === 0) return;
  const byRepository = new Map(refs.map((r) => [r.repository, r]));
  const ids = await getOrCreateCommits(
    trx,
    organizationId,
    [...byRepository.values()].map((r) => ({ repository: r.repository, key: r.commit })),
    now,
  );
  await trx("release_head_commits").insert(
    [...byRepository.values()].map((r, i) => ({
      release_id: releaseId,
      repository_id: ids[i]!.repositoryId,
      commit_id: ids[i]!.commitId,
      previous_commit: r.previousCommit,
    })),
  );
}

/** Per release, its head commits by repository name. */
export async function loadHeadCommits(
  db: Conn,
  releaseIds: readonly number[],
): Promise<Map<number, HeadCommit[]>> {
  const result = new Map<number, HeadCommit[]>();
  if (releaseIds.length === 0) return result;
  const rows = await db({ h: "release_head_commits" })
    .join({ repo: "repositories" }, "repo.id", "h.repository_id")
    .join({ c: "commits" }, "c.id", "h.commit_id")
    .whereIn("h.release_id", [...releaseIds])
    .orderBy(["h.release_id", "repo.name"])
    .select<{ release_id: number | string; repository: string; commit: string; previous: string | null }[]>(
      "h.release_id",
      "repo.name as repository",
      "c.key as commit",
      "h.previous_commit as previous",
    );
  for (const r of rows) {
    const list = result.get(Number(r.release_id)) ?? [];
    list.push({ repository: r.repository, commit: r.commit, previousCommit: r.previous });
    result.set(Number(r.release_id), list);
  }
  return result;
}
