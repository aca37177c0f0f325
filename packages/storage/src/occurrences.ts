import { countSince, rowCount, rows, stripUuid } from "./sql.js";
import type { Knex } from "knex";
import type { Conn, CountSince } from "./sql.js";

/**
 * `occurrences`: one row per (project, occurrence id), the exactly-once guard of the ingest pipeline,
 * with the issue it was grouped into (or the outcome that kept it out) and its payload.
 */

/** A message's key: its project and its 32-hex id. */
interface ProjectKey {
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
  // One JSON document for the whole batch: cheaper to build and to parse than per-column array literals;
  // times as epoch milliseconds (a Date in JSON.stringify is an ISO string formatted per row).
  return rowCount(
    db,
    `INSERT INTO occurrences
       (project_id, id, issue_id, event_id, type, outcome, fingerprint, detection_time, event_time, payload, received_at)
       SELECT p, i, g, e, t, o, f::char(32)[], to_timestamp(d / 1000), to_timestamp(et / 1000), pl, to_timestamp(r / 1000)
       FROM json_to_recordset(?::json)
         AS u(p bigint, i uuid, g bigint, e uuid, t int, o text, f text[], d float8, et float8, pl json, r float8)
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
          d: o.detectionTime.getTime(),
          et: o.eventTime?.getTime() ?? null,
          pl: o.payload,
          r: o.receivedAt.getTime(),
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

/**
 * An occurrence's time on the issue's timeline: its event's own timestamp (the occurrence's detection
 * time when it carries no event). Events are listed, windowed and paged by it, then by event id and
 * occurrence id, so that two events with one timestamp (received in one request) keep one order.
 */
export const OCCURRENCE_TIME_SQL = "coalesce(o.event_time, o.detection_time)";
const TIMELINE = `${OCCURRENCE_TIME_SQL}, o.event_id, o.id`;

/** A predicate on `o` (occurrences) and `ev` (their events), as @sift/search compiles it. */
export interface OccurrenceFilter {
  sql: string;
  bindings: readonly Knex.Value[];
}

export interface ListOccurrencesOptions {
  limit: number;
  offset?: number;
  /** Only occurrences whose event has one of these environments. */
  environments?: readonly string[];
  /** Only the occurrences of this event (32-hex id). */
  eventId?: string;
  /** Oldest first instead of newest first. */
  oldestFirst?: boolean;
  /** Only occurrences whose fingerprint has this hash. */
  hash?: string;
  /** Only the occurrences this predicate holds for. */
  filter?: OccurrenceFilter;
}

function issueOccurrences(db: Conn, issueId: number): Knex.QueryBuilder {
  return db({ o: "occurrences" })
    .leftJoin({ ev: "events" }, (join) => {
      join.on("ev.project_id", "=", "o.project_id").andOn("ev.event_id", "=", "o.event_id");
    })
    .where("o.issue_id", issueId)
    .where("o.outcome", "grouped");
}

const OCCURRENCE_COLUMNS = [
  "o.id",
  "o.project_id",
  "o.issue_id",
  "o.event_id",
  "o.type",
  "o.detection_time",
  "o.event_time",
  "o.payload",
  "o.received_at",
  "ev.timestamp as event_timestamp",
  "ev.received_at as event_received_at",
  "ev.data as event_data",
];

/** An issue's grouped occurrences with their events, newest first by the event's own timestamp. */
export async function listIssueOccurrences(
  db: Conn,
  issueId: number,
  options: ListOccurrencesOptions,
): Promise<IssueOccurrence[]> {
  const query = issueOccurrences(db, issueId);
  if (options.environments && options.environments.length > 0) {
    const names = [...options.environments];
    query.whereRaw(`coalesce(ev.data->>'environment', '') IN (${names.map(() => "?").join(", ")})`, names);
  }
  if (options.eventId) query.where("o.event_id", options.eventId);
  if (options.hash !== undefined) query.whereRaw("?::char(32) = ANY(o.fingerprint)", [options.hash]);
  if (options.filter) query.whereRaw(`(${options.filter.sql})`, [...options.filter.bindings]);
  const order = options.oldestFirst ? "ASC" : "DESC";
  const found = await query
    .orderByRaw(`${OCCURRENCE_TIME_SQL} ${order}, o.event_id ${order}, o.id ${order}`)
    .limit(options.limit)
    .offset(options.offset ?? 0)
    .select<IssueOccurrenceDbRow[]>([...OCCURRENCE_COLUMNS, db.raw("o.fingerprint::text[] AS fingerprint")]);
  return found.map(toIssueOccurrence);
}

/** The events just before and after an occurrence on its issue's timeline (under `filter`). */
export interface AdjacentEvents {
  previousEventId: string | null;
  nextEventId: string | null;
}

/** The event ids before (older) and after (newer) one occurrence, among those `filter` selects. */
export async function findAdjacentEvents(
  db: Conn,
  occurrence: { issueId: number; projectId: number; id: string },
  filter?: OccurrenceFilter,
): Promise<AdjacentEvents> {
  const neighbour = async (older: boolean): Promise<string | null> => {
    const query = issueOccurrences(db, occurrence.issueId).whereRaw(
      `(${TIMELINE}) ${older ? "<" : ">"} (SELECT ${TIMELINE} FROM occurrences o WHERE o.project_id = ? AND o.id = ?)`,
      [occurrence.projectId, occurrence.id],
    );
    if (filter) query.whereRaw(`(${filter.sql})`, [...filter.bindings]);
    const order = older ? "DESC" : "ASC";
    const row = (await query
      .orderByRaw(`${OCCURRENCE_TIME_SQL} ${order}, o.event_id ${order}, o.id ${order}`)
      .first("o.event_id")) as { event_id: string } | undefined;
    return row ? stripUuid(row.event_id) : null;
  };
  const [previousEventId, nextEventId] = await Promise.all([neighbour(true), neighbour(false)]);
  return { previousEventId, nextEventId };
}

/** Occurrences grouped into each issue since `since` (for snoozes with a window). */
export const countRecentOccurrences: CountSince = (db, entries) =>
  countSince(
    db,
    entries,
    `SELECT count(*) FROM occurrences o WHERE o.issue_id = k.issue_id AND o.outcome = 'grouped' AND o.received_at >= k.since`,
  );
