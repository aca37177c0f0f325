import { describe, expect, it } from "vitest";
import { ResolutionStatus, ResolutionType } from "@sift/schemas";
import { planCommitShipped } from "./commit-shipped.js";

describe("planCommitShipped", () => {
  it("resolves each issue in the release the commit shipped in, with no activity and no status change", () => {
    const at = new Date("2026-12-01T10:00:00Z");
    const issues = [
      { id: 7, organizationId: 1, projectId: 2 },
      { id: 9, organizationId: 1, projectId: 2 },
    ];
    const planned = planCommitShipped(issues, { id: 42 }, at);
    expect(planned).toEqual(
      issues.map((issue) => ({
        issue,
        at,
        activity: null,
        history: [],
        resolution: {
          type: ResolutionType.IN_RELEASE,
          status: ResolutionStatus.RESOLVED,
          releaseId: 42,
          currentReleaseVersion: null,
          actorId: null,
          datetime: at,
        },
      })),
    );
  });
});
