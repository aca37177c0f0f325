import { addReleaseNewGroups } from "@sift/storage";
import type { Batch, NewIssue } from "../batch.js";

/**
 * Sentry's `newGroups`: each new issue counts once for the release (and project) of the occurrence
 * that created it.
 */
export async function countNewGroups(batch: Batch, newIssues: readonly NewIssue[]): Promise<void> {
  await addReleaseNewGroups(batch.trx, newGroupCounts(newIssues));
}

export function newGroupCounts(
  newIssues: readonly NewIssue[],
): { releaseId: number; projectId: number; count: number }[] {
  const counts = new Map<string, { releaseId: number; projectId: number; count: number }>();
  for (const issue of newIssues) {
    const release = issue.items[0]!.release;
    if (!release) continue;
    const k = `${release.id}:${issue.projectId}`;
    const entry = counts.get(k) ?? { releaseId: release.id, projectId: issue.projectId, count: 0 };
    entry.count += 1;
    counts.set(k, entry);
  }
  return [...counts.values()];
}
