import { GroupStatus } from "@sift/schemas";
import type { RegressionCandidate } from "@sift/regression";
import type { Batch, ExistingIssue } from "../batch.js";

/**
 * Resolved (or unresolved, which may be resolved by age) issues seen again may regress, decided by
 * `@sift/regression` on the first occurrence of the batch for each; that occurrence is then marked.
 */
export async function detectRegressions(
  batch: Batch,
  existing: ReadonlyMap<number, ExistingIssue>,
): Promise<void> {
  const outcomes = await batch.deps.regression.handleRegressions(batch.trx, regressionCandidates(existing));
  for (const [issueId, outcome] of outcomes) {
    if (!outcome.regressed) continue;
    const first = existing.get(issueId)?.items[0];
    if (first) first.isRegression = true;
  }
}

export function regressionCandidates(existing: ReadonlyMap<number, ExistingIssue>): RegressionCandidate[] {
  const candidates: RegressionCandidate[] = [];
  for (const { issue, items } of existing.values()) {
    if (issue.status !== GroupStatus.RESOLVED && issue.status !== GroupStatus.UNRESOLVED) continue;
    const first = items[0]!;
    candidates.push({
      issue: {
        id: issue.id,
        organizationId: issue.organizationId,
        projectId: issue.projectId,
        type: issue.type,
        status: issue.status,
        substatus: issue.substatus,
        lastSeen: issue.lastSeen,
        activeAt: issue.activeAt,
      },
      resolveAgeHours: first.ctx.project.resolveAgeHours,
      eventTime: first.eventTime,
      eventId: first.occ.eventId,
      release: first.release
        ? { id: first.release.id, version: first.release.version, dateAdded: first.release.dateAdded }
        : null,
    });
  }
  return candidates;
}
