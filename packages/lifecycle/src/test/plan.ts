import { GroupStatus, GroupSubStatus } from "@sift/schemas";

/** The moment the planner tests plan their transitions at. */
export const at = new Date("2026-11-27T12:00:00Z");

/** An issue of project 2 in organization 1, unresolved and ongoing. */
export const unresolvedIssue = (id: number) => ({
  id,
  organizationId: 1,
  projectId: 2,
  status: GroupStatus.UNRESOLVED,
  substatus: GroupSubStatus.ONGOING,
});
