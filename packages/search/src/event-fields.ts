import { eventSearchTerm } from "@sift/schemas";
import type { EventFieldKey, SearchTermKind } from "@sift/schemas";
import type { TextMatch } from "./text-match.js";
import { toLikePattern } from "./text-match.js";
import { and, inList, or, sql, wrap } from "./sql.js";
import type { Sql } from "./sql.js";

/*
 * Search keys answered from the events: the event fields of `EVENT_FIELD_KEYS` (kind `f`);
 * every other key that is not an issue key is a tag (kind `t`). Both are matched on the terms each
 * event is stored with (`events.search_terms`, `eventSearchTerms` of `@sift/schemas`).
 */

/** A tag filter's key: `tags[browser]` for `browser:` and `tags[browser]:` alike. */
export type TagKey = `tags[${string}]`;

export const tagKey = (name: string): TagKey => `tags[${name}]`;

export function isTagKey(key: string): key is TagKey {
  return key.startsWith("tags[") && key.endsWith("]");
}

/** One value of an event to match: a field (`f`) or a tag (`t`) by key, any of `values`. */
export interface EventMatch {
  kind: SearchTermKind;
  key: string;
  values: TextMatch[];
}

export function eventMatch(key: EventFieldKey | TagKey, values: TextMatch[]): EventMatch {
  return isTagKey(key) ? { kind: "t", key: key.slice(5, -1), values } : { kind: "f", key, values };
}

/** Where the events are looked for: the list's window and environment selection. */
export interface EventScope {
  window?: { start: Date; end: Date } | null;
  environmentNames?: readonly string[];
}

const TERMS = "ev.search_terms";
const termArray = (m: EventMatch, values: readonly string[]): Sql =>
  sql(
    "?::text[]",
    values.map((v) => eventSearchTerm(m.kind, m.key, v)),
  );

/**
 * One match as a predicate on `ev`: exact values through the terms index, wildcards as LIKE over the
 * terms and the long terms kept whole.
 */
export function eventMatchSql(m: EventMatch): Sql {
  const exact = m.values.flatMap((v) => (v.kind === "exact" ? [v.value] : []));
  const like = m.values.flatMap((v) =>
    v.kind === "like"
      ? [
          sql(
            `EXISTS (SELECT 1 FROM unnest(${TERMS} || ev.long_search_terms) t WHERE t LIKE ?)`,
            toLikePattern(`${m.kind}:${m.key}=`) + v.pattern,
          ),
        ]
      : [],
  );
  const parts = exact.length > 0 ? [wrap(`${TERMS} && `, termArray(m, exact), "")] : [];
  return or([...parts, ...like]);
}

/** The event's environment name as ingest records it (`""` without one, at most 64 characters). */
export const EVENT_ENVIRONMENT =
  "CASE WHEN json_typeof(ev.data->'environment') = 'string' THEN left(ev.data->>'environment', 64) ELSE '' END";

/**
 * `EXISTS` an event of the issue (in the window and selected environments) on which every match
 * holds. Single exact values are one `@>` on the terms index, so the planner can start from the
 * matching events.
 */
export function compileEventMatches(matches: readonly EventMatch[], scope: EventScope): Sql {
  const single = matches.filter((m) => m.values.length === 1 && m.values[0]!.kind === "exact");
  const rest = matches.filter((m) => !single.includes(m));
  const parts: Sql[] = [];
  if (single.length > 0) {
    const terms = single.map((m) => eventSearchTerm(m.kind, m.key, (m.values[0] as { value: string }).value));
    parts.push(sql(`${TERMS} @> ?::text[]`, terms));
  }
  parts.push(...rest.map(eventMatchSql));
  if (scope.window) {
    parts.push(sql("ev.timestamp >= ? AND ev.timestamp <= ?", scope.window.start, scope.window.end));
  }
  const names = scope.environmentNames ?? [];
  if (names.length > 0) parts.push(inList(EVENT_ENVIRONMENT, names));
  return wrap(
    "EXISTS (SELECT 1 FROM occurrences o JOIN events ev ON ev.project_id = o.project_id AND ev.event_id = o.event_id " +
      "WHERE o.issue_id = i.id AND ",
    and(parts),
    ")",
  );
}
