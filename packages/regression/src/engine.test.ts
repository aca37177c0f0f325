import { describe, expect, it } from "vitest";

import { backfillResolvedInData } from "./index.js";

describe("backfillResolvedInData", () => {
  it("an empty version (resolved in next release) gets the regressing version, other keys kept", () => {
    expect(
      backfillResolvedInData({ version: "", current_release_version: "web@1.0.0" }, "web@1.1.0"),
    ).toEqual({
      version: "web@1.1.0",
      current_release_version: "web@1.0.0",
    });
  });

  it("data without a version becomes {version}", () => {
    expect(backfillResolvedInData({ other: 1 }, "web@1.1.0")).toEqual({ version: "web@1.1.0" });
    expect(backfillResolvedInData(null, "abc")).toEqual({ version: "abc" });
  });

  it("a set version is left alone", () => {
    expect(backfillResolvedInData({ version: "web@1.0.0" }, "web@1.1.0")).toBeNull();
  });
});
