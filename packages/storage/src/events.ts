import { eventSearchTerms } from "@sift/schemas";
import { raw, rows, stripUuid } from "./sql.js";
import { keyedRows } from "./keyed-rows.js";
import type { Conn } from "./sql.js";

/** `events`: the events occurrences refer to, one immutable JSON body per (project, event id). */

/** An `events` row. */
export interface StoredEvent {
  projectId: number;
  eventId: string;
  timestamp: Date;
  data: Record<string, unknown>;
  /** When Sift received it (retention counts from this); defaults to the database's now(). */
  receivedAt?: Date;
}

const eventEntry = (event: StoredEvent): [string, StoredEvent] => {
  const eventId = stripUuid(event.eventId);
  return [`${event.projectId}:${eventId}`, { ...event, eventId }];
};

export function findEvents(
  db: Conn,
  keys: readonly { projectId: number; eventId: string }[],
): Promise<Map<string, StoredEvent>> {
  return keyedRows(keys, eventEntry, () =>
    rows<StoredEvent>(
      db,
      `SELECT e.project_id AS "projectId", e.event_id::text AS "eventId", e.timestamp, e.data FROM events e
         JOIN unnest(?::bigint[], ?::uuid[]) AS k(project_id, event_id)
           ON e.project_id = k.project_id AND e.event_id = k.event_id`,
      [keys.map((k) => k.projectId), keys.map((k) => k.eventId)],
    ),
  );
}

function terms(data: Record<string, unknown>): { s: string[]; l: string[] | null } {
  const { indexed, long } = eventSearchTerms(data);
  return { s: indexed, l: long };
}

/**
 * Store events with their search terms; an event id already stored keeps its first body (events are
 * immutable). Times go as epoch milliseconds, as the occurrences' do.
 */
export async function insertEvents(db: Conn, events: readonly StoredEvent[]): Promise<void> {
  if (events.length === 0) return;
  await raw(
    db,
    `INSERT INTO events (project_id, event_id, timestamp, data, received_at, search_terms, long_search_terms)
       SELECT p, e, to_timestamp(t / 1000), d, coalesce(to_timestamp(r / 1000), now()), s, l
         FROM json_to_recordset(?::json) AS u(p bigint, e uuid, t float8, d json, r float8, s text[], l text[])
     ON CONFLICT (project_id, event_id) DO NOTHING`,
    [
      JSON.stringify(
        events.map((e) => ({
          p: e.projectId,
          e: e.eventId,
          t: e.timestamp.getTime(),
          d: e.data,
          r: e.receivedAt?.getTime() ?? null,
          ...terms(e.data),
        })),
      ),
    ],
  );
}
