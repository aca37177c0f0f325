import { ResolutionStatus, ResolutionType } from "@sift/schemas";

import { transition } from "./transition.js";
import type { IssueRef, Transition } from "./transition.js";

/**
 * A commit that resolves issues has shipped in a release (Sentry's pending commit fix): each issue,
 * resolved in that commit before any release had it, is now resolved in the release. Its status stays
 * resolved and nothing the issue shows changes, so no activity is written.
 */
export function planCommitShipped(
  issues: readonly IssueRef[],
  release: { id: number },
  at: Date,
): Transition[] {
  return issues.map((issue) => {
    const t = transition(issue, at, null);
    t.resolution = {
      type: ResolutionType.IN_RELEASE,
      status: ResolutionStatus.RESOLVED,
      releaseId: release.id,
      currentReleaseVersion: null,
      actorId: null,
      datetime: at,
    };
    return t;
  });
}
