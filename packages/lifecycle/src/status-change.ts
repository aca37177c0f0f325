import {
  ActivityType,
  GroupInboxReason,
  GroupStatus,
  GroupSubStatus,
  IGNORED_SUBSTATUSES,
  PriorityLevel,
  historyStatusFor,
} from "@sift/schemas";
import type { StatusChangeOutcome } from "@sift/schemas";
import type { LockedIssueState } from "@sift/storage";

import { planPriority } from "./priority.js";
import { transition } from "./transition.js";
import type { Transition } from "./transition.js";

export interface StatusChangePlan {
  outcome: StatusChangeOutcome;
  /** The issue as it is after the change (the next change of the same batch starts from it). */
  issue: LockedIssueState;
  transitions: Transition[];
}

/** A status change of one activity, with the history row its type and substatus imply. */
function statusTransition(
  issue: LockedIssueState,
  at: Date,
  activityType: number,
  status: number,
  substatus: number | null,
): Transition {
  const history = historyStatusFor(activityType, substatus);
  const t = transition(
    issue,
    at,
    { type: activityType, data: {} },
    history === null ? [] : [{ status: history, releaseId: null }],
  );
  t.set = status === GroupStatus.RESOLVED ? { status, substatus, resolvedAt: at } : { status, substatus };
  return t;
}

function initialPriority(issue: LockedIssueState): number | null {
  const data = issue.data as {
    metadata?: { initial_priority?: number | null };
    initial_priority?: number | null;
  } | null;
  const initial = data?.metadata?.initial_priority ?? data?.initial_priority ?? null;
  return typeof initial === "number" ? initial : null;
}

/**
 * What a status change message does to an issue. Outcomes other than `applied` change
 * nothing (`no_op`, or a refused message the caller logs as `group.update_status.<outcome>`).
 */
export function planStatusChange(
  issue: LockedIssueState,
  change: { newStatus: number; newSubstatus: number | null },
  at: Date,
): StatusChangePlan {
  const { newStatus, newSubstatus } = change;
  const none = (outcome: StatusChangeOutcome): StatusChangePlan => ({ outcome, issue, transitions: [] });
  if (issue.status === newStatus && issue.substatus === newSubstatus) return none("no_op");
  const needsSubstatus = newStatus === GroupStatus.UNRESOLVED || newStatus === GroupStatus.IGNORED;
  if (needsSubstatus && newSubstatus === null) return none("missing_substatus");
  if (!needsSubstatus && newSubstatus !== null) return none("unexpected_substatus");

  const next: LockedIssueState = { ...issue };
  const transitions: Transition[] = [];
  const set = (activityType: number, status: number, substatus: number | null): Transition => {
    next.status = status;
    next.substatus = substatus;
    const t = statusTransition(issue, at, activityType, status, substatus);
    transitions.push(t);
    return t;
  };
  const setPriority = (priority: number, reason: string) => {
    if (next.priority === priority) return;
    transitions.push(planPriority(issue, next.priority, priority, at, { reason }));
    next.priority = priority;
  };
  const applied = (): StatusChangePlan => ({ outcome: "applied", issue: next, transitions });

  if (newStatus === GroupStatus.RESOLVED) {
    set(ActivityType.SET_RESOLVED, GroupStatus.RESOLVED, null).inbox = "remove";
    return applied();
  }
  if (newStatus === GroupStatus.IGNORED) {
    if (!IGNORED_SUBSTATUSES.includes(newSubstatus!)) return none("invalid_substatus");
    set(ActivityType.SET_IGNORED, GroupStatus.IGNORED, newSubstatus).inbox = "remove";
    return applied();
  }
  if (newStatus !== GroupStatus.UNRESOLVED) return none("unsupported_status");
  switch (newSubstatus) {
    case GroupSubStatus.ESCALATING: {
      if (issue.status !== GroupStatus.IGNORED) return none("no_op");
      set(ActivityType.SET_ESCALATING, GroupStatus.UNRESOLVED, GroupSubStatus.ESCALATING).inbox = {
        add: GroupInboxReason.ESCALATING,
      };
      if (!issue.priorityLockedAt) {
        setPriority(
          issue.priority === PriorityLevel.LOW ? PriorityLevel.MEDIUM : PriorityLevel.HIGH,
          "escalating",
        );
      }
      return applied();
    }
    case GroupSubStatus.REGRESSED:
      set(ActivityType.SET_REGRESSION, GroupStatus.UNRESOLVED, GroupSubStatus.REGRESSED);
      return applied();
    case GroupSubStatus.ONGOING: {
      if (issue.substatus !== GroupSubStatus.ESCALATING) {
        set(ActivityType.SET_UNRESOLVED, GroupStatus.UNRESOLVED, GroupSubStatus.ONGOING);
        return applied();
      }
      set(ActivityType.AUTO_SET_ONGOING, GroupStatus.UNRESOLVED, GroupSubStatus.ONGOING);
      const initial = initialPriority(issue);
      // A priority a user set (locked) stays.
      if (initial !== null && !issue.priorityLockedAt) setPriority(initial, "ongoing");
      return applied();
    }
    default:
      return none("invalid_substatus");
  }
}
