import { ActivityType, GroupInboxReason } from "@sift/schemas";

import { transition } from "./transition.js";
import type { IssueRef, Transition } from "./transition.js";

/** A new issue: its first activity (`first_seen`) and its place in the inbox (reason NEW). */
export function planIssueCreated(issue: IssueRef, at: Date): Transition {
  const t = transition(issue, at, { type: ActivityType.FIRST_SEEN, data: {} });
  t.inbox = { add: GroupInboxReason.NEW };
  return t;
}
