import {
  ActivityType,
  GroupHistoryStatus,
  GroupInboxReason,
  GroupStatus,
  GroupSubStatus,
} from "@sift/schemas";
import type { SnoozeRow } from "@sift/storage";

import { transition } from "./transition.js";
import type { IssueRef, Transition } from "./transition.js";

const num = (v: unknown): number => (typeof v === "number" ? v : Number(v ?? 0));

/** Whether a snooze's condition is met (reference GroupSnooze: until, count [+window], user count [+window]). */
export function snoozeExpired(
  snooze: SnoozeRow,
  issue: { timesSeen: number; userCount: number },
  counts: { recentOccurrences: number; recentUsers: number; newOccurrences: number; newUsers: number },
  now: Date,
): boolean {
  if (snooze.until && now >= snooze.until) return true;
  if (snooze.count) {
    if (snooze.window) {
      if (counts.recentOccurrences + counts.newOccurrences >= snooze.count) return true;
    } else if (issue.timesSeen + counts.newOccurrences >= num(snooze.state?.times_seen) + snooze.count) {
      return true;
    }
  }
  if (snooze.userCount) {
    if (snooze.userWindow) {
      if (counts.recentUsers >= snooze.userCount) return true;
    } else if (issue.userCount + counts.newUsers >= num(snooze.state?.users_seen) + snooze.userCount) {
      return true;
    }
  }
  return false;
}

/**
 * An ignored issue whose snooze condition is met goes back to unresolved (escalating), leaves the
 * snooze and enters the inbox; its activity names the snooze that expired.
 */
export function planSnoozeExpired(issue: IssueRef, snooze: SnoozeRow, at: Date): Transition {
  const t = transition(
    issue,
    at,
    {
      type: ActivityType.SET_ESCALATING,
      data: {
        expired_snooze: {
          count: snooze.count,
          window: snooze.window,
          until: snooze.until?.toISOString() ?? null,
          user_count: snooze.userCount,
          user_window: snooze.userWindow,
        },
      },
    },
    [{ status: GroupHistoryStatus.ESCALATING, releaseId: null }],
  );
  t.set = { status: GroupStatus.UNRESOLVED, substatus: GroupSubStatus.ESCALATING };
  t.snooze = "delete";
  t.inbox = { add: GroupInboxReason.ESCALATING };
  return t;
}
