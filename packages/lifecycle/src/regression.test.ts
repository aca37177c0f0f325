import { describe, expect, it } from "vitest";

import { ActivityType, GroupHistoryStatus, GroupInboxReason } from "@sift/schemas";

import { backfillResolvedInData, planRegression, resolutionActivityIdent } from "./regression.js";

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

describe("resolutionActivityIdent", () => {
  it("the resolved-in activity ident is the issue id as text", () => {
    expect(resolutionActivityIdent(42)).toBe("42");
  });
});

describe("planRegression", () => {
  const issue = { id: 7, organizationId: 1, projectId: 2 };
  const at = new Date("2026-06-01T12:00:00Z");
  const date = new Date("2026-06-01T11:00:00Z");

  it("with a release: guarded by the date, drops the resolution, names the release in activity and history", () => {
    const t = planRegression(
      issue,
      { date, eventId: "a".repeat(32), release: { id: 5, version: "web@1.1.0" }, followsSemver: true },
      at,
    );
    expect(t).toEqual({
      issue,
      at,
      activity: {
        type: ActivityType.SET_REGRESSION,
        data: { event_id: "a".repeat(32), version: "web@1.1.0" },
      },
      history: [{ status: GroupHistoryStatus.REGRESSED, releaseId: 5 }],
      regression: { date, version: "web@1.1.0", followsSemver: true },
      inbox: { add: GroupInboxReason.REGRESSION },
      resolution: "delete",
    });
  });

  it("without a release: an empty version and the resolution kept", () => {
    const t = planRegression(
      issue,
      { date, eventId: "b".repeat(32), release: null, followsSemver: false },
      at,
    );
    expect(t.activity).toEqual({
      type: ActivityType.SET_REGRESSION,
      data: { event_id: "b".repeat(32), version: "" },
    });
    expect(t.history).toEqual([{ status: GroupHistoryStatus.REGRESSED, releaseId: null }]);
    expect(t.resolution).toBeUndefined();
    expect(t.regression).toEqual({ date, version: null, followsSemver: false });
  });
});
