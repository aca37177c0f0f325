import { INVISIBLE_STATUSES } from "./issues.js";
import { rows } from "./sql.js";
import type { Conn } from "./sql.js";

// Plans (EXPLAIN ANALYZE on 1,000,000 issues over 100 projects, four counters each): the scope is an
// `Index Scan using issues_org_last_seen` (or `issues_project_last_seen` with projects) that stops
// after `issueLimit` rows, then per issue `Index Scan using issue_tag_values_pkey` on (issue_id) — or
// (issue_id, key) for values, the prefix a filter on that range. Rows read grow with `issueLimit`
// and the counters of those issues, never with the organization. With environments each issue walked
// is probed with `issue_environments_environment` (environment_id, issue_id); an environment that no
// recently seen issue has makes the walk longer (102,000 issues for a 10% environment absent from the
// last nine days), as it makes a page of the issue list with that environment. No index is added:
// one on `issue_tag_values (key, …)` would serve the keys, but it made the ingest upsert of those
// counters about 40% dearer (see their migration), and one on `issue_environments (environment_id,
// last_seen)` would make every last-seen update of that table a non-HOT one.

/**
 * Which issues an organization-level tag read covers: the organization's (or some of its projects'),
 * seen in the window, in one of the environments when some are named.
 */
export interface TagScope {
  organizationId: number;
  /** Only these projects; all of the organization's when absent. */
  projectIds?: readonly number[];
  /** Only issues seen in one of these environments (ids); any when absent or empty. */
  environmentIds?: readonly number[];
  start: Date;
  end: Date;
  /**
   * How many issues are read: the most recently seen ones in the scope. The counters are per issue,
   * so the read is bounded by this, whatever the organization's size.
   */
  issueLimit: number;
}

/** A tag key of the scope's issues and how many of their events carry it. */
export interface ScopeTagKey {
  key: string;
  totalValues: number;
}

/** A value of one tag key over the scope's issues. */
export interface ScopeTagValue {
  value: string;
  timesSeen: number;
  firstSeen: Date;
  lastSeen: Date;
}

/**
 * The scope's issues, most recently seen first (`issues_org_last_seen` / `issues_project_last_seen`),
 * as a CTE `scoped(id)`, and its bindings. An environment filter probes `issue_environments` for each
 * issue walked (an index range of (environment, issue)), judging its last seen there (the issue's when
 * unknown): as the issue list does, so a rare environment costs the walk a page of that list costs.
 * The ids come resolved: a subquery for them hides them from the planner, which then walks the issues
 * without its parallel plan.
 */
function scopedIssues(scope: TagScope): { sql: string; bindings: unknown[] } {
  const bindings: unknown[] = [scope.organizationId];
  let where = "i.organization_id = ?";
  if (scope.projectIds) {
    where += " AND i.project_id = ANY(?::bigint[])";
    bindings.push([...scope.projectIds]);
  }
  where += " AND i.last_seen >= ? AND i.first_seen <= ? AND i.status <> ALL(?::smallint[])";
  bindings.push(scope.start, scope.end, [...INVISIBLE_STATUSES]);
  if (scope.environmentIds && scope.environmentIds.length > 0) {
    where += ` AND EXISTS (
      SELECT 1 FROM issue_environments ie
       WHERE ie.issue_id = i.id AND ie.environment_id = ANY(?::bigint[])
         AND coalesce(ie.last_seen, i.last_seen) >= ?)`;
    bindings.push([...scope.environmentIds], scope.start);
  }
  bindings.push(scope.issueLimit);
  return {
    sql: `scoped AS MATERIALIZED (
      SELECT i.id FROM issues i WHERE ${where} ORDER BY i.last_seen DESC, i.id DESC LIMIT ?)`,
    bindings,
  };
}

/**
 * The tag keys of the scope's issues, most carried first, from their tag value counters
 * (`issue_tag_values`, a primary-key range per issue): never a scan of the events.
 */
export async function listScopeTagKeys(db: Conn, scope: TagScope): Promise<ScopeTagKey[]> {
  const issues = scopedIssues(scope);
  const found = await rows<{ key: string; total_values: string }>(
    db,
    `WITH ${issues.sql}
     SELECT t.key, sum(t.times_seen) AS total_values
       FROM scoped s JOIN issue_tag_values t ON t.issue_id = s.id
      GROUP BY t.key
      ORDER BY total_values DESC, t.key`,
    issues.bindings,
  );
  return found.map((r) => ({ key: r.key, totalValues: Number(r.total_values) }));
}

/** `%`, `_` and `\` stand for themselves in a LIKE prefix. */
const likePrefix = (text: string): string => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The most seen values of one tag key over the scope's issues (those starting with `prefix`, case
 * insensitively, when given), summed over the issues' counters: per issue a primary-key range of
 * (issue, key).
 */
export async function listScopeTagValues(
  db: Conn,
  scope: TagScope,
  key: string,
  options: { prefix?: string; limit: number },
): Promise<ScopeTagValue[]> {
  const issues = scopedIssues(scope);
  const prefix = options.prefix ? "AND t.value ILIKE ?" : "";
  const found = await rows<{ value: string; times_seen: string; first_seen: Date; last_seen: Date }>(
    db,
    `WITH ${issues.sql}
     SELECT t.value, sum(t.times_seen) AS times_seen, min(t.first_seen) AS first_seen,
            max(t.last_seen) AS last_seen
       FROM scoped s JOIN issue_tag_values t ON t.issue_id = s.id AND t.key = ? ${prefix}
      GROUP BY t.value
      ORDER BY times_seen DESC, t.value
      LIMIT ?`,
    [...issues.bindings, key, ...(options.prefix ? [likePrefix(options.prefix)] : []), options.limit],
  );
  return found.map((r) => ({
    value: r.value,
    timesSeen: Number(r.times_seen),
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
  }));
}
