import { describe, expect, it } from "vitest";
import { ActivityType } from "@sift/schemas";
import { planMerge } from "./merge.js";
import type { IssueSnapshot } from "./transition.js";

const issue = (id: number, timesSeen: number, projectId = 1): IssueSnapshot => ({
  id,
  organizationId: 1,
  projectId,
  status: 0,
  substatus: null,
  priority: null,
  firstSeen: new Date("2026-11-20T00:00:00.000Z"),
  timesSeen,
  userCount: 0,
  assigneeUserId: null,
  assigneeTeamId: null,
});
const at = new Date("2026-11-20T12:00:00.000Z");

describe("planMerge", () => {
  it("makes the issue with the most events the parent, the higher id on a tie", () => {
    const plan = planMerge([issue(1, 5), issue(2, 9), issue(3, 5)], at);
    expect(plan.parent.id).toBe(2);
    expect(plan.children.map((c) => c.id)).toEqual([3, 1]);
    expect(plan.transition.activity).toEqual({
      type: ActivityType.MERGE,
      data: { issues: [{ id: 3 }, { id: 1 }] },
      userId: null,
    });
    expect(plan.transition.issue.id).toBe(2);
  });

  it("refuses one issue and issues of several projects", () => {
    expect(() => planMerge([issue(1, 1)], at)).toThrow("Merging needs two or more issues.");
    expect(() => planMerge([issue(1, 1), issue(2, 1, 2)], at)).toThrow("across multiple projects");
  });
});
