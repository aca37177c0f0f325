import { countSince, rowCount, rows, stripUuid } from "./sql.js";
import type { Conn, CountSince } from "./sql.js";

/**
 * `occurrences`: one row per (project, occurrence id), the exactly-once guard of the ingest pipeline,
 * with the issue it was grouped into (or the outcome that kept it out) and its payload.
 */

/** A message's key: its project and its 32-hex id. */
export interface ProjectKey {
  projectId: number;
  id: string;
}

/** An `occurrences` row. */
export interface OccurrenceRow {
  projectId: number;
  id: string;
  issueId: number | null;
  eventId: string;
  type: number;
  outcome: string;
  fingerprint: readonly string[];
  detectionTime: Date;
  eventTime: Date | null;
  payload: Record<string, unknown>;
  receivedAt: Date;
}

/** A grouped occurrence of an issue with its stored event (null when none was stored, e.g. spans). */
export interface IssueOccurrence extends Omit<OccurrenceRow, "issueId" | "fingerprint" | "outcome"> {
  issueId: number;
  fingerprint: string[];
  event: { timestamp: Date; receivedAt: Date; data: Record<string, unknown> } | null;
}

/** Which (project, id) pairs are already stored: the exactly-once guard. */
export async function findStoredOccurrenceIds(db: Conn, keys: readonly ProjectKey[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const found = await rows<{ project_id: number; id: string }>(
    db,
    `SELECT o.project_id, o.id::text AS id FROM occurrences o
       JOIN unnest(?::bigint[], ?::uuid[]) AS k(project_id, id) ON o.project_id = k.project_id AND o.id = k.id`,
    [keys.map((k) => k.projectId), keys.map((k) => k.id)],
  );
  return new Set(found.map((r) => `${r.project_id}:${stripUuid(r.id)}`));
}

/** Insert occurrences; returns how many were new (a concurrent duplicate makes it fewer). */
export async function insertOccurrences(db: Conn, occurrences: readonly OccurrenceRow[]): Promise<number> {
  if (occurrences.length === 0) return 0;
  // One JSON document for the whole batch: cheaper to build and to parse than per-column array literals.
  return rowCount(
    db,
    `INSERT INTO occurrences
       (project_id, id, issue_id, event_id, type, outcome, fingerprint, detection_time, event_time, payload, received_at)
       SELECT p, i, g, e, t, o, f::char(32)[], d, et, pl, r
       FROM json_to_recordset(?::json)
         AS u(p bigint, i uuid, g bigint, e uuid, t int, o text, f text[], d timestamptz, et timestamptz, pl json, r timestamptz)
     ON CONFLICT (project_id, id) DO NOTHING`,
    [
      JSON.stringify(
        occurrences.map((o) => ({
          p: o.projectId,
          i: o.id,
          g: o.issueId,
          e: o.eventId,
          t: o.type,
          o: o.outcome,
          f: o.fingerprint,
          d: o.detectionTime,
          et: o.eventTime,
          pl: o.payload,
          r: o.receivedAt,
        })),
      ),
    ],
  );
}

interface IssueOccurrenceDbRow {
  id: string;
  project_id: number | string;
  issue_id: number | string;
  event_id: string;
  type: number;
  fingerprint: string[] | string;
  detection_time: Date;
  event_time: Date | null;
  payload: Record<string, unknown>;
  received_at: Date;
  event_timestamp: Date | null;
  event_received_at: Date | null;
  event_data: Record<string, unknown> | null;
}

function parsePgArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value.map((v) => v.trim());
  return value
    .replace(/^\{|\}$/g, "")
    .split(",")
    .filter((v) => v !== "")
    .map((v) => v.trim());
}

function toIssueOccurrence(r: IssueOccurrenceDbRow): IssueOccurrence {
  return {
    id: stripUuid(r.id),
    projectId: Number(r.project_id),
    issueId: Number(r.issue_id),
    eventId: stripUuid(r.event_id),
    type: r.type,
    fingerprint: parsePgArray(r.fingerprint),
    detectionTime: r.detection_time,
    eventTime: r.event_time,
    payload: r.payload,
    receivedAt: r.received_at,
    event:
      r.event_data !== null && r.event_timestamp !== null
        ? {
            timestamp: r.event_timestamp,
            receivedAt: r.event_received_at ?? r.received_at,
            data: r.event_data,
          }
        : null,
  };
}

export interface ListOccurrencesOptions {
  limit: number;
  offset?: number;
  /** Only occurrences whose event has one of these environments. */
  environments?: readonly string[];
  /** Only occurrences received inside the window. */
  start?: Date;
  end?: Date;
  /** Only the occurrences of this event (32-hex id). */
  eventId?: string;
  /** Oldest first instead of newest first. */
  oldestFirst?: boolean;
  /** Only occurrences whose fingerprint has this hash. */
  hash?: string;
}

/** An issue's grouped occurrences with their events, newest first (received time, then id). */
export async function listIssueOccurrences(
  db: Conn,
  issueId: number,
  options: ListOccurrencesOptions,
): Promise<IssueOccurrence[]> {
  const query = db({ o: "occurrences" })
    .leftJoin({ e: "events" }, (join) => {
      join.on("e.project_id", "=", "o.project_id").andOn("e.event_id", "=", "o.event_id");
    })
    .where("o.issue_id", issueId)
    .where("o.outcome", "grouped");
  if (options.environments && options.environments.length > 0) {
    const names = [...options.environments];
    query.whereRaw(`coalesce(e.data->>'environment', '') IN (${names.map(() => "?").join(", ")})`, names);
  }
  if (options.start) query.where("o.received_at", ">=", options.start);
  if (options.end) query.where("o.received_at", "<=", options.end);
  if (options.eventId) query.where("o.event_id", options.eventId);
  if (options.hash !== undefined) query.whereRaw("?::char(32) = ANY(o.fingerprint)", [options.hash]);
  const order = options.oldestFirst ? "asc" : "desc";
  const found = await query
    .orderBy([
      { column: "o.received_at", order },
      { column: "o.id", order },
    ])
    .limit(options.limit)
    .offset(options.offset ?? 0)
    .select<IssueOccurrenceDbRow[]>(
      "o.id",
      "o.project_id",
      "o.issue_id",
      "o.event_id",
      "o.type",
      db.raw("o.fingerprint::text[] AS fingerprint"),
      "o.detection_time",
      "o.event_time",
      "o.payload",
      "o.received_at",
      "e.timestamp as event_timestamp",
      "e.received_at as event_received_at",
      "e.data as event_data",
    );
  return found.map(toIssueOccurrence);
}

/** Occurrences grouped into each issue since `since` (for snoozes with a window). */
export const countRecentOccurrences: CountSince = (db, entries) =>
  countSince(
    db,
    entries,
    `SELECT count(*) FROM occurrences o WHERE o.issue_id = k.issue_id AND o.outcome = 'grouped' AND o.received_at >= k.since`,
  );
