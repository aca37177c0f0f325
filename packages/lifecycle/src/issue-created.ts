import { ActivityType, GroupInboxReason } from "@sift/schemas";

import { transition } from "./transition.js";
import type { IssueRef, Transition } from "./transition.js";

/**
 * A new issue: its first activity (`first_seen`) and its place in the inbox (reason NEW); when its
 * first occurrence names an assignee (already on the inserted row), the ASSIGNED activity too.
 */
export function planIssueCreated(
  issue: IssueRef,
  at: Date,
  assignee: { userId: number | null; teamId: number | null } | null = null,
): Transition[] {
  const created = transition(issue, at, { type: ActivityType.FIRST_SEEN, data: {} });
  created.inbox = { add: GroupInboxReason.NEW };
  if (!assignee) return [created];
  const data = assignee.userId
    ? { assignee: String(assignee.userId), assigneeType: "user" }
    : { assignee: String(assignee.teamId), assigneeType: "team" };
  return [created, transition(issue, at, { type: ActivityType.ASSIGNED, data })];
}
