import { LOG_LEVEL_VALUES, groupTypes } from "@sift/schemas";
import type { GroupTypeRegistry } from "@sift/schemas";
import { OCCURRENCE_TIME_SQL } from "@sift/storage";

import type { SearchQuery } from "./ast.js";
import { textMatches } from "./compile.js";
import { SearchError } from "./errors.js";
import { EVENT_ENVIRONMENT, eventMatchSql } from "./event-fields.js";
import { convertSearchQuery } from "./filters.js";
import type { IssueCondition } from "./filters.js";
import type { TextMatch } from "./text-match.js";
import { FALSE, TRUE, and, inList, not, or, sql } from "./sql.js";
import type { Sql } from "./sql.js";

/**
 * The search of one issue's events (`GET …/issues/{id}/events/?query=`): the same language as the
 * issue search, on the event-side keys — `environment`, `release`, `level`, the event fields
 * (`user.email`, `sdk.name` …), tags (any other key) and free text (the event's message and title) —
 * compiled to a predicate on `o` (occurrences) and `ev` (their events). Issue-side keys (`is:`,
 * `assigned:` …) are 400s.
 */

/** The event list's sorts: newest first (default) or oldest first, by the event's own timestamp. */
export const EVENT_SORTS = ["-timestamp", "timestamp"] as const;
export type EventSort = (typeof EVENT_SORTS)[number];

export function parseEventSort(value: string | undefined): EventSort {
  if (value === undefined || value === "") return "-timestamp";
  if ((EVENT_SORTS as readonly string[]).includes(value)) return value as EventSort;
  throw new SearchError(`Sort key '${value}' not supported.`);
}

export interface IssueEventFilterOptions {
  query: SearchQuery;
  now: Date;
  types?: GroupTypeRegistry;
  /** Only events of these environments (by name). */
  environmentNames?: readonly string[];
  /** Only events whose own timestamp is inside [start, end]. */
  window?: { start: Date; end: Date } | null;
}

const LEVEL_NAMES = new Map(Object.entries(LOG_LEVEL_VALUES).map(([name, value]) => [value, name]));
const EVENT_LEVEL = "coalesce(nullif(o.payload->>'level', ''), ev.data->>'level')";
const EVENT_RELEASE = "ev.data->>'release'";
/** What free text matches: the event's message and the occurrence's title and subtitle. */
const EVENT_TEXTS = [
  "ev.data->>'message'",
  "ev.data->'logentry'->>'formatted'",
  "o.payload->>'issue_title'",
  "o.payload->>'subtitle'",
];

const OPERATORS: Readonly<Record<string, string>> = {
  "=": "=",
  "!=": "<>",
  ">": ">",
  ">=": ">=",
  "<": "<",
  "<=": "<=",
};

/** The issue keys a condition comes from, for the message refusing it on events. */
const ISSUE_KEY_NAMES: Readonly<Record<string, string>> = {
  status: "status",
  substatus: "substatus",
  priority: "issue.priority",
  type: "issue.type",
  id: "issue.id",
  times_seen: "times_seen",
  last_seen: "last_seen",
  assignee: "assigned",
  unassigned: "is:unassigned",
  for_review: "is:for_review",
  first_seen: "first_seen",
  first_release: "first_release",
  regressed_in_release: "regressed_in_release",
  project: "project",
  short_id: "issue",
};

const unsupported = (what: string): never => {
  throw new SearchError(`${what} is not a filter of an issue's events`);
};

function releaseSql(condition: Extract<IssueCondition, { type: "release" }>): Sql {
  const text = condition.matches.map((m): TextMatch =>
    m.kind === "exact" || m.kind === "like"
      ? m
      : unsupported(`release:${m.kind === "latest" ? "latest" : "a version range"}`),
  );
  return textMatches(EVENT_RELEASE, text);
}

function hasSql(key: string): Sql {
  switch (key) {
    case "environment":
      return sql(`${EVENT_ENVIRONMENT} <> ''`);
    case "release":
      return sql(`coalesce(${EVENT_RELEASE}, '') <> ''`);
    case "user":
      return sql("json_typeof(ev.data->'user') = 'object' AND (ev.data->'user')::jsonb <> '{}'::jsonb");
    default:
      return unsupported(`has:${key}`);
  }
}

function conditionSql(condition: IssueCondition): Sql {
  switch (condition.type) {
    case "and":
      return and(condition.children.map(conditionSql));
    case "or":
      return or(condition.children.map(conditionSql));
    case "not":
      return not(conditionSql(condition.child));
    case "constant":
      return condition.value ? TRUE : FALSE;
    case "event":
      return and(condition.matches.map(eventMatchSql));
    case "environment":
      return textMatches(EVENT_ENVIRONMENT, condition.matches);
    case "release":
      return releaseSql(condition);
    case "in":
      if (condition.column !== "level") return unsupported(ISSUE_KEY_NAMES[condition.column]!);
      return inList(
        EVENT_LEVEL,
        condition.values.map((v) => LEVEL_NAMES.get(v) ?? ""),
      );
    case "text":
      return or(condition.patterns.map((p) => or(EVENT_TEXTS.map((column) => sql(`${column} ILIKE ?`, p)))));
    case "event_date":
      return sql(`${OCCURRENCE_TIME_SQL} ${OPERATORS[condition.operator]!} ?`, condition.value);
    case "has":
      return hasSql(condition.key);
    case "compare":
      return unsupported(ISSUE_KEY_NAMES[condition.column]!);
    default:
      return unsupported(ISSUE_KEY_NAMES[condition.type] ?? condition.type);
  }
}

/**
 * The predicate selecting an issue's events: the query, the environments and the window (by the
 * event's timestamp). `TRUE` when nothing filters. Errors are {@link SearchError}s (400s).
 */
export function compileIssueEventFilter(options: IssueEventFilterOptions): Sql {
  const condition = convertSearchQuery(options.query, {
    now: options.now,
    types: options.types ?? groupTypes,
  });
  const parts: Sql[] = [];
  if (condition) parts.push(conditionSql(condition));
  const names = options.environmentNames ?? [];
  if (names.length > 0) parts.push(inList(EVENT_ENVIRONMENT, names));
  if (options.window) {
    parts.push(sql(`${OCCURRENCE_TIME_SQL} BETWEEN ? AND ?`, options.window.start, options.window.end));
  }
  return and(parts);
}
