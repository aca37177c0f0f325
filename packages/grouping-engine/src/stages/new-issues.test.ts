import { describe, expect, it } from "vitest";
import { ActivityType, GroupSubStatus, PriorityLevel } from "@sift/schemas";
import { newIssueRow, newIssueRows } from "./new-issues.js";
import { group, occurrence, testBatch, work } from "../test/work.js";

const N_PLUS_ONE = 1006; // default priority low

describe("new issues", () => {
  it("builds the row from the creator and folds the batch's other occurrences in, in batch order", () => {
    const creator = work(occurrence({ type: N_PLUS_ONE }), {
      event: { platform: "python", sdk: { name: "sentry.python" } },
      eventTime: new Date("2026-11-27T11:00:00Z"),
      release: { id: 3, organizationId: 10, version: "2.4.0", dateAdded: new Date(), dateReleased: null },
    });
    const later = work(occurrence({ type: N_PLUS_ONE, level: "warning", culprit: "/api/cart" }), {
      eventTime: new Date("2026-11-27T11:20:00Z"),
    });
    const earlier = work(occurrence({ type: N_PLUS_ONE }), { eventTime: new Date("2026-11-27T10:40:00Z") });
    const row = newIssueRow(
      { ...group([creator, earlier, later]), id: 9 },
      { shortId: 4, assignee: undefined, userCount: 2 },
    );
    expect(row).toMatchObject({
      id: 9,
      organizationId: 10,
      projectId: 1,
      shortId: 4,
      type: N_PLUS_ONE,
      substatus: GroupSubStatus.NEW,
      priority: PriorityLevel.LOW,
      level: 30,
      culprit: "/api/cart",
      platform: "python",
      title: "Checkout failed",
      timesSeen: 3,
      userCount: 2,
      firstSeen: earlier.eventTime,
      lastSeen: later.eventTime,
      firstReleaseId: 3,
      assigneeUserId: null,
      assigneeTeamId: null,
    });
    expect(row.data.metadata).toMatchObject({
      sdk: { name: "sentry.python", name_normalized: "sentry.python" },
      initial_priority: PriorityLevel.LOW,
    });
  });

  it("takes short ids in order, plans each creation and assignment, and warns about unknown assignees", () => {
    const batch = testBatch();
    const assigned = { ...group([work(occurrence({ assignee: "ada@example.com" }))]), id: 1 };
    const team = { ...group([work(occurrence({ assignee: "team:4" }))]), id: 2 };
    const stranger = { ...group([work(occurrence({ assignee: "nobody" }))]), id: 3 };
    const { rows, created } = newIssueRows(batch, [assigned, team, stranger], {
      shortIds: new Map([[1, [11, 12, 13]]]),
      assignees: new Map([
        ["10:ada@example.com", { userId: 5, teamId: null }],
        ["10:team:4", { userId: null, teamId: 4 }],
      ]),
      newUsers: new Map([[1, 1]]),
    });
    expect(rows.map((r) => [r.shortId, r.assigneeUserId, r.assigneeTeamId, r.userCount])).toEqual([
      [11, 5, null, 1],
      [12, null, 4, 0],
      [13, null, null, 0],
    ]);
    expect(created.map((t) => [t.issue.id, t.activity?.type, t.activity?.data, t.at])).toEqual([
      [1, ActivityType.FIRST_SEEN, {}, batch.now],
      [1, ActivityType.ASSIGNED, { assignee: "5", assigneeType: "user" }, batch.now],
      [2, ActivityType.FIRST_SEEN, {}, batch.now],
      [2, ActivityType.ASSIGNED, { assignee: "4", assigneeType: "team" }, batch.now],
      [3, ActivityType.FIRST_SEEN, {}, batch.now],
    ]);
    expect(batch.warnings).toEqual(["assignee is not a member or team of the organization"]);
    expect(batch.metrics()).toEqual({ "group.created{platform=,type=1}": 3 });
  });
});
