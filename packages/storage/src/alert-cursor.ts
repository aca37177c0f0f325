import { rows } from "./sql.js";
import type { Conn } from "./sql.js";

/**
 * `alert_cursors`: how far the alert decider has read the activity log and the occurrences, in commit
 * order. Transaction ids (`xid8`) travel as decimal strings.
 */

export interface AlertCursor {
  name: string;
  activityXid: string;
  activityId: number;
  occurrenceXid: string;
}

/**
 * Locks the named cursor for the caller's transaction (creating it at the current horizon the first
 * time: history is never alerted on) and returns it with the horizon: the oldest transaction still
 * running, below which every row's transaction has ended.
 */
export async function lockAlertCursor(
  trx: Conn,
  name: string,
): Promise<{ cursor: AlertCursor; horizon: string }> {
  await trx.raw(
    `INSERT INTO alert_cursors (name, activity_xid, occurrence_xid)
       VALUES (?, pg_snapshot_xmin(pg_current_snapshot()), pg_snapshot_xmin(pg_current_snapshot()))
     ON CONFLICT (name) DO NOTHING`,
    [name],
  );
  const [row] = await rows<{
    activity_xid: string;
    activity_id: number | string;
    occurrence_xid: string;
    horizon: string;
  }>(
    trx,
    `SELECT activity_xid::text, activity_id, occurrence_xid::text,
            pg_snapshot_xmin(pg_current_snapshot())::text AS horizon
       FROM alert_cursors WHERE name = ? FOR UPDATE`,
    [name],
  );
  return {
    cursor: {
      name,
      activityXid: row!.activity_xid,
      activityId: Number(row!.activity_id),
      occurrenceXid: row!.occurrence_xid,
    },
    horizon: row!.horizon,
  };
}

export async function advanceAlertCursor(trx: Conn, cursor: AlertCursor, at: Date): Promise<void> {
  await trx.raw(
    `UPDATE alert_cursors SET activity_xid = ?::xid8, activity_id = ?, occurrence_xid = ?::xid8, updated_at = ?
      WHERE name = ?`,
    [cursor.activityXid, cursor.activityId, cursor.occurrenceXid, at.toISOString(), cursor.name],
  );
}

export interface LoggedActivity {
  id: number;
  xid: string;
  projectId: number;
  issueId: number;
  type: number;
  userId: number | null;
  data: Record<string, unknown>;
  /** The type of the issue's status activity before this one (for "reappeared"), or null. */
  previousStatusType: number | null;
}

/**
 * Activities of the given projects after the cursor and below the horizon, in commit order, at most
 * `limit`; each with the type of its issue's previous activity among `statusTypes`.
 */
export async function readActivitiesAfter(
  db: Conn,
  after: { xid: string; id: number },
  horizon: string,
  limit: number,
  statusTypes: readonly number[],
  projectIds: readonly number[],
): Promise<LoggedActivity[]> {
  if (projectIds.length === 0) return [];
  const found = await rows<{
    id: number | string;
    xid: string;
    project_id: number | string;
    issue_id: number | string;
    type: number;
    user_id: number | string | null;
    data: Record<string, unknown>;
    previous_type: number | null;
  }>(
    db,
    `SELECT a.id, a.xid::text AS xid, a.project_id, a.issue_id, a.type, a.user_id, a.data,
            (SELECT p.type FROM activities p
              WHERE p.issue_id = a.issue_id AND p.id < a.id AND p.type = ANY(?::smallint[])
              ORDER BY p.id DESC LIMIT 1) AS previous_type
       FROM activities a
      WHERE a.xid IS NOT NULL AND a.xid >= ?::xid8 AND a.xid < ?::xid8 AND (a.xid, a.id) > (?::xid8, ?::bigint)
        AND a.project_id = ANY(?::bigint[])
      ORDER BY a.xid, a.id
      LIMIT ?`,
    [[...statusTypes], after.xid, horizon, after.xid, after.id, [...projectIds], limit],
  );
  return found.map((r) => ({
    id: Number(r.id),
    xid: r.xid,
    projectId: Number(r.project_id),
    issueId: Number(r.issue_id),
    type: r.type,
    userId: r.user_id === null ? null : Number(r.user_id),
    data: r.data,
    previousStatusType: r.previous_type,
  }));
}

export interface IssueWithNewEvents {
  issueId: number;
  projectId: number;
  /** The newest grouped occurrence's event. */
  eventId: string;
}

/**
 * Issues of the given projects that got grouped occurrences from transactions in [from, horizon), with
 * their latest event. Reads the occurrences along `occurrences_xid`.
 */
