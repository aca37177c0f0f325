import { GroupStatus } from "@sift/schemas";
import {
  allocateShortIds,
  insertIssueUsers,
  insertIssues,
  lookupAssignees,
  updateIssueAggregates,
} from "@sift/storage";
import type { IssueAggregateUpdate } from "@sift/storage";
import { applyTransitions } from "@sift/lifecycle";
import type { Transition } from "@sift/lifecycle";
import type { Batch, ExistingIssue, Grouped, NewIssue, Work } from "../batch.js";
import { key } from "../batch.js";
import { fold } from "../fold.js";
import { userKey, sameJson } from "../issue-fields.js";
import { planEscalations } from "../escalation.js";
import { evaluateSnoozes } from "../snooze.js";
import { newIssueRows } from "./new-issues.js";
import type { Assignee } from "./new-issues.js";

/**
 * Distinct users, then the issue rows: new ones inserted, existing ones updated once each, and ignored
 * issues whose snooze this batch meets, or that escalate past their forecast, unarchived. Returns the new issues' creation transitions.
 */
export async function writeIssueRows(
  batch: Batch,
  active: readonly Work[],
  newIssues: readonly NewIssue[],
  existing: ReadonlyMap<number, ExistingIssue>,
): Promise<Transition[]> {
  const { trx, now } = batch;
  const newUsers = await insertIssueUsers(trx, userEntries(active));
  const ignored = [...existing.values()].filter((e) => e.issue.status === GroupStatus.IGNORED);
  const archiveEnds = [
    ...(await evaluateSnoozes(trx, {
      issues: ignored.map(({ issue, items }) => ({
        issue,
        newOccurrences: items.length,
        newUsers: newUsers.get(issue.id) ?? 0,
      })),
      now,
    })),
    ...(await planEscalations(
      trx,
      ignored.map(({ issue, items }) => ({ issue, eventTimes: items.map((w) => w.eventTime) })),
      now,
    )),
  ];
  const shortIds = await allocateShortIds(trx, shortIdCounts(newIssues));
  const assignees = await resolveAssignees(batch, newIssues);
  const { rows, created } = newIssueRows(batch, newIssues, { shortIds, assignees, newUsers });
  await insertIssues(trx, rows);
  await updateIssueAggregates(
    trx,
    [...existing.values()].map((e) => aggregateUpdate(e, newUsers.get(e.issue.id) ?? 0)),
  );
  await applyTransitions(trx, archiveEnds);
  return created;
}

/** The (issue, user) pairs of the grouped occurrences whose event names a user. */
export function userEntries(
  active: readonly Pick<Grouped, "outcome" | "event" | "issueId" | "eventTime">[],
): { issueId: number; userKey: string; firstSeen: Date }[] {
  return active.flatMap((w) => {
    const user = w.outcome === "grouped" ? userKey(w.event) : null;
    return user ? [{ issueId: w.issueId!, userKey: user, firstSeen: w.eventTime }] : [];
  });
}

export function shortIdCounts(newIssues: readonly NewIssue[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const issue of newIssues) counts.set(issue.projectId, (counts.get(issue.projectId) ?? 0) + 1);
  return counts;
}

/** The assignees the creators of new issues name, by (organisation, identifier); one lookup per organisation. */
async function resolveAssignees(
  batch: Batch,
  newIssues: readonly NewIssue[],
): Promise<Map<string, Assignee>> {
  const byOrg = new Map<number, string[]>();
  for (const issue of newIssues) {
    const creator = issue.items[0]!;
    if (!creator.occ.assignee) continue;
    const list = byOrg.get(creator.ctx.project.organizationId) ?? [];
    list.push(creator.occ.assignee);
    byOrg.set(creator.ctx.project.organizationId, list);
  }
  const result = new Map<string, Assignee>();
  for (const [orgId, identifiers] of byOrg) {
    for (const [ident, found] of await lookupAssignees(batch.trx, orgId, identifiers))
      result.set(key(orgId, ident), found);
  }
  return result;
}

/** One update of an existing issue: its new counts and times, and only the fields that changed. */
export function aggregateUpdate({ issue, items }: ExistingIssue, newUsers: number): IssueAggregateUpdate {
  const folded = fold(issue, items);
  return {
    id: issue.id,
    timesSeen: items.length,
    newUsers,
    firstSeen: folded.firstSeen,
    lastSeen: folded.lastSeen,
    message: folded.message !== issue.message ? folded.message : null,
    level: folded.level !== issue.level ? folded.level : null,
    culprit: folded.culprit !== issue.culprit ? folded.culprit : null,
    title: folded.title !== issue.title ? folded.title : null,
    data: sameJson(folded.data, issue.data) ? null : folded.data,
  };
}
