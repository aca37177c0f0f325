/** A release version split the way Sentry orders semver releases. */
export interface ParsedRelease {
  package: string | null;
  major: number;
  minor: number;
  patch: number;
  revision: number;
  /** "" when the version is not a pre-release. */
  prerelease: string;
  buildCode: string | null;
  buildNumber: number | null;
}

const VERSION =
  /^(?:([^@\s]+)@)?(\d{1,15})(?:\.(\d{1,15}))?(?:\.(\d{1,15}))?(?:\.(\d{1,15}))?(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/;

/** `package@1.2.3-pre+build` (package, minor, patch, pre and build optional) or null when not semver. */
export function parseReleaseVersion(version: string): ParsedRelease | null {
  const m = VERSION.exec(version.trim());
  if (!m) return null;
  const [, pkg, major, minor, patch, revision, pre, build] = m;
  const buildNumber = build !== undefined && /^\d{1,15}$/.test(build) ? Number(build) : null;
  return {
    package: pkg ?? null,
    major: Number(major),
    minor: Number(minor ?? 0),
    patch: Number(patch ?? 0),
    revision: Number(revision ?? 0),
    prerelease: pre ?? "",
    buildCode: build !== undefined && buildNumber === null ? build : null,
    buildNumber,
  };
}

function cmp(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Order two parsed versions: numbers first, then a release after its pre-releases, then build metadata
 * (a build is newer than none; numeric builds by value, others by text).
 */
export function compareParsedReleases(a: ParsedRelease, b: ParsedRelease): number {
  return (
    cmp(a.major, b.major) ||
    cmp(a.minor, b.minor) ||
    cmp(a.patch, b.patch) ||
    cmp(a.revision, b.revision) ||
    (a.prerelease === b.prerelease
      ? 0
      : a.prerelease === ""
        ? 1
        : b.prerelease === ""
          ? -1
          : cmp(a.prerelease, b.prerelease)) ||
    cmp(a.buildNumber ?? -1, b.buildNumber ?? -1) ||
    cmp(a.buildCode ?? "", b.buildCode ?? "")
  );
}

/** Compare two version strings as semver; null when either is not semver. */
export function compareReleaseVersions(a: string, b: string): number | null {
  const pa = parseReleaseVersion(a);
  const pb = parseReleaseVersion(b);
  return pa && pb ? compareParsedReleases(pa, pb) : null;
}
