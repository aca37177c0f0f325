import type { IssueRecord, IssueStateUpdate, ResolutionInput, SnoozeInput } from "@sift/storage";

/** The issue a transition changes. */
export interface IssueRef {
  id: number;
  organizationId: number;
  projectId: number;
}

/** What the API verbs read of an issue (a locked `IssueRecord`). */
export type IssueSnapshot = Pick<
  IssueRecord,
  | "id"
  | "organizationId"
  | "projectId"
  | "status"
  | "substatus"
  | "priority"
  | "firstSeen"
  | "timesSeen"
  | "userCount"
  | "assigneeUserId"
  | "assigneeTeamId"
>;

/** The activity row a transition writes. */
export interface ActivityPlan {
  type: number;
  data: Record<string, unknown>;
  ident?: string | null;
  /** The person who made the change (null for a token or the system). */
  userId?: number | null;
}

/** A regression: the transition applies only if the compare-and-set of `date` wins. */
export interface RegressionGuard {
  date: Date;
  /** The regressing release's version; with one, the resolution is dropped and its activity back-filled. */
  version: string | null;
  followsSemver: boolean;
}

/**
 * One planned change of one issue. `apply` writes every part of it: the issue columns in `set`, the
 * inbox, snooze and resolution rows, a commit link, its history rows and its one activity row.
 */
export interface Transition {
  issue: IssueRef;
  /** Time of the activity, history and inbox rows. */
  at: Date;
  /** The change's one activity row; null when nothing the issue shows changes (a re-lock, the inbox flag). */
  activity: ActivityPlan | null;
  /** `issue_history` rows (GroupHistoryStatus) and the release they name. */
  history: readonly { status: number; releaseId: number | null }[];
  set?: Omit<IssueStateUpdate, "id">;
  inbox?: { add: number } | "remove";
  snooze?: Omit<SnoozeInput, "issueId"> | "delete";
  resolution?: Omit<ResolutionInput, "issueId"> | "delete";
  /** A commit that resolves the issue. */
  commitId?: number;
  regression?: RegressionGuard;
}

/** The smallest transition: an activity and nothing else yet. */
export function transition(
  issue: IssueRef,
  at: Date,
  activity: ActivityPlan | null,
  history: Transition["history"] = [],
): Transition {
  return {
    issue: { id: issue.id, organizationId: issue.organizationId, projectId: issue.projectId },
    at,
    activity,
    history,
  };
}
