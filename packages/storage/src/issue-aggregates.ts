import { raw, rows } from "./sql.js";
import type { Conn } from "./sql.js";
import type { IssueRecord } from "./issues.js";

/**
 * The issue rows the ingest pipeline creates and folds occurrences into: ids and short ids from their
 * sequences, the insert of new issues and one aggregate update for every touched issue.
 */

export async function allocateIssueIds(db: Conn, count: number): Promise<number[]> {
  if (count === 0) return [];
  const found = await rows<{ id: number }>(
    db,
    `SELECT nextval('issues_id_seq') AS id FROM generate_series(1, ?)`,
    [count],
  );
  return found.map((r) => Number(r.id));
}

/**
 * Take `count` short ids per project from the project's sequence (lock-free; a rolled-back batch leaves
 * a gap, as in Sentry). Returns project → its ids in ascending order.
 */
export async function allocateShortIds(
  db: Conn,
  counts: ReadonlyMap<number, number>,
): Promise<Map<number, number[]>> {
  const result = new Map<number, number[]>();
  if (counts.size === 0) return result;
  const projects: number[] = [];
  for (const [projectId, n] of [...counts].sort((a, b) => a[0] - b[0])) {
    for (let i = 0; i < n; i++) projects.push(projectId);
  }
  const found = await rows<{ project_id: number; short_id: number }>(
    db,
    `SELECT p AS project_id, nextval(format('project_short_id_%s', p)::regclass) AS short_id
       FROM unnest(?::bigint[]) WITH ORDINALITY AS u(p, n) ORDER BY n`,
    [projects],
  );
  for (const r of found) {
    const list = result.get(r.project_id) ?? [];
    list.push(Number(r.short_id));
    result.set(r.project_id, list);
  }
  for (const list of result.values()) list.sort((a, b) => a - b);
  return result;
}

/** A new issue as the ingest pipeline inserts it (status unresolved, `active_at` = `first_seen`). */
export type NewIssueRow = Omit<
  IssueRecord,
  "status" | "priorityLockedAt" | "score" | "activeAt" | "resolvedAt"
>;

/** The list's default sort value: log-weighted count plus recency (Sentry's score). */
function issueScore(timesSeen: number, lastSeen: Date): number {
  return Math.log(Math.max(timesSeen, 1)) * 600 + lastSeen.getTime() / 1000;
}

export async function insertIssues(db: Conn, issues: readonly NewIssueRow[]): Promise<void> {
  if (issues.length === 0) return;
  await raw(
    db,
    `INSERT INTO issues (id, organization_id, project_id, short_id, type, status, substatus, priority, level, message,
                         culprit, platform, title, data, times_seen, user_count, score, first_seen, last_seen,
                         active_at, first_release_id, assignee_user_id, assignee_team_id)
       SELECT id, org, project, short_id, type, 0, substatus, priority, level, message, culprit, platform, title, data,
              times_seen, user_count, score, first_seen, last_seen, first_seen, first_release, assignee_user, assignee_team
       FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::int[], ?::smallint[], ?::smallint[],
                   ?::smallint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::jsonb[], ?::bigint[], ?::bigint[],
                   ?::float8[], ?::timestamptz[], ?::timestamptz[], ?::bigint[], ?::bigint[], ?::bigint[])
         AS u(id, org, project, short_id, type, substatus, priority, level, message, culprit, platform, title, data,
              times_seen, user_count, score, first_seen, last_seen, first_release, assignee_user, assignee_team)`,
    [
      issues.map((i) => i.id),
      issues.map((i) => i.organizationId),
      issues.map((i) => i.projectId),
      issues.map((i) => i.shortId),
      issues.map((i) => i.type),
      issues.map((i) => i.substatus),
      issues.map((i) => i.priority),
      issues.map((i) => i.level),
      issues.map((i) => i.message),
      issues.map((i) => i.culprit),
      issues.map((i) => i.platform),
      issues.map((i) => i.title),
      issues.map((i) => JSON.stringify(i.data)),
      issues.map((i) => i.timesSeen),
      issues.map((i) => i.userCount),
      issues.map((i) => issueScore(i.timesSeen, i.lastSeen)),
      issues.map((i) => i.firstSeen.toISOString()),
      issues.map((i) => i.lastSeen.toISOString()),
      issues.map((i) => i.firstReleaseId),
      issues.map((i) => i.assigneeUserId),
      issues.map((i) => i.assigneeTeamId),
    ],
  );
}

export interface IssueAggregateUpdate {
  id: number;
  timesSeen: number;
  newUsers: number;
  firstSeen: Date;
  lastSeen: Date;
  /** Last-write-wins fields (null = leave unchanged). */
  message: string | null;
  level: number | null;
  culprit: string | null;
  title: string | null;
  data: Record<string, unknown> | null;
}

/** One UPDATE for every touched issue: counters relative, times by greatest/least, the rest last-write-wins. */
export async function updateIssueAggregates(
  db: Conn,
  updates: readonly IssueAggregateUpdate[],
): Promise<void> {
  if (updates.length === 0) return;
  const sorted = [...updates].sort((a, b) => a.id - b.id);
  await raw(
    db,
    `UPDATE issues i SET
        times_seen = i.times_seen + u.n,
        user_count = i.user_count + u.users,
        first_seen = least(i.first_seen, u.first_seen),
        last_seen = greatest(i.last_seen, u.last_seen),
        score = ln(greatest(i.times_seen + u.n, 1)) * 600 + extract(epoch FROM greatest(i.last_seen, u.last_seen)),
        message = coalesce(u.message, i.message),
        level = coalesce(u.level, i.level),
        culprit = coalesce(u.culprit, i.culprit),
        title = coalesce(u.title, i.title),
        data = coalesce(u.data, i.data)
       FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::timestamptz[], ?::timestamptz[], ?::text[],
                   ?::smallint[], ?::text[], ?::text[], ?::jsonb[])
         AS u(id, n, users, first_seen, last_seen, message, level, culprit, title, data)
      WHERE i.id = u.id`,
    [
      sorted.map((u) => u.id),
      sorted.map((u) => u.timesSeen),
      sorted.map((u) => u.newUsers),
      sorted.map((u) => u.firstSeen.toISOString()),
      sorted.map((u) => u.lastSeen.toISOString()),
      sorted.map((u) => u.message),
      sorted.map((u) => u.level),
      sorted.map((u) => u.culprit),
      sorted.map((u) => u.title),
      sorted.map((u) => (u.data === null ? null : JSON.stringify(u.data))),
    ],
  );
}
