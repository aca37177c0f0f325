/** A "resolves" link from an issue to a commit. */
export interface CommitResolutionLink {
  /** Breaks ties between links of the same datetime (the higher id is the later link). */
  id?: number;
  datetime: Date;
  /** Whether the commit is part of any release. */
  inRelease: boolean;
}

/**
 * A fix committed but not yet released suppresses regression. Looks at the most recent
 * "resolves" link only. (The reference also checks the commit's pull request; Sift has no pull-request
 * data, so that rule is left out.)
 */
export function hasPendingCommitResolution(links: readonly CommitResolutionLink[]): boolean {
  let latest: CommitResolutionLink | undefined;
  for (const link of links) {
    if (
      latest === undefined ||
      link.datetime.getTime() > latest.datetime.getTime() ||
      (link.datetime.getTime() === latest.datetime.getTime() && (link.id ?? 0) > (latest.id ?? 0))
    ) {
      latest = link;
    }
  }
  if (latest === undefined) return false;
  return !latest.inRelease;
}
