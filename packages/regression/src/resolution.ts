import { ResolutionType, compareReleaseVersions, parseReleaseVersion } from "@sift/schemas";
import type { Logger } from "@sift/schemas";

/** The parts of a release the resolution rules look at. */
export interface ReleaseInfo {
  id: number;
  version: string;
  dateAdded: Date;
}

/** An `issue_resolutions` row with its release pre-loaded. */
export interface IssueResolution {
  /** The issue, which is also the resolution's key (and its activities' `ident`). */
  issueId: number;
  /** ResolutionType (in_release / in_next_release / in_upcoming_release) or null. */
  type: number | null;
  /** ResolutionStatus; the rules below do not look at it (neither does the reference). */
  status: number;
  /** Null when the resolution never had a release or the release was deleted (ON DELETE SET NULL). */
  releaseId: number | null;
  /** The release `releaseId` names; null when none or deleted. */
  release: ReleaseInfo | null;
  /** Set by "resolve in next release": the version that was current then. */
  currentReleaseVersion: string | null;
  /** When the issue was resolved: the fallback when the resolution's release is gone. */
  datetime: Date;
}

export interface HasResolutionContext {
  /** `followsSemver(project's recent releases, release.version)` for the event's release. */
  followsSemver: boolean;
  /** The release of the issue's organization whose version is `currentReleaseVersion`, or null. */
  currentRelease: ReleaseInfo | null;
  /** Told when a resolution type is not implemented. */
  logger?: Logger;
}

/** True when `version` parses as a semver release version (`package@x.y.z…`; the package is optional). */
export function isSemverVersion(version: string): boolean {
  return parseReleaseVersion(version) !== null;
}

/** How many of a project's most recent open releases `followsSemver` looks at. */
export const FOLLOWS_SEMVER_RELEASE_COUNT = 10;

/**
 * Whether a project follows semantic versioning, judged from its most recent open
 * releases, newest first (at most 10 are looked at). When `version` is given it must itself be semver.
 */
export function followsSemver(releases: readonly { version: string }[], version?: string | null): boolean {
  const recent = releases.slice(0, FOLLOWS_SEMVER_RELEASE_COUNT).map((r) => isSemverVersion(r.version));
  let follows: boolean;
  if (recent.length === 0) {
    follows = false;
  } else if (recent.length <= 2) {
    follows = recent[0] === true;
  } else {
    const oneOfNewestThree = recent.slice(0, 3).some(Boolean);
    follows =
      recent.length < FOLLOWS_SEMVER_RELEASE_COUNT
        ? oneOfNewestThree
        : oneOfNewestThree && recent.filter(Boolean).length >= 3;
  }
  if (version !== undefined && version !== null) follows = follows && isSemverVersion(version);
  return follows;
}

/**
 * "Is this release covered by the resolution?" — true means an event of `release` does NOT regress the
 * issue (an older release never reopens; a deleted resolution
 * release falls back to the resolution's date).
 */
export function hasResolution(
  resolution: IssueResolution | null,
  release: ReleaseInfo | null,
  ctx: HasResolutionContext,
): boolean {
  if (resolution === null) return false;
  // From "some release" to "no release" counts as older.
  if (release === null) return true;

  const current = resolution.currentReleaseVersion;
  if (current) {
    if (ctx.followsSemver) {
      const order = compareReleaseVersions(current, release.version);
      if (order !== null) return order >= 0;
    } else {
      const found =
        ctx.currentRelease !== null && ctx.currentRelease.version === current ? ctx.currentRelease : null;
      if (found !== null) return found.id === release.id || found.dateAdded > release.dateAdded;
    }
  }

  // The resolution's release, or when it is gone the moment of resolving.
  const resolvedAt = resolution.release?.dateAdded ?? resolution.datetime;
  const sameRelease = resolution.releaseId !== null && resolution.releaseId === release.id;

  switch (resolution.type) {
    case null:
    case ResolutionType.IN_NEXT_RELEASE:
      // The release it was resolved in is still covered; a newer one regresses.
      return sameRelease || resolvedAt > release.dateAdded;
    case ResolutionType.IN_RELEASE: {
      // The fix shipped in that release, so an event from it regresses.
      if (sameRelease) return false;
      if (ctx.followsSemver && resolution.release !== null) {
        const order = compareReleaseVersions(resolution.release.version, release.version);
        if (order !== null) return order > 0;
      }
      return resolvedAt >= release.dateAdded;
    }
    default:
      // in_upcoming_release (or an unknown type): the reference raises NotImplementedError. Sift treats the
      // release as covered so that ingest never fails on it.
      ctx.logger?.warn(
        { issueId: resolution.issueId, resolutionType: resolution.type, releaseId: release.id },
        "regression.resolution_type_not_implemented",
      );
      return true;
  }
}
