import { describe, expect, it } from "vitest";
import { compareReleaseVersions, parseReleaseVersion } from "./index.js";

describe("release versions", () => {
  it("splits package, numbers, pre-release and build", () => {
    expect(parseReleaseVersion("backend@2.4.0-rc.1+77")).toEqual({
      package: "backend",
      major: 2,
      minor: 4,
      patch: 0,
      revision: 0,
      prerelease: "rc.1",
      buildCode: null,
      buildNumber: 77,
    });
    expect(parseReleaseVersion("1.2")?.patch).toBe(0);
    expect(parseReleaseVersion("web@1.9.0+abc")?.buildCode).toBe("abc");
  });

  it("is null for versions that are not semver", () => {
    expect(parseReleaseVersion("4f9c2e1")).toBeNull();
    expect(parseReleaseVersion("release-2026-11-27")).toBeNull();
  });

  it.each([
    ["x@21.1.1+1", "x@21.1.1", 1],
    ["x@21.1.1", "x@21.1.1", 0],
    ["x@21.1.0", "x@21.1.1", -1],
    ["x@1.10.0", "x@1.9.0", 1],
    ["x@2.0.0", "x@2.0.0-rc.1", 1],
    ["x@2.0.0-alpha", "x@2.0.0-beta", -1],
  ])("%s vs %s → %d", (a, b, expected) => {
    expect(compareReleaseVersions(a, b)).toBe(expected);
  });

  it("cannot compare a non-semver version", () => {
    expect(compareReleaseVersions("abc", "1.0.0")).toBeNull();
  });
});
