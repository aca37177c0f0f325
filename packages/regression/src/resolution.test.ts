import { describe, expect, it, vi } from "vitest";
import { ResolutionStatus, ResolutionType } from "@sift/schemas";
import type { Logger } from "@sift/schemas";

import { followsSemver, hasResolution, isSemverVersion } from "./index.js";
import type { HasResolutionContext, IssueResolution, ReleaseInfo } from "./index.js";

const day = (n: number): Date => new Date(Date.UTC(2026, 0, n));
const release = (id: number, version: string, dateAdded: Date): ReleaseInfo => ({ id, version, dateAdded });

function resolution(overrides: Partial<IssueResolution> & { release?: ReleaseInfo | null }): IssueResolution {
  const rel = overrides.release ?? null;
  return {
    issueId: 7,
    type: ResolutionType.IN_RELEASE,
    status: ResolutionStatus.RESOLVED,
    releaseId: rel?.id ?? null,
    currentReleaseVersion: null,
    datetime: day(1),
    ...overrides,
    release: rel,
  };
}

const semver: HasResolutionContext = { followsSemver: true, currentRelease: null };
const dated: HasResolutionContext = { followsSemver: false, currentRelease: null };

describe("hasResolution: the basics", () => {
  it("an issue without a resolution is never covered", () => {
    expect(hasResolution(null, release(1, "1.0.0", day(1)), semver)).toBe(false);
    expect(hasResolution(null, null, dated)).toBe(false);
  });

  it("an event without a release is covered by any resolution (no release counts as older)", () => {
    const res = resolution({ release: release(1, "1.0.0", day(1)) });
    expect(hasResolution(res, null, semver)).toBe(true);
    expect(hasResolution(resolution({ type: ResolutionType.IN_NEXT_RELEASE }), null, dated)).toBe(true);
  });
});

describe("hasResolution: resolved in release", () => {
  const r2 = release(2, "web@2.0.0", day(10));

  it("the same release regresses, semver or not", () => {
    const res = resolution({ release: r2 });
    expect(hasResolution(res, r2, semver)).toBe(false);
    expect(hasResolution(res, r2, dated)).toBe(false);
  });

  it("semver: an older version is covered even when its release was added later", () => {
    const older = release(3, "web@1.9.0", day(20));
    expect(hasResolution(resolution({ release: r2 }), older, semver)).toBe(true);
  });

  it("semver: a newer version regresses even when its release was added earlier", () => {
    const newer = release(4, "web@2.1.0", day(5));
    expect(hasResolution(resolution({ release: r2 }), newer, semver)).toBe(false);
  });

  it("semver: a build of the resolved version is newer and regresses", () => {
    const res = resolution({ release: release(5, "x@21.1.1", day(10)) });
    expect(hasResolution(res, release(6, "x@21.1.1+1", day(9)), semver)).toBe(false);
    const resBuild = resolution({ release: release(6, "x@21.1.1+1", day(10)) });
    expect(hasResolution(resBuild, release(5, "x@21.1.1", day(11)), semver)).toBe(true);
  });

  it("date-ordered: an older or equally old release is covered, a newer one regresses", () => {
    const res = resolution({ release: release(2, "abc123", day(10)) });
    expect(hasResolution(res, release(3, "fff000", day(9)), dated)).toBe(true);
    expect(hasResolution(res, release(4, "eee000", day(10)), dated)).toBe(true);
    expect(hasResolution(res, release(5, "ddd000", day(11)), dated)).toBe(false);
  });

  it("semver project but an unparsable resolution version falls back to dates", () => {
    const res = resolution({ release: release(2, "not semver", day(10)) });
    expect(hasResolution(res, release(3, "web@9.0.0", day(9)), semver)).toBe(true);
    expect(hasResolution(res, release(4, "web@0.1.0", day(11)), semver)).toBe(false);
  });

  it("a deleted resolution release falls back to the resolution's date", () => {
    // ON DELETE SET NULL leaves release_id null; the resolution was made on day 10.
    const res = resolution({ release: null, releaseId: null, datetime: day(10) });
    expect(hasResolution(res, release(3, "web@1.0.0", day(9)), semver)).toBe(true);
    expect(hasResolution(res, release(3, "web@1.0.0", day(10)), semver)).toBe(true);
    expect(hasResolution(res, release(4, "web@3.0.0", day(11)), semver)).toBe(false);
    expect(hasResolution(res, release(4, "abc", day(11)), dated)).toBe(false);
  });
});

