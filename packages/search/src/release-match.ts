import { parseReleaseVersion } from "@sift/schemas";
import type { ParsedRelease } from "@sift/schemas";

import { textMatch } from "./text-match.js";
import type { TextMatch } from "./text-match.js";

/**
 * `latest` is the organization's most recent release; `semver` a comparison with a version, in the
 * version's package when it names one.
 */
export type ReleaseMatch =
  | TextMatch
  | { kind: "latest" }
  | { kind: "semver"; operator: ">" | ">=" | "<" | "<="; version: ParsedRelease };

/** A `release:` value: `latest`, or a version (with wildcards). */
export const releaseMatch = (value: string): ReleaseMatch =>
  value === "latest" ? { kind: "latest" } : textMatch(value);

/**
 * A `release.version:` value: `>1.2.3` (`>=`, `<`, `<=`) compares as semver, as Sentry's
 * release.version does; anything else is a `release:` value. `fail` reports a bad version.
 */
export function versionMatch(value: string, fail: (message: string) => never): ReleaseMatch {
  const m = /^(>=|<=|>|<)(.*)$/.exec(value);
  if (!m) return releaseMatch(value);
  const operator = m[1] as ">" | ">=" | "<" | "<=";
  const version = parseReleaseVersion(m[2]!);
  if (!version) {
    fail(
      `release.version: Invalid version: ${m[2]}. Expected a semver version (e.g. 1.2.3 or pkg@1.2.3) after ${operator}.`,
    );
  }
  return { kind: "semver", operator, version };
}
