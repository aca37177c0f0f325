import { describe, expect, it } from "vitest";
import { aggregateUpdate, shortIdCounts, userEntries } from "./issue-rows.js";
import { ingestIssue } from "../test/issue.js";
import { group, occurrence, work } from "../test/work.js";

describe("issue rows", () => {
  it("counts the distinct users of grouped occurrences only", () => {
    const grouped = work(occurrence(), { outcome: "grouped", issueId: 7, event: { user: { id: "u1" } } });
    const anonymous = work(occurrence(), { outcome: "grouped", issueId: 7, event: {} });
    const gated = work(occurrence(), { outcome: "noise_gated", event: { user: { id: "u2" } } });
    expect(userEntries([grouped, anonymous, gated])).toEqual([
      { issueId: 7, userKey: "id:u1", firstSeen: grouped.eventTime },
    ]);
  });

  it("takes one short id per new issue of each project", () => {
    const p1 = { ...group([work()]), id: 1 };
    const p2 = { ...group([work(occurrence({ projectId: 2 }))]), id: 2 };
    expect([...shortIdCounts([p1, p2, { ...p1, id: 3 }])]).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });

  it("updates an existing issue's counts and times, and only the fields that changed", () => {
    const issue = ingestIssue();
    const same = aggregateUpdate({ issue, items: [work(occurrence(), { eventTime: issue.lastSeen })] }, 0);
    expect(same).toEqual({
      id: issue.id,
      timesSeen: 1,
      newUsers: 0,
      firstSeen: issue.firstSeen,
      lastSeen: issue.lastSeen,
      message: null,
      level: null,
      culprit: null,
      title: null,
      data: expect.objectContaining({ metadata: expect.objectContaining({ value: "card declined" }) }),
    });
    const later = new Date("2026-11-27T11:45:00Z");
    const changed = aggregateUpdate(
      {
        issue,
        items: [work(), work(occurrence({ culprit: "/api/cart", level: "fatal" }), { eventTime: later })],
      },
      3,
    );
    expect(changed).toMatchObject({
      timesSeen: 2,
      newUsers: 3,
      lastSeen: later,
      culprit: "/api/cart",
      level: 50,
    });
  });
});