describe("hasResolution: resolved in next release (no current_release_version)", () => {
  const r2 = release(2, "abc", day(10));

  it("the same release stays covered", () => {
    const res = resolution({ type: ResolutionType.IN_NEXT_RELEASE, release: r2 });
    expect(hasResolution(res, r2, dated)).toBe(true);
    expect(hasResolution(res, r2, semver)).toBe(true);
  });

  it("a newer release regresses, an older one is covered", () => {
    const res = resolution({ type: ResolutionType.IN_NEXT_RELEASE, release: r2 });
    expect(hasResolution(res, release(3, "def", day(11)), dated)).toBe(false);
    expect(hasResolution(res, release(4, "xyz", day(9)), dated)).toBe(true);
  });

  it("a null type behaves like in_next_release", () => {
    const res = resolution({ type: null, release: r2 });
    expect(hasResolution(res, r2, dated)).toBe(true);
    expect(hasResolution(res, release(3, "def", day(11)), dated)).toBe(false);
  });

  it("a deleted release compares with the resolution's date (strictly later covers)", () => {
    const res = resolution({ type: ResolutionType.IN_NEXT_RELEASE, release: null, datetime: day(10) });
    expect(hasResolution(res, release(3, "def", day(9)), dated)).toBe(true);
    expect(hasResolution(res, release(3, "def", day(10)), dated)).toBe(false);
  });
});

describe("hasResolution: current_release_version", () => {
  const base = { type: ResolutionType.IN_NEXT_RELEASE, status: ResolutionStatus.PENDING };
  /** Resolved in the next release while release 1, `version` (added at `added`), was the current one. */
  const whileCurrent = (version: string, added: Date) =>
    resolution({ ...base, currentReleaseVersion: version, release: release(1, version, added) });

  it("semver: the current version and older ones are covered, newer ones regress", () => {
    const res = whileCurrent("web@1.2.0", day(1));
    expect(hasResolution(res, release(1, "web@1.2.0", day(1)), semver)).toBe(true);
    expect(hasResolution(res, release(2, "web@1.1.9", day(30)), semver)).toBe(true);
    // Added before the resolution's release, but a newer version: the semver order decides.
    expect(hasResolution(res, release(3, "web@1.3.0", day(0)), semver)).toBe(false);
  });

  it("semver: build metadata makes x@21.1.1+1 newer than x@21.1.1", () => {
    const res = whileCurrent("x@21.1.1", day(5));
    expect(hasResolution(res, release(2, "x@21.1.1+1", day(1)), semver)).toBe(false);
    const resBuild = resolution({ ...base, currentReleaseVersion: "x@21.1.1+1" });
    expect(hasResolution(resBuild, release(1, "x@21.1.1", day(9)), semver)).toBe(true);
  });

  it("semver: an unparsable current version falls through to the type rule", () => {
    const res = whileCurrent("nightly", day(10));
    expect(hasResolution(res, release(2, "web@1.0.0", day(9)), semver)).toBe(true);
    expect(hasResolution(res, release(3, "web@0.0.1", day(11)), semver)).toBe(false);
  });

  it("non-semver: the looked-up release decides by identity or date_added", () => {
    const current = release(10, "abc", day(10));
    const ctx: HasResolutionContext = { followsSemver: false, currentRelease: current };
    // The resolution's own release is newer than everything, so a true/false here is the lookup's doing.
    const res = resolution({ ...base, currentReleaseVersion: "abc", release: release(99, "zzz", day(30)) });
    expect(hasResolution(res, current, ctx)).toBe(true);
    expect(hasResolution(res, release(11, "older", day(9)), ctx)).toBe(true);
    expect(hasResolution(res, release(12, "newer", day(11)), ctx)).toBe(false);
  });

  it("non-semver: when the release is not found it falls through to the type rule", () => {
    const res = resolution({ ...base, currentReleaseVersion: "gone", release: release(5, "r5", day(10)) });
    expect(hasResolution(res, release(6, "r6", day(11)), dated)).toBe(false);
    expect(hasResolution(res, release(7, "r7", day(9)), dated)).toBe(true);
    expect(hasResolution(res, release(5, "r5", day(10)), dated)).toBe(true);
  });

  it("non-semver: a looked-up release of another version is not used", () => {
    const res = resolution({ ...base, currentReleaseVersion: "abc", release: release(5, "r5", day(1)) });
    const ctx: HasResolutionContext = { followsSemver: false, currentRelease: release(10, "other", day(30)) };
    expect(hasResolution(res, release(6, "r6", day(11)), ctx)).toBe(false);
  });
});

