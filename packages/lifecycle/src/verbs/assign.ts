import { ActivityType, GroupHistoryStatus } from "@sift/schemas";
import type { ActorRef } from "@sift/storage";

import { transition } from "../transition.js";
import type { IssueSnapshot, Transition } from "../transition.js";

/** Assign every issue to `actor` (null unassigns); issues whose assignee changes get an activity. */
export function planAssign(issues: readonly IssueSnapshot[], actor: ActorRef | null, at: Date): Transition[] {
  const userId = actor?.type === "user" ? actor.user.id : null;
  const teamId = actor?.type === "team" ? actor.team.id : null;
  const data = !actor
    ? {}
    : actor.type === "user"
      ? { assignee: String(actor.user.id), assigneeEmail: actor.user.email, assigneeType: "user" }
      : { assignee: String(actor.team.id), assigneeEmail: null, assigneeType: "team" };
  return issues.map((i) => {
    const changed = i.assigneeUserId !== userId || i.assigneeTeamId !== teamId;
    const wasAssigned = i.assigneeUserId !== null || i.assigneeTeamId !== null;
    const recorded = changed && (actor !== null || wasAssigned);
    const t = transition(
      i,
      at,
      recorded ? { type: actor ? ActivityType.ASSIGNED : ActivityType.UNASSIGNED, data } : null,
      recorded
        ? [{ status: actor ? GroupHistoryStatus.ASSIGNED : GroupHistoryStatus.UNASSIGNED, releaseId: null }]
        : [],
    );
    t.set = { assigneeUserId: userId, assigneeTeamId: teamId };
    return t;
  });
}
