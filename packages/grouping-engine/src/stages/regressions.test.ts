import { describe, expect, it } from "vitest";
import { GroupStatus } from "@sift/schemas";
import { regressionCandidates } from "./regressions.js";
import { ingestIssue } from "../test/issue.js";
import { occurrence, work } from "../test/work.js";

describe("regressions", () => {
  it("asks about resolved and unresolved issues only, with the batch's first occurrence of each", () => {
    const release = {
      id: 3,
      organizationId: 10,
      version: "2.4.0",
      dateAdded: new Date(),
      dateReleased: null,
    };
    const resolved = ingestIssue({ id: 1, status: GroupStatus.RESOLVED, substatus: null });
    const ignored = ingestIssue({ id: 2, status: GroupStatus.IGNORED });
    const first = work(occurrence(), { release, eventTime: new Date("2026-11-27T11:00:00Z") });
    const later = work(occurrence());
    const candidates = regressionCandidates(
      new Map([
        [1, { issue: resolved, items: [first, later] }],
        [2, { issue: ignored, items: [work()] }],
      ]),
    );
    expect(candidates).toEqual([
      {
        issue: {
          id: 1,
          organizationId: 10,
          projectId: 1,
          type: 1,
          status: GroupStatus.RESOLVED,
          substatus: null,
          lastSeen: resolved.lastSeen,
          activeAt: resolved.activeAt,
        },
        resolveAgeHours: 0,
        eventTime: first.eventTime,
        eventId: first.occ.eventId,
        release: { id: 3, version: "2.4.0", dateAdded: release.dateAdded },
      },
    ]);
  });
});
