import { allocateIssueIds, findHashes, insertHashes } from "@sift/storage";
import type { HashRow } from "@sift/storage";
import type { Batch, FingerprintGroup, NewIssue } from "../batch.js";
import { key } from "../batch.js";

/**
 * Race-safe creation: each creating group claims its primary hash for a new issue id (the unique
 * (project, hash) decides); a group that loses joins the winner's issue. Returns the issues to create.
 */
export async function claimIssues(batch: Batch, creating: readonly FingerprintGroup[]): Promise<NewIssue[]> {
  const ids = await allocateIssueIds(batch.trx, creating.length);
  const won = await insertHashes(
    batch.trx,
    creating.map((g, n) => ({ projectId: g.projectId, hash: g.hash, issueId: ids[n]! })),
  );
  const newIssues: NewIssue[] = [];
  const lost: FingerprintGroup[] = [];
  creating.forEach((g, n) => {
    if (won.has(key(g.projectId, g.hash))) newIssues.push({ ...g, id: ids[n]! });
    else lost.push(g);
  });
  if (lost.length > 0) {
    const taken = await findHashes(
      batch.trx,
      lost.map((g) => ({ projectId: g.projectId, hash: g.hash })),
    );
    joinWinners(lost, taken);
  }
  markCreated(newIssues);
  return newIssues;
}

/** The occurrences of a group that lost its hash go to the winner's issue. */
export function joinWinners(lost: readonly FingerprintGroup[], taken: ReadonlyMap<string, HashRow>): void {
  for (const g of lost) {
    const hit = taken.get(key(g.projectId, g.hash));
    for (const w of g.items) {
      if (hit?.issueId) w.issueId = hit.issueId;
      else w.outcome = "hash_without_issue";
    }
  }
}

export function markCreated(newIssues: readonly NewIssue[]): void {
  for (const issue of newIssues) {
    issue.items[0]!.creator = true;
    for (const w of issue.items) {
      w.issueId = issue.id;
      w.isNew = true;
    }
  }
}
