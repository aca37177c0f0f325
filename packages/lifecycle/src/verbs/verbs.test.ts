import { describe, expect, it } from "vitest";
import {
  ActivityType,
  GroupHistoryStatus,
  GroupInboxReason,
  GroupStatus,
  GroupSubStatus,
  PriorityLevel,
  ResolutionStatus,
  ResolutionType,
} from "@sift/schemas";

import { InvalidTransitionError } from "../errors.js";
import { planIssueCreated } from "../issue-created.js";
import { planPriority } from "../priority.js";
import { at, unresolvedIssue } from "../test/plan.js";
import type { IssueSnapshot } from "../transition.js";
import { planAssign } from "./assign.js";
import { planInbox } from "./inbox.js";
import { planResolve, resolveProject } from "./resolve.js";
import { planStatusUpdate, updateSubstatus } from "./status.js";
import type { IgnoreSettings } from "./status.js";

const ref = { id: 7, organizationId: 1, projectId: 2 };
const snapshot = (over: Partial<IssueSnapshot> = {}): IssueSnapshot => ({
  ...unresolvedIssue(ref.id),
  priority: PriorityLevel.MEDIUM,
  firstSeen: new Date("2026-01-01T00:00:00Z"),
  timesSeen: 40,
  userCount: 3,
  assigneeUserId: null,
  assigneeTeamId: null,
  ...over,
});
/** A transition of the issue at `at` that writes neither an activity nor a history row. */
const unrecorded = { issue: ref, at, activity: null, history: [] };
const noIgnore: IgnoreSettings = {
  duration: null,
  count: null,
  window: null,
  userCount: null,
  userWindow: null,
  untilEscalating: false,
};

describe("planPriority", () => {
  it("a priority set by hand is locked; a change writes SET_PRIORITY and its history row", () => {
    expect(
      planPriority(ref, PriorityLevel.LOW, PriorityLevel.HIGH, at, { reason: null, lockedAt: at }),
    ).toEqual({
      issue: ref,
      at,
      activity: { type: ActivityType.SET_PRIORITY, data: { priority: "high", reason: null } },
      history: [{ status: GroupHistoryStatus.PRIORITY_HIGH, releaseId: null }],
      set: { priority: PriorityLevel.HIGH, priorityLockedAt: at },
    });
  });

  it("the same priority is only re-locked: no activity, no history", () => {
    const t = planPriority(ref, PriorityLevel.LOW, PriorityLevel.LOW, at, { reason: null, lockedAt: at });
    expect(t.activity).toBeNull();
    expect(t.history).toEqual([]);
    expect(t.set).toEqual({ priority: PriorityLevel.LOW, priorityLockedAt: at });
  });
});

describe("planResolve", () => {
  it("a plain resolve of a resolved issue writes no activity but drops resolution, inbox and snooze", () => {
    const [t] = planResolve(
      [snapshot({ status: GroupStatus.RESOLVED, substatus: null })],
      { mode: "plain" },
      at,
    );
    expect(t).toEqual({
      ...unrecorded,
      set: { status: GroupStatus.RESOLVED, substatus: null, resolvedAt: at },
      resolution: "delete",
      inbox: "remove",
      snooze: "delete",
    });
  });

  it("in the next release of a semver project: resolved against the current version", () => {
    const release = { id: 30, version: "web@2.0.0" };
    const [t] = planResolve(
      [snapshot()],
      {
        mode: "in_next_release",
        release,
        semver: true,
        releases: new Map([[7, { current: { id: 29, version: "web@1.9.0" }, next: null }]]),
      },
      at,
    );
    expect(t!.resolution).toEqual({
      type: ResolutionType.IN_RELEASE,
      status: ResolutionStatus.RESOLVED,
      releaseId: 30,
      currentReleaseVersion: "web@1.9.0",
      actorId: null,
      datetime: at,
    });
    expect(t!.activity).toEqual({
      type: ActivityType.SET_RESOLVED_IN_RELEASE,
      data: { version: "", current_release_version: "web@1.9.0" },
      ident: "7",
    });
    expect(t!.history).toEqual([{ status: GroupHistoryStatus.SET_RESOLVED_IN_RELEASE, releaseId: 30 }]);
  });

  it("in the next release of a date-ordered project: an existing next release resolves", () => {
    const [t] = planResolve(
      [snapshot()],
      {
        mode: "in_next_release",
        release: { id: 30, version: "b" },
        semver: false,
        releases: new Map([[7, { current: { id: 29, version: "a" }, next: { id: 31, version: "c" } }]]),
      },
      at,
    );
    expect(t!.resolution).toMatchObject({ type: ResolutionType.IN_RELEASE, releaseId: 31 });
    expect(t!.activity?.data).toEqual({ version: "c" });
  });

  it("in a commit: links the commit, and resolves in the release that has it", () => {
    const [t] = planResolve([snapshot()], { mode: "in_commit", commitId: 4, release: null }, at);
    expect(t).toMatchObject({
      activity: { type: ActivityType.SET_RESOLVED_IN_COMMIT, data: { commit: 4 }, ident: null },
      history: [{ status: GroupHistoryStatus.SET_RESOLVED_IN_COMMIT, releaseId: null }],
      resolution: "delete",
      commitId: 4,
    });
  });

  it("a resolve in a release spans one project only", () => {
    const issues = [snapshot(), snapshot({ id: 8, projectId: 3 })];
    expect(resolveProject(issues, "plain")).toBe(2);
    expect(() => resolveProject(issues, "in_release")).toThrow(
      new InvalidTransitionError("Cannot set resolved in release for multiple projects."),
    );
  });
});

