import { ActivityType, GroupStatus, GroupSubStatus } from "@sift/schemas";
import type { LockedIssueState } from "@sift/storage";

import { planStatusChange } from "./status-change.js";
import type { Transition } from "./transition.js";

/**
 * An issue archived until escalating whose events this hour passed today's forecast limit: the status
 * change to unresolved (escalating) a status-change message makes — inbox, history, priority raised
 * unless locked — with the forecast limit and the hour's count in its activity, as Sentry records them.
 */
export function planEscalation(
  issue: LockedIssueState,
  forecast: { limit: number; count: number },
  at: Date,
): Transition[] {
  const plan = planStatusChange(
    issue,
    { newStatus: GroupStatus.UNRESOLVED, newSubstatus: GroupSubStatus.ESCALATING },
    at,
  );
  for (const t of plan.transitions) {
    if (t.activity?.type === ActivityType.SET_ESCALATING)
      t.activity.data = { ...t.activity.data, forecast: forecast.limit, hour_count: forecast.count };
  }
  return plan.transitions;
}
