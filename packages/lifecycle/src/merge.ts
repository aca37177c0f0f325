import type { Knex } from "knex";
import { ActivityType } from "@sift/schemas";
import { mergeIssueRows, moveIssueHashes } from "@sift/storage";
import { applyTransitions } from "./apply.js";
import { InvalidTransitionError } from "./errors.js";
import { transition } from "./transition.js";
import type { IssueSnapshot, Transition } from "./transition.js";

export interface MergePlan {
  parent: IssueSnapshot;
  children: IssueSnapshot[];
  /** The parent's `merge` activity naming the children. */
  transition: Transition;
}

/**
 * Sentry's merge rule: the issue with the most events (the higher id on a tie) is the parent, the
 * others its children. Two or more issues of one project; throws InvalidTransitionError otherwise.
 */
export function planMerge(
  issues: readonly IssueSnapshot[],
  at: Date,
  userId: number | null = null,
): MergePlan {
  if (issues.length < 2) throw new InvalidTransitionError("Merging needs two or more issues.");
  if (new Set(issues.map((i) => i.projectId)).size > 1)
    throw new InvalidTransitionError("Merging across multiple projects is not supported");
  const sorted = [...issues].sort((a, b) => b.timesSeen - a.timesSeen || b.id - a.id);
  const [parent, ...children] = sorted as [IssueSnapshot, ...IssueSnapshot[]];
  return {
    parent,
    children,
    transition: transition(parent, at, {
      type: ActivityType.MERGE,
      data: { issues: children.map((c) => ({ id: c.id })) },
      userId,
    }),
  };
}

/**
 * Applies a merge in the caller's transaction, which holds the hashes' locks (`lockIssueHashes`, taken
 * before the issues', as ingest takes them) and the issues': the children's hashes and every row they
 * counted move to the parent, the children are deleted, and the parent gets its `merge` activity.
 */
export async function applyMerge(trx: Knex.Transaction, plan: MergePlan): Promise<void> {
  const childIds = plan.children.map((c) => c.id);
  await moveIssueHashes(trx, childIds, plan.parent.id);
  await mergeIssueRows(trx, plan.parent.id, childIds);
  await applyTransitions(trx, [plan.transition]);
}