describe("hasResolution: in_upcoming_release", () => {
  it("is treated as covered and logged instead of throwing", () => {
    const warn = vi.fn();
    const logger: Logger = { debug: vi.fn(), info: vi.fn(), warn, error: vi.fn() };
    const res = resolution({ type: ResolutionType.IN_UPCOMING_RELEASE, release: null });
    expect(hasResolution(res, release(3, "web@1.0.0", day(30)), { ...semver, logger })).toBe(true);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ issueId: 7, resolutionType: ResolutionType.IN_UPCOMING_RELEASE }),
      "regression.resolution_type_not_implemented",
    );
  });
});

describe("followsSemver", () => {
  const s = (n: number) => ({ version: `web@1.0.${n}` });
  const x = (n: number) => ({ version: `build-${n}-abc` });

  it("no releases: false", () => {
    expect(followsSemver([])).toBe(false);
  });

  it("one or two releases: the newest decides", () => {
    expect(followsSemver([s(1)])).toBe(true);
    expect(followsSemver([x(1)])).toBe(false);
    expect(followsSemver([s(2), x(1)])).toBe(true);
    expect(followsSemver([x(2), s(1)])).toBe(false);
  });

  it("three to nine releases: any of the newest three", () => {
    expect(followsSemver([x(3), x(2), s(1)])).toBe(true);
    expect(followsSemver([x(9), x(8), x(7), s(6), s(5), s(4), s(3), s(2), s(1)])).toBe(false);
    expect(followsSemver([x(5), s(4), x(3), x(2), x(1)])).toBe(true);
  });

  it("ten releases: at least three semver and one of them among the newest three", () => {
    const tail = [x(7), x(6), x(5), x(4), x(3), x(2), x(1)];
    expect(followsSemver([s(10), x(9), x(8), s(7), s(6), ...tail.slice(2)])).toBe(true);
    expect(followsSemver([s(10), x(9), s(8), ...tail])).toBe(false); // only two semver
    expect(followsSemver([x(10), x(9), x(8), s(7), s(6), s(5), s(4), s(3), s(2), s(1)])).toBe(false);
  });

  it("only the ten newest count", () => {
    const tenNonSemver = Array.from({ length: 10 }, (_, i) => x(20 - i));
    expect(followsSemver([...tenNonSemver, s(1), s(2), s(3)])).toBe(false);
  });

  it("a given version must itself be semver", () => {
    expect(followsSemver([s(1)], "web@2.0.0")).toBe(true);
    expect(followsSemver([s(1)], "4f9c2e1")).toBe(false);
    expect(followsSemver([x(1)], "web@2.0.0")).toBe(false);
  });
});

describe("helpers", () => {
  it("isSemverVersion accepts package@x.y.z and bare versions, not hashes", () => {
    expect(isSemverVersion("web@1.2.3")).toBe(true);
    expect(isSemverVersion("1.2.3-rc.1+77")).toBe(true);
    expect(isSemverVersion("4f9c2e1")).toBe(false);
  });
});
