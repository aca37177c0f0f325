import { GroupStatus, GroupSubStatus } from "@sift/schemas";
import type { IngestIssue, NewIssueRow } from "@sift/storage";
import { planIssueCreated } from "@sift/lifecycle";
import type { Transition } from "@sift/lifecycle";
import type { Batch, NewIssue, Work } from "../batch.js";
import { key } from "../batch.js";
import { eventMetadata, fold } from "../fold.js";
import {
  culpritOf,
  eventSearchBase,
  levelValue,
  materialiseData,
  searchMessage,
  titleOf,
} from "../issue-fields.js";

export interface Assignee {
  userId: number | null;
  teamId: number | null;
}

export interface NewIssueInputs {
  /** Project → short ids, ascending (taken in the order of the new issues). */
  shortIds: ReadonlyMap<number, number[]>;
  /** By (organisation, identifier) as the occurrence names it. */
  assignees: ReadonlyMap<string, Assignee>;
  /** Issue → users new to it in this batch. */
  newUsers: ReadonlyMap<number, number>;
}

/**
 * The rows of the new issues (creator first, the rest folded in) and their creation as planned by
 * @sift/lifecycle (first_seen activity, inbox, assignment).
 */
export function newIssueRows(
  batch: Pick<Batch, "deps" | "counter" | "now">,
  newIssues: readonly NewIssue[],
  inputs: NewIssueInputs,
): { rows: NewIssueRow[]; created: Transition[] } {
  const rows: NewIssueRow[] = [];
  const created: Transition[] = [];
  for (const issue of newIssues) {
    const creator = issue.items[0]!;
    const organizationId = creator.ctx.project.organizationId;
    const identifier = creator.occ.assignee;
    const assignee = identifier ? inputs.assignees.get(key(organizationId, identifier)) : undefined;
    if (identifier && !assignee) {
      batch.deps.logger.warn(
        { assignee: identifier, project_id: issue.projectId },
        "assignee is not a member or team of the organization",
      );
    }
    const row = newIssueRow(issue, {
      shortId: inputs.shortIds.get(issue.projectId)!.shift()!,
      assignee,
      userCount: inputs.newUsers.get(issue.id) ?? 0,
    });
    rows.push(row);
    created.push(...planIssueCreated(row, batch.now, assignee ?? null));
    batch.counter.add("group.created", { platform: String(row.platform ?? ""), type: row.type });
  }
  return { rows, created };
}

/** A new issue's row: the creator's issue, with the batch's later occurrences folded in. */
export function newIssueRow(
  issue: NewIssue,
  extra: { shortId: number; assignee: Assignee | undefined; userCount: number },
): NewIssueRow {
  const creator = issue.items[0]!;
  const priority = creator.occ.priority ?? creator.type.defaultPriority;
  const base = creatorIssue(issue.id, creator, priority);
  const folded = fold(base, issue.items.slice(1));
  return {
    id: issue.id,
    organizationId: base.organizationId,
    projectId: base.projectId,
    shortId: extra.shortId,
    type: base.type,
    substatus: GroupSubStatus.NEW,
    priority,
    level: folded.level,
    message: folded.message,
    culprit: folded.culprit,
    platform: typeof creator.event?.platform === "string" ? creator.event.platform : null,
    title: folded.title,
    data: folded.data,
    timesSeen: issue.items.length,
    userCount: extra.userCount,
    firstSeen: folded.firstSeen,
    lastSeen: folded.lastSeen,
    firstReleaseId: creator.release?.id ?? null,
    assigneeUserId: extra.assignee?.userId ?? null,
    assigneeTeamId: extra.assignee?.teamId ?? null,
  };
}

/** The issue as its first occurrence makes it. */
function creatorIssue(id: number, creator: Work, priority: number): IngestIssue {
  const data = materialiseData(creator.occ, creator.eventType, eventMetadata(creator), priority);
  const sdk = creator.event?.sdk as Record<string, unknown> | undefined;
  if (sdk && typeof sdk.name === "string") data.metadata.sdk = { name: sdk.name, name_normalized: sdk.name };
  return {
    id,
    organizationId: creator.ctx.project.organizationId,
    projectId: creator.occ.projectId,
    type: creator.type.id,
    status: GroupStatus.UNRESOLVED,
    substatus: GroupSubStatus.NEW,
    priority,
    priorityLockedAt: null,
    level: levelValue(creator.occ.level),
    message: searchMessage(eventSearchBase(creator.event), creator.occ),
    culprit: culpritOf(creator.occ),
    title: titleOf(creator.occ),
    data,
    timesSeen: 1,
    userCount: 0,
    firstSeen: creator.eventTime,
    lastSeen: creator.eventTime,
    activeAt: creator.eventTime,
  };
}
