import { describe, expect, it } from "vitest";
import {
  ActivityType,
  GroupHistoryStatus,
  GroupInboxReason,
  GroupStatus,
  GroupSubStatus,
  PriorityLevel,
} from "@sift/schemas";
import type { LockedIssueState } from "@sift/storage";

import { planStatusChange } from "./status-change.js";
import { at, unresolvedIssue } from "./test/plan.js";

const ref = { id: 5, organizationId: 1, projectId: 2 };
const issue = (over: Partial<LockedIssueState> = {}): LockedIssueState => ({
  ...unresolvedIssue(ref.id),
  priority: PriorityLevel.LOW,
  priorityLockedAt: null,
  data: { metadata: { initial_priority: PriorityLevel.LOW } },
  ...over,
});
const change = (newStatus: number, newSubstatus: number | null) => ({ newStatus, newSubstatus });

describe("planStatusChange", () => {
  it("resolves: the status with resolved_at, out of the inbox, SET_RESOLVED and its history row", () => {
    const plan = planStatusChange(issue(), change(GroupStatus.RESOLVED, null), at);
    expect(plan.outcome).toBe("applied");
    expect(plan.issue).toMatchObject({ status: GroupStatus.RESOLVED, substatus: null });
    expect(plan.transitions).toEqual([
      {
        issue: ref,
        at,
        activity: { type: ActivityType.SET_RESOLVED, data: {} },
        history: [{ status: GroupHistoryStatus.RESOLVED, releaseId: null }],
        set: { status: GroupStatus.RESOLVED, substatus: null, resolvedAt: at },
        inbox: "remove",
      },
    ]);
  });

  it("ignores with a valid substatus, and refuses an unknown one", () => {
    const plan = planStatusChange(issue(), change(GroupStatus.IGNORED, GroupSubStatus.FOREVER), at);
    expect(plan.transitions).toEqual([
      expect.objectContaining({
        activity: { type: ActivityType.SET_IGNORED, data: {} },
        history: [{ status: GroupHistoryStatus.ARCHIVED_FOREVER, releaseId: null }],
        set: { status: GroupStatus.IGNORED, substatus: GroupSubStatus.FOREVER },
        inbox: "remove",
      }),
    ]);
    expect(planStatusChange(issue(), change(GroupStatus.IGNORED, GroupSubStatus.ONGOING), at)).toEqual({
      outcome: "invalid_substatus",
      issue: issue(),
      transitions: [],
    });
  });

  it.each<[string, number, number | null, string]>([
    ["the same status and substatus", GroupStatus.UNRESOLVED, GroupSubStatus.ONGOING, "no_op"],
    ["unresolved without a substatus", GroupStatus.UNRESOLVED, null, "missing_substatus"],
    ["resolved with a substatus", GroupStatus.RESOLVED, GroupSubStatus.ONGOING, "unexpected_substatus"],
    ["an unknown unresolved substatus", GroupStatus.UNRESOLVED, GroupSubStatus.FOREVER, "invalid_substatus"],
    ["a status Sift does not take", GroupStatus.PENDING_DELETION, null, "unsupported_status"],
  ])("%s changes nothing (%s)", (_name, status, substatus, outcome) => {
    const plan = planStatusChange(issue(), change(status, substatus), at);
    expect(plan.outcome).toBe(outcome);
    expect(plan.transitions).toEqual([]);
  });

  it("escalates an ignored issue into the inbox and raises a low priority to medium", () => {
    const plan = planStatusChange(
      issue({ status: GroupStatus.IGNORED, substatus: GroupSubStatus.UNTIL_ESCALATING }),
      change(GroupStatus.UNRESOLVED, GroupSubStatus.ESCALATING),
      at,
    );
    expect(plan.issue).toMatchObject({
      substatus: GroupSubStatus.ESCALATING,
      priority: PriorityLevel.MEDIUM,
    });
    expect(plan.transitions).toEqual([
      {
        issue: ref,
        at,
        activity: { type: ActivityType.SET_ESCALATING, data: {} },
        history: [{ status: GroupHistoryStatus.ESCALATING, releaseId: null }],
        set: { status: GroupStatus.UNRESOLVED, substatus: GroupSubStatus.ESCALATING },
        inbox: { add: GroupInboxReason.ESCALATING },
      },
      {
        issue: ref,
        at,
        activity: { type: ActivityType.SET_PRIORITY, data: { priority: "medium", reason: "escalating" } },
        history: [{ status: GroupHistoryStatus.PRIORITY_MEDIUM, releaseId: null }],
        set: { priority: PriorityLevel.MEDIUM },
      },
    ]);
  });

  it("escalating keeps a locked priority and is a no-op unless the issue is ignored", () => {
    const locked = planStatusChange(
      issue({ status: GroupStatus.IGNORED, substatus: GroupSubStatus.FOREVER, priorityLockedAt: at }),
      change(GroupStatus.UNRESOLVED, GroupSubStatus.ESCALATING),
      at,
    );
    expect(locked.transitions.map((t) => t.activity?.type)).toEqual([ActivityType.SET_ESCALATING]);
    const unresolved = planStatusChange(
      issue({ substatus: GroupSubStatus.NEW }),
      change(GroupStatus.UNRESOLVED, GroupSubStatus.ESCALATING),
      at,
    );
    expect(unresolved.outcome).toBe("no_op");
  });

  it("ongoing after escalating is AUTO_SET_ONGOING and restores the initial priority", () => {
    const plan = planStatusChange(
      issue({ substatus: GroupSubStatus.ESCALATING, priority: PriorityLevel.HIGH }),
      change(GroupStatus.UNRESOLVED, GroupSubStatus.ONGOING),
      at,
    );
    expect(plan.transitions.map((t) => t.activity)).toEqual([
      { type: ActivityType.AUTO_SET_ONGOING, data: {} },
      { type: ActivityType.SET_PRIORITY, data: { priority: "low", reason: "ongoing" } },
    ]);
    expect(plan.issue.priority).toBe(PriorityLevel.LOW);
  });

  it("ongoing otherwise is SET_UNRESOLVED with the UNRESOLVED history row", () => {
    const plan = planStatusChange(
      issue({ status: GroupStatus.RESOLVED, substatus: null }),
      change(GroupStatus.UNRESOLVED, GroupSubStatus.ONGOING),
      at,
    );
    expect(plan.transitions).toEqual([
      expect.objectContaining({
        activity: { type: ActivityType.SET_UNRESOLVED, data: {} },
        history: [{ status: GroupHistoryStatus.UNRESOLVED, releaseId: null }],
      }),
    ]);
  });
});
