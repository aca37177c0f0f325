import { ActivityType, GroupHistoryStatus, PriorityLevel, priorityToString } from "@sift/schemas";

import { transition } from "./transition.js";
import type { IssueRef, Transition } from "./transition.js";

/** The history row a priority change writes. */
const PRIORITY_HISTORY: Readonly<Record<number, number>> = {
  [PriorityLevel.HIGH]: GroupHistoryStatus.PRIORITY_HIGH,
  [PriorityLevel.MEDIUM]: GroupHistoryStatus.PRIORITY_MEDIUM,
  [PriorityLevel.LOW]: GroupHistoryStatus.PRIORITY_LOW,
};

function priorityHistoryStatus(priority: number): number {
  const status = PRIORITY_HISTORY[priority];
  if (status === undefined) throw new RangeError(`Not a priority: ${priority}`);
  return status;
}

/**
 * A priority change from `from` to `to`. With `lockedAt` (a person set it) the priority is locked,
 * changed or not; an unchanged priority writes no activity or history.
 */
export function planPriority(
  issue: IssueRef,
  from: number | null,
  to: number,
  at: Date,
  options: { reason: string | null; lockedAt?: Date },
): Transition {
  const changed = from !== to;
  const t = transition(
    issue,
    at,
    changed
      ? { type: ActivityType.SET_PRIORITY, data: { priority: priorityToString(to), reason: options.reason } }
      : null,
    changed ? [{ status: priorityHistoryStatus(to), releaseId: null }] : [],
  );
  t.set = options.lockedAt ? { priority: to, priorityLockedAt: options.lockedAt } : { priority: to };
  return t;
}
