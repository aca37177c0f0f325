import type { Knex } from "knex";
import { INVISIBLE_STATUSES, ISSUE_RECORD_COLUMNS, toIssueRecord } from "./issues.js";
import type { IssueRecord } from "./issues.js";

/**
 * Writes of the API's issue updates (reference-behaviour §14). Callers run them in one transaction
 * after `lockIssuesForUpdate`, because the ingest pipeline updates the same rows concurrently.
 */
type Conn = Knex | Knex.Transaction;

/**
 * Locks the organization's visible issues among `ids` (SELECT … FOR UPDATE, ascending id, the order
 * the ingest pipeline locks in, so the two never deadlock) and returns them as they are now.
 */
export async function lockIssuesForUpdate(
  trx: Knex.Transaction,
  organizationId: number,
  ids: readonly number[],
  options: { projectIds?: readonly number[] } = {},
): Promise<IssueRecord[]> {
  const wanted = [...new Set(ids.filter((id) => Number.isSafeInteger(id)))];
  if (wanted.length === 0) return [];
  const query = trx({ i: "issues" })
    .where("i.organization_id", organizationId)
    .whereIn("i.id", wanted)
    .whereNotIn("i.status", [...INVISIBLE_STATUSES]);
  if (options.projectIds) query.whereIn("i.project_id", [...options.projectIds]);
  const rows = await query
    .orderBy("i.id")
    .forUpdate()
    .select<Parameters<typeof toIssueRecord>[0][]>(ISSUE_RECORD_COLUMNS as string[]);
  return rows.map(toIssueRecord);
}

/** Sets status and substatus (and `resolved_at` when given) of issues. */
export async function setIssueStatus(
  trx: Conn,
  ids: readonly number[],
  values: { status: number; substatus: number | null; resolvedAt?: Date },
): Promise<void> {
  if (ids.length === 0) return;
  const update: Record<string, unknown> = { status: values.status, substatus: values.substatus };
  if (values.resolvedAt) update.resolved_at = values.resolvedAt;
  await trx("issues")
    .whereIn("id", [...ids])
    .update(update);
}

/** Sets priority and locks it: `priority_locked_at` is always written. */
export async function setIssuePriority(
  trx: Conn,
  ids: readonly number[],
  priority: number,
  lockedAt: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await trx("issues")
    .whereIn("id", [...ids])
    .update({ priority, priority_locked_at: lockedAt });
}

/** Assigns issues to a user or a team (both null unassigns). */
export async function setIssueAssignee(
  trx: Conn,
  ids: readonly number[],
  assignee: { userId: number | null; teamId: number | null },
): Promise<void> {
  if (ids.length === 0) return;
  await trx("issues")
    .whereIn("id", [...ids])
    .update({ assignee_user_id: assignee.userId, assignee_team_id: assignee.teamId });
}

export interface ResolutionInput {
  issueId: number;
  type: number | null;
  status: number;
  releaseId: number | null;
  currentReleaseVersion: string | null;
  actorId: number | null;
  datetime: Date;
}

/** Upserts resolutions (one per issue): an existing row is replaced and its datetime refreshed. */
export async function upsertResolutions(trx: Conn, rows: readonly ResolutionInput[]): Promise<void> {
  if (rows.length === 0) return;
  await trx("issue_resolutions")
    .insert(
      [...rows]
        .sort((a, b) => a.issueId - b.issueId)
        .map((r) => ({
          issue_id: r.issueId,
          type: r.type,
          status: r.status,
          release_id: r.releaseId,
          current_release_version: r.currentReleaseVersion,
          actor_id: r.actorId,
          datetime: r.datetime,
        })),
    )
    .onConflict("issue_id")
    .merge(["type", "status", "release_id", "current_release_version", "actor_id", "datetime"]);
}

export async function deleteResolutions(trx: Conn, issueIds: readonly number[]): Promise<number> {
  if (issueIds.length === 0) return 0;
  return trx("issue_resolutions")
    .whereIn("issue_id", [...issueIds])
    .delete();
}

export interface SnoozeInput {
  issueId: number;
  until: Date | null;
  count: number | null;
  window: number | null;
  userCount: number | null;
  userWindow: number | null;
  /** `{times_seen}` / `{users_seen}` snapshot the count conditions are relative to. */
  state: Record<string, unknown> | null;
  actorId: number | null;
  createdAt: Date;
}

export async function upsertSnoozes(trx: Conn, rows: readonly SnoozeInput[]): Promise<void> {
  if (rows.length === 0) return;
  await trx("snoozes")
    .insert(
      [...rows]
        .sort((a, b) => a.issueId - b.issueId)
        .map((r) => ({
          issue_id: r.issueId,
          until: r.until,
          count: r.count,
          window: r.window,
          user_count: r.userCount,
          user_window: r.userWindow,
          state: r.state === null ? null : JSON.stringify(r.state),
          actor_id: r.actorId,
          created_at: r.createdAt,
        })),
    )
    .onConflict("issue_id")
    .merge(["until", "count", "window", "user_count", "user_window", "state", "actor_id", "created_at"]);
}

/** Links issues to a commit that resolves them (relationship 1); an existing link is refreshed. */
export async function insertCommitLinks(
  trx: Conn,
  rows: readonly { issueId: number; commitId: number; datetime: Date }[],
): Promise<void> {
  if (rows.length === 0) return;
  await trx("issue_commit_links")
    .insert(
      [...rows]
        .sort((a, b) => a.issueId - b.issueId)
        .map((r) => ({ issue_id: r.issueId, commit_id: r.commitId, relationship: 1, datetime: r.datetime })),
    )
    .onConflict(["issue_id", "commit_id"])
    .merge(["relationship", "datetime"]);
}

/** Which of the issues are in the inbox. */
export async function inboxIssueIds(trx: Conn, issueIds: readonly number[]): Promise<Set<number>> {
  if (issueIds.length === 0) return new Set();
  const rows = await trx("issue_inbox")
    .whereIn("issue_id", [...issueIds])
    .select<{ issue_id: number | string }[]>("issue_id");
  return new Set(rows.map((r) => Number(r.issue_id)));
}

/**
 * Selects the ids of the issues a query builder over `issues i` matches (e.g. @sift/search's
 * filter query): at most `limit`, the most recently seen first (the list's default order).
 */
export async function selectIssueIds(query: Knex.QueryBuilder, limit: number): Promise<number[]> {
  const rows = await query
    .clone()
    .clearSelect()
    .clearOrder()
    .select<{ id: number | string }[]>("i.id")
    .orderBy([
      { column: "i.last_seen", order: "desc" },
      { column: "i.id", order: "desc" },
    ])
    .limit(limit);
  return rows.map((r) => Number(r.id));
}
