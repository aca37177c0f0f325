import { GroupHistoryStatus, GroupInboxReason } from "@sift/schemas";

import { transition } from "../transition.js";
import type { IssueRef, Transition } from "../transition.js";

/**
 * Into the inbox by hand (reason MANUAL), or out of it: marking reviewed writes a REVIEWED history row
 * for the issues that were in it. Neither writes an activity, as in the reference.
 */
export function planInbox(
  issues: readonly IssueRef[],
  inbox: boolean,
  inInbox: ReadonlySet<number>,
  at: Date,
): Transition[] {
  return issues.map((i) => {
    if (inbox) {
      const t = transition(i, at, null);
      t.inbox = { add: GroupInboxReason.MANUAL };
      return t;
    }
    const t = transition(
      i,
      at,
      null,
      inInbox.has(i.id) ? [{ status: GroupHistoryStatus.REVIEWED, releaseId: null }] : [],
    );
    t.inbox = "remove";
    return t;
  });
}
