import { ActivityType, GroupInboxReason, GroupStatus, GroupSubStatus, historyStatusFor } from "@sift/schemas";

import { transition } from "../transition.js";
import type { IssueSnapshot, Transition } from "../transition.js";

/** An issue first seen within this window comes back from ignored as NEW rather than ONGOING. */
const NEW_ISSUE_WINDOW_MS = 7 * 86_400_000;

/** The conditions of an ignore (minutes for windows and duration); null = not set. */
export interface IgnoreSettings {
  duration: number | null;
  count: number | null;
  window: number | null;
  userCount: number | null;
  userWindow: number | null;
  untilEscalating: boolean;
}

/** Whether an ignore lasts until a condition is met (a duration, a count or a user count). */
export const hasIgnoreCondition = (ignore: IgnoreSettings): boolean =>
  ignore.duration !== null || ignore.count !== null || ignore.userCount !== null;

/** When a snooze of `ignore` ends, or null when it has no duration. */
export function ignoreUntil(ignore: IgnoreSettings, at: Date): Date | null {
  return ignore.duration !== null ? new Date(at.getTime() + ignore.duration * 60_000) : null;
}

/**
 * The substatus a status update leads to: the one asked for, else for ignored until escalating /
 * until a condition is met / forever, else for unresolved NEW (one recent issue coming back from
 * ignored) or ONGOING.
 */
export function updateSubstatus(
  issues: readonly IssueSnapshot[],
  update: { status: number; substatus: number | null; ignore: IgnoreSettings },
  at: Date,
): number {
  if (update.substatus !== null) return update.substatus;
  if (update.status === GroupStatus.IGNORED) {
    if (update.ignore.untilEscalating) return GroupSubStatus.UNTIL_ESCALATING;
    return hasIgnoreCondition(update.ignore) ? GroupSubStatus.UNTIL_CONDITION_MET : GroupSubStatus.FOREVER;
  }
  const only = issues.length === 1 ? issues[0]! : null;
  return only &&
    only.status === GroupStatus.IGNORED &&
    only.firstSeen.getTime() > at.getTime() - NEW_ISSUE_WINDOW_MS
    ? GroupSubStatus.NEW
    : GroupSubStatus.ONGOING;
}

function snoozeOf(issue: IssueSnapshot, ignore: IgnoreSettings, at: Date): NonNullable<Transition["snooze"]> {
  const state: Record<string, unknown> = {};
  if (ignore.count !== null && ignore.window === null) state.times_seen = issue.timesSeen;
  if (ignore.userCount !== null && ignore.userWindow === null) state.users_seen = issue.userCount;
  return {
    until: ignoreUntil(ignore, at),
    count: ignore.count,
    window: ignore.count !== null ? ignore.window : null,
    userCount: ignore.userCount,
    userWindow: ignore.userCount !== null ? ignore.userWindow : null,
    state: Object.keys(state).length > 0 ? state : null,
    actorId: null,
    createdAt: at,
  };
}

/**
 * Unresolve or ignore to `substatus` (see `updateSubstatus`). Every issue loses its
 * resolution; an ignore leaves the inbox and sets, keeps or drops the snooze; an unresolve drops the
 * snooze and brings an ignored issue back to the inbox (UNIGNORED). Issues whose status or substatus
 * changes get the activity.
 */
export function planStatusUpdate(
  issues: readonly IssueSnapshot[],
  update: { status: number; substatus: number; ignore: IgnoreSettings },
  at: Date,
): Transition[] {
  const { status, substatus, ignore } = update;
  const ignored = status === GroupStatus.IGNORED;
  const activityType = ignored ? ActivityType.SET_IGNORED : ActivityType.SET_UNRESOLVED;
  const history = historyStatusFor(activityType, substatus);
  const data: Record<string, unknown> = ignored
    ? {
        ignoreCount: ignore.count,
        ignoreDuration: ignore.duration,
        ignoreUntil: ignoreUntil(ignore, at)?.toISOString() ?? null,
        ignoreUserCount: ignore.userCount,
        ignoreUserWindow: ignore.userWindow,
        ignoreWindow: ignore.window,
        ignoreUntilEscalating: substatus === GroupSubStatus.UNTIL_ESCALATING,
      }
    : {};
  return issues.map((i) => {
    const changed = i.status !== status || i.substatus !== substatus;
    const t = transition(
      i,
      at,
      changed ? { type: activityType, data } : null,
      changed && history !== null ? [{ status: history, releaseId: null }] : [],
    );
    if (changed) t.set = { status, substatus };
    t.resolution = "delete";
    if (ignored) {
      t.inbox = "remove";
      const keepSnooze = substatus !== GroupSubStatus.UNTIL_ESCALATING && hasIgnoreCondition(ignore);
      t.snooze = keepSnooze ? snoozeOf(i, ignore, at) : "delete";
    } else {
      t.snooze = "delete";
      if (changed && i.status === GroupStatus.IGNORED) t.inbox = { add: GroupInboxReason.UNIGNORED };
    }
    return t;
  });
}
