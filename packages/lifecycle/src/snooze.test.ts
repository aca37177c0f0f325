import { describe, expect, it } from "vitest";
import {
  ActivityType,
  GroupHistoryStatus,
  GroupInboxReason,
  GroupStatus,
  GroupSubStatus,
} from "@sift/schemas";

import { planSnoozeExpired, snoozeExpired } from "./snooze.js";

describe("snooze conditions", () => {
  const snooze = {
    issueId: 1,
    until: null,
    count: null,
    window: null,
    userCount: null,
    userWindow: null,
    state: null,
  };
  const counts = { recentOccurrences: 0, recentUsers: 0, newOccurrences: 1, newUsers: 0 };
  const now = new Date("2026-11-27T12:00:00Z");
  it.each([
    ["2026-11-27T11:59:00Z", true],
    ["2026-11-27T12:01:00Z", false],
  ])("expire at their date (until %s: %s)", (until, expired) => {
    const dated = { ...snooze, until: new Date(until) };
    expect(snoozeExpired(dated, { timesSeen: 1, userCount: 0 }, counts, now)).toBe(expired);
  });

  it("count occurrences since the snooze, or within the window", () => {
    const byCount = { ...snooze, count: 3, state: { times_seen: 10 } };
    expect(snoozeExpired(byCount, { timesSeen: 11, userCount: 0 }, counts, now)).toBe(false);
    expect(snoozeExpired(byCount, { timesSeen: 12, userCount: 0 }, counts, now)).toBe(true);
    const windowed = { ...snooze, count: 5, window: 60 };
    expect(
      snoozeExpired(windowed, { timesSeen: 99, userCount: 0 }, { ...counts, recentOccurrences: 3 }, now),
    ).toBe(false);
    expect(
      snoozeExpired(windowed, { timesSeen: 99, userCount: 0 }, { ...counts, recentOccurrences: 4 }, now),
    ).toBe(true);
  });

  it("count users", () => {
    const byUsers = { ...snooze, userCount: 2, state: { users_seen: 5 } };
    expect(snoozeExpired(byUsers, { timesSeen: 1, userCount: 6 }, counts, now)).toBe(false);
    expect(snoozeExpired(byUsers, { timesSeen: 1, userCount: 6 }, { ...counts, newUsers: 1 }, now)).toBe(
      true,
    );
  });
});

describe("planSnoozeExpired", () => {
  it("unresolves as escalating, drops the snooze, enters the inbox and names the snooze", () => {
    const at = new Date("2026-11-27T12:00:00Z");
    const issue = { id: 3, organizationId: 1, projectId: 2 };
    const snooze = {
      issueId: 3,
      until: new Date("2026-11-27T11:00:00Z"),
      count: 10,
      window: 60,
      userCount: null,
      userWindow: null,
      state: null,
    };
    expect(planSnoozeExpired(issue, snooze, at)).toEqual({
      issue,
      at,
      activity: {
        type: ActivityType.SET_ESCALATING,
        data: {
          expired_snooze: {
            count: 10,
            window: 60,
            until: "2026-11-27T11:00:00.000Z",
            user_count: null,
            user_window: null,
          },
        },
      },
      history: [{ status: GroupHistoryStatus.ESCALATING, releaseId: null }],
      set: { status: GroupStatus.UNRESOLVED, substatus: GroupSubStatus.ESCALATING },
      snooze: "delete",
      inbox: { add: GroupInboxReason.ESCALATING },
    });
  });
});