describe("planStatusUpdate", () => {
  it("ignoring until 10 more occurrences snoozes relative to times_seen", () => {
    const ignore = { ...noIgnore, count: 10 };
    const substatus = updateSubstatus(
      [snapshot()],
      { status: GroupStatus.IGNORED, substatus: null, ignore },
      at,
    );
    expect(substatus).toBe(GroupSubStatus.UNTIL_CONDITION_MET);
    const [t] = planStatusUpdate([snapshot()], { status: GroupStatus.IGNORED, substatus, ignore }, at);
    expect(t).toEqual({
      issue: ref,
      at,
      activity: {
        type: ActivityType.SET_IGNORED,
        data: {
          ignoreCount: 10,
          ignoreDuration: null,
          ignoreUntil: null,
          ignoreUserCount: null,
          ignoreUserWindow: null,
          ignoreWindow: null,
          ignoreUntilEscalating: false,
        },
      },
      history: [{ status: GroupHistoryStatus.ARCHIVED_UNTIL_CONDITION_MET, releaseId: null }],
      set: { status: GroupStatus.IGNORED, substatus: GroupSubStatus.UNTIL_CONDITION_MET },
      resolution: "delete",
      inbox: "remove",
      snooze: {
        until: null,
        count: 10,
        window: null,
        userCount: null,
        userWindow: null,
        state: { times_seen: 40 },
        actorId: null,
        createdAt: at,
      },
    });
  });

  it("unignoring a recent issue makes it NEW and brings it back to the inbox as unignored", () => {
    const recent = snapshot({
      status: GroupStatus.IGNORED,
      substatus: GroupSubStatus.FOREVER,
      firstSeen: new Date("2026-11-26T00:00:00Z"),
    });
    const update = { status: GroupStatus.UNRESOLVED, substatus: null, ignore: noIgnore };
    const substatus = updateSubstatus([recent], update, at);
    expect(substatus).toBe(GroupSubStatus.NEW);
    expect(updateSubstatus([recent, snapshot({ id: 8 })], update, at)).toBe(GroupSubStatus.ONGOING);
    const [t] = planStatusUpdate([recent], { ...update, substatus }, at);
    expect(t).toMatchObject({
      activity: { type: ActivityType.SET_UNRESOLVED, data: {} },
      history: [{ status: GroupHistoryStatus.UNRESOLVED, releaseId: null }],
      inbox: { add: GroupInboxReason.UNIGNORED },
      snooze: "delete",
    });
  });

  it("an unchanged issue gets no activity but still loses its resolution and snooze", () => {
    const [t] = planStatusUpdate(
      [snapshot()],
      { status: GroupStatus.UNRESOLVED, substatus: GroupSubStatus.ONGOING, ignore: noIgnore },
      at,
    );
    expect(t).toEqual({
      ...unrecorded,
      resolution: "delete",
      snooze: "delete",
    });
  });
});

describe("planAssign and planInbox", () => {
  const user = { id: 9, email: "ana@example.com", username: "ana", name: "Ana" };

  it("assigns to a user; unassigning an unassigned issue records nothing", () => {
    const [assigned] = planAssign([snapshot()], { type: "user", user }, at);
    expect(assigned).toEqual({
      issue: ref,
      at,
      activity: {
        type: ActivityType.ASSIGNED,
        data: { assignee: "9", assigneeEmail: "ana@example.com", assigneeType: "user" },
      },
      history: [{ status: GroupHistoryStatus.ASSIGNED, releaseId: null }],
      set: { assigneeUserId: 9, assigneeTeamId: null },
    });
    const [none] = planAssign([snapshot()], null, at);
    expect(none).toMatchObject({
      activity: null,
      history: [],
      set: { assigneeUserId: null, assigneeTeamId: null },
    });
  });

  it("marking reviewed writes REVIEWED only for issues that were in the inbox", () => {
    const ts = planInbox([snapshot(), snapshot({ id: 8 })], false, new Set([8]), at);
    expect(ts.map((t) => [t.issue.id, t.inbox, t.history, t.activity])).toEqual([
      [7, "remove", [], null],
      [8, "remove", [{ status: GroupHistoryStatus.REVIEWED, releaseId: null }], null],
    ]);
    expect(planInbox([snapshot()], true, new Set(), at)[0]!.inbox).toEqual({ add: GroupInboxReason.MANUAL });
  });
});

describe("planIssueCreated", () => {
  it("a new issue's first activity is first_seen, and it enters the inbox as new", () => {
    expect(planIssueCreated(ref, at)).toEqual([
      {
        issue: ref,
        at,
        activity: { type: ActivityType.FIRST_SEEN, data: {} },
        history: [],
        inbox: { add: GroupInboxReason.NEW },
      },
    ]);
  });

  it("an assignee named by the first occurrence is recorded after it, without a history row", () => {
    const [, assigned] = planIssueCreated(ref, at, { userId: null, teamId: 4 });
    expect(assigned).toEqual({
      issue: ref,
      at,
      activity: { type: ActivityType.ASSIGNED, data: { assignee: "4", assigneeType: "team" } },
      history: [],
    });
  });
});