export async function readIssuesWithEventsBetween(
  db: Conn,
  from: string,
  horizon: string,
  projectIds: readonly number[],
): Promise<IssueWithNewEvents[]> {
  if (projectIds.length === 0) return [];
  const found = await rows<{ issue_id: number | string; project_id: number | string; event_id: string }>(
    db,
    `SELECT DISTINCT ON (o.issue_id) o.issue_id, o.project_id, replace(o.event_id::text, '-', '') AS event_id
       FROM occurrences o
      WHERE o.xid IS NOT NULL AND o.xid >= ?::xid8 AND o.xid < ?::xid8
        AND o.issue_id IS NOT NULL AND o.outcome = 'grouped' AND o.project_id = ANY(?::bigint[])
      ORDER BY o.issue_id, o.received_at DESC, o.detection_time DESC`,
    [from, horizon, [...projectIds]],
  );
  return found.map((r) => ({
    issueId: Number(r.issue_id),
    projectId: Number(r.project_id),
    eventId: r.event_id,
  }));
}

/** The newest grouped occurrence's event id of each issue (for alerts on issues without new events). */
export async function latestEventIds(db: Conn, issueIds: readonly number[]): Promise<Map<number, string>> {
  const result = new Map<number, string>();
  if (issueIds.length === 0) return result;
  const found = await rows<{ issue_id: number | string; event_id: string }>(
    db,
    `SELECT k.issue_id, (SELECT replace(o.event_id::text, '-', '') FROM occurrences o
                          WHERE o.issue_id = k.issue_id AND o.outcome = 'grouped'
                          ORDER BY o.received_at DESC LIMIT 1) AS event_id
       FROM unnest(?::bigint[]) AS k(issue_id)`,
    [[...new Set(issueIds)]],
  );
  for (const r of found) if (r.event_id) result.set(Number(r.issue_id), r.event_id);
  return result;
}

const USER_ID = `coalesce(e.data->'user'->>'id', e.data->'user'->>'email',
                          e.data->'user'->>'username', e.data->'user'->>'ip_address')`;

/** Counted rows of one window: at most `k.lim` of them (LIMIT NULL counts all). */
const WINDOW_COUNTS = {
  events: `SELECT count(*) FROM (SELECT 1 FROM occurrences o
                                  WHERE o.issue_id = k.issue_id AND o.outcome = 'grouped'
                                    AND o.received_at >= k.since AND (k.until IS NULL OR o.received_at < k.until)
                                  LIMIT k.lim) c`,
  users: `SELECT count(*) FROM (SELECT DISTINCT ${USER_ID}
                                 FROM occurrences o JOIN events e ON e.project_id = o.project_id AND e.event_id = o.event_id
                                WHERE o.issue_id = k.issue_id AND o.outcome = 'grouped' AND ${USER_ID} IS NOT NULL
                                  AND o.received_at >= k.since AND (k.until IS NULL OR o.received_at < k.until)
                                LIMIT k.lim) c`,
} as const;

interface IssueWindow {
  issueId: number;
  from: Date;
  /** Null: no end. */
  to: Date | null;
  /** Stop counting here (the caller only compares with a value below it); null counts everything. */
  limit: number | null;
}

/**
 * Per window, in order: the issue's grouped occurrences (`events`) or the distinct users of their
 * events (`users`) received in [from, to), at most `limit`. One statement for all the windows.
 */
export async function countIssueWindows(
  db: Conn,
  kind: "events" | "users",
  windows: readonly IssueWindow[],
): Promise<number[]> {
  if (windows.length === 0) return [];
  const found = await rows<{ ord: number | string; n: number | string }>(
    db,
    `SELECT k.ord, (${WINDOW_COUNTS[kind]}) AS n
       FROM unnest(?::bigint[], ?::timestamptz[], ?::timestamptz[], ?::bigint[])
            WITH ORDINALITY AS k(issue_id, since, until, lim, ord)
      ORDER BY k.ord`,
    [
      windows.map((w) => w.issueId),
      windows.map((w) => w.from.toISOString()),
      windows.map((w) => w.to?.toISOString() ?? null),
      windows.map((w) => w.limit),
    ],
  );
  return found.map((r) => Number(r.n));
}

/** A transaction id above every transaction that has started so far (`pg_snapshot_xmax`). */
export async function currentXidMark(db: Conn): Promise<string> {
  const [row] = await rows<{ mark: string }>(
    db,
    `SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS mark`,
    [],
  );
  return row!.mark;
}
