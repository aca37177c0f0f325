import type { Knex } from "knex";
import { raw, rows } from "./sql.js";
import type { Conn } from "./sql.js";
import { GroupStatus, GroupSubStatus } from "@sift/schemas";
import { INVISIBLE_STATUSES, ISSUE_RECORD_COLUMNS, toIssueRecord } from "./issues.js";
import type { IssueRecord } from "./issues.js";
import { inIssueOrder } from "./issue-order.js";

/**
 * Locks and writes of an issue's state (status, substatus, priority, assignee): the statements
 * `@sift/lifecycle` applies its transitions with. Callers lock first (`lockIssuesForUpdate`,
 * `lockIssueStates`), because the ingest pipeline and the API update the same rows concurrently.
 */

/** Issues being deleted: no status change reaches them. */
const DELETION_STATUSES = [GroupStatus.PENDING_DELETION, GroupStatus.DELETION_IN_PROGRESS];

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

/**
 * Locks the issues among `ids` that are not being deleted (ascending id, the order every writer
 * locks in) and returns the state a status change decides on.
 */
export async function lockIssueStates(
  trx: Knex.Transaction,
  ids: readonly number[],
): Promise<Map<number, LockedIssueState>> {
  const result = new Map<number, LockedIssueState>();
  if (ids.length === 0) return result;
  const rows = await trx("issues")
    .whereIn(
      "id",
      [...ids].sort((a, b) => a - b),
    )
    .whereNotIn("status", [...DELETION_STATUSES])
    .orderBy("id")
    .forUpdate()
    .select<LockedIssueRow[]>(
      "id",
      "organization_id",
      "project_id",
      "status",
      "substatus",
      "priority",
      "priority_locked_at",
      "data",
    );
  for (const r of rows) {
    result.set(r.id, {
      id: r.id,
      organizationId: r.organization_id,
      projectId: r.project_id,
      status: r.status,
      substatus: r.substatus,
      priority: r.priority,
      priorityLockedAt: r.priority_locked_at,
      data: r.data,
    });
  }
  return result;
}

/** What of an issue's state a status change reads. */
export interface LockedIssueState {
  id: number;
  organizationId: number;
  projectId: number;
  status: number;
  substatus: number | null;
  priority: number | null;
  priorityLockedAt: Date | null;
  data: Record<string, unknown>;
}

interface LockedIssueRow {
  id: number;
  organization_id: number;
  project_id: number;
  status: number;
  substatus: number | null;
  priority: number | null;
  priority_locked_at: Date | null;
  data: Record<string, unknown>;
}

/** Columns of an issue's state to set; an absent field is left as it is. */
export interface IssueStateUpdate {
  id: number;
  status?: number;
  substatus?: number | null;
  resolvedAt?: Date;
  priority?: number;
  priorityLockedAt?: Date;
  assigneeUserId?: number | null;
  assigneeTeamId?: number | null;
}

const has = (u: IssueStateUpdate, key: keyof IssueStateUpdate): boolean => u[key] !== undefined;

/**
 * One statement for any number of issues, each setting its own columns (status, substatus,
 * resolved_at, priority and its lock, assignee); rows are updated in id order.
 */
export async function updateIssueStates(trx: Conn, updates: readonly IssueStateUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  const list = [...updates].sort((a, b) => a.id - b.id);
  const column = (key: keyof IssueStateUpdate) => list.map((u) => has(u, key));
  await raw(
    trx,
    `UPDATE issues i
        SET status = CASE WHEN u.set_status THEN u.status ELSE i.status END,
            substatus = CASE WHEN u.set_status THEN u.substatus ELSE i.substatus END,
            resolved_at = CASE WHEN u.set_resolved_at THEN u.resolved_at ELSE i.resolved_at END,
            priority = CASE WHEN u.set_priority THEN u.priority ELSE i.priority END,
            priority_locked_at = CASE WHEN u.set_lock THEN u.locked_at ELSE i.priority_locked_at END,
            assignee_user_id = CASE WHEN u.set_assignee THEN u.user_id ELSE i.assignee_user_id END,
            assignee_team_id = CASE WHEN u.set_assignee THEN u.team_id ELSE i.assignee_team_id END
       FROM unnest(?::bigint[], ?::boolean[], ?::smallint[], ?::smallint[], ?::boolean[], ?::timestamptz[],
                   ?::boolean[], ?::smallint[], ?::boolean[], ?::timestamptz[], ?::boolean[], ?::bigint[], ?::bigint[])
         AS u(id, set_status, status, substatus, set_resolved_at, resolved_at, set_priority, priority,
              set_lock, locked_at, set_assignee, user_id, team_id)
      WHERE i.id = u.id`,
    [
      list.map((u) => u.id),
      column("status"),
      list.map((u) => u.status ?? null),
      list.map((u) => u.substatus ?? null),
      column("resolvedAt"),
      list.map((u) => u.resolvedAt?.toISOString() ?? null),
      column("priority"),
      list.map((u) => u.priority ?? null),
      column("priorityLockedAt"),
      list.map((u) => u.priorityLockedAt?.toISOString() ?? null),
      list.map((u) => has(u, "assigneeUserId") || has(u, "assigneeTeamId")),
      list.map((u) => u.assigneeUserId ?? null),
      list.map((u) => u.assigneeTeamId ?? null),
    ] as unknown as Knex.RawBinding[],
  );
}

/**
 * The regression compare-and-set for many issues in one statement: set
 * UNRESOLVED/REGRESSED, active_at = last_seen = date, only where the status is RESOLVED or UNRESOLVED
 * and the issue was not active within `guardSeconds` before `date`. The rows are locked in id order
 * first so that two batches never deadlock. Returns the ids that were updated (= regressed).
 */
export async function markRegressed(
  trx: Conn,
  updates: readonly { issueId: number; date: Date }[],
  guardSeconds: number,
): Promise<Set<number>> {
  if (updates.length === 0) return new Set();
  const sorted = inIssueOrder(updates);
  const values = sorted.map(() => "(?::bigint, ?::timestamptz)").join(", ");
  const found = await rows<{ id: number | string }>(
    trx,
    `WITH locked AS MATERIALIZED (
       SELECT id FROM issues WHERE id = ANY(?::bigint[]) ORDER BY id FOR UPDATE
     )
     UPDATE issues AS i
        SET status = ?, substatus = ?, active_at = v.date, last_seen = v.date
       FROM (VALUES ${values}) AS v(id, date), locked
      WHERE i.id = v.id
        AND locked.id = i.id
        AND i.status IN (?, ?)
        AND NOT (i.active_at >= v.date - make_interval(secs => ?))
     RETURNING i.id`,
    [
      sorted.map((u) => u.issueId),
      GroupStatus.UNRESOLVED,
      GroupSubStatus.REGRESSED,
      ...sorted.flatMap((u) => [u.issueId, u.date]),
      GroupStatus.RESOLVED,
      GroupStatus.UNRESOLVED,
      guardSeconds,
    ],
  );
  return new Set(found.map((r) => Number(r.id)));
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
