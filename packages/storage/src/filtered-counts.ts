import type { HourlyCount } from "./issue-stats.js";
import { OCCURRENCE_TIME_SQL } from "./occurrences.js";
import type { OccurrenceFilter } from "./occurrences.js";
import { rows } from "./sql.js";
import type { Conn } from "./sql.js";

/**
 * What the issue list's `filtered` reports: an issue's counts over the events a filter selects (the
 * list's environments and window), read from the occurrences and their events, as Sentry counts them
 * from its event store. The cost grows with the selected events of the page's issues.
 */

export interface FilteredCounts {
  count: number;
  userCount: number;
  firstSeen: Date | null;
  lastSeen: Date | null;
}

/** The user of an event as ingest keys it (`id:…`, `email:…`, `username:…`, `ip:…`). */
const USER_KEY = `left(coalesce(
  'id:' || nullif(ev.data->'user'->>'id', ''),
  'email:' || nullif(ev.data->'user'->>'email', ''),
  'username:' || nullif(ev.data->'user'->>'username', ''),
  'ip:' || nullif(ev.data->'user'->>'ip_address', '')), 512)`;

const SELECTED = `FROM occurrences o
  LEFT JOIN events ev ON ev.project_id = o.project_id AND ev.event_id = o.event_id
  WHERE o.issue_id = ANY(?::bigint[]) AND o.outcome = 'grouped'`;

/**
 * Each issue's event count, distinct users, first and last event time among the events `filter`
 * selects, and its hourly counts between `hours.from` and `hours.to` (none without `hours`).
 */
export async function getFilteredIssueCounts(
  db: Conn,
  issueIds: readonly number[],
  filter: OccurrenceFilter,
  hours: { from: Date; to: Date } | null,
): Promise<{ totals: Map<number, FilteredCounts>; hourly: HourlyCount[] }> {
  const totals = new Map<number, FilteredCounts>();
  if (issueIds.length === 0) return { totals, hourly: [] };
  const ids = [...issueIds];
  const [counted, hourly] = await Promise.all([
    rows<{ issue_id: string; count: string; users: string; first_seen: Date; last_seen: Date }>(
      db,
      `SELECT o.issue_id, count(*) AS count, count(DISTINCT ${USER_KEY}) AS users,
              min(${OCCURRENCE_TIME_SQL}) AS first_seen, max(${OCCURRENCE_TIME_SQL}) AS last_seen
         ${SELECTED} AND (${filter.sql})
        GROUP BY o.issue_id`,
      [ids, ...filter.bindings],
    ),
    hours
      ? rows<{ issue_id: string; hour: Date; count: string }>(
          db,
          `SELECT o.issue_id, date_trunc('hour', ${OCCURRENCE_TIME_SQL}) AS hour, count(*) AS count
             ${SELECTED} AND (${filter.sql})
              AND ${OCCURRENCE_TIME_SQL} >= ? AND ${OCCURRENCE_TIME_SQL} < ?::timestamptz + interval '1 hour'
            GROUP BY 1, 2`,
          [ids, ...filter.bindings, hours.from, hours.to],
        )
      : Promise.resolve([]),
  ]);
  for (const r of counted)
    totals.set(Number(r.issue_id), {
      count: Number(r.count),
      userCount: Number(r.users),
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
    });
  return {
    totals,
    hourly: hourly.map((r) => ({ issueId: Number(r.issue_id), hour: r.hour, count: Number(r.count) })),
  };
}
