import {
  CATEGORY_NAMES,
  LOG_LEVEL_VALUES,
  STATUS_QUERY_STRINGS,
  SUBSTATUS_STRINGS,
  groupTypes,
  parsePriority,
  parseQualifiedShortId,
} from "@sift/schemas";
import type { GroupTypeRegistry } from "@sift/schemas";

import type { ComparisonOperator, FilterValue, SearchFilter, SearchNode, SearchQuery } from "./ast.js";
import { SearchError } from "./errors.js";
import { eventMatch, isTagKey } from "./event-fields.js";
import { releaseMatch, versionMatch } from "./release-match.js";
import type { ReleaseMatch } from "./release-match.js";
import { textMatch, toLikePattern } from "./text-match.js";
import type { TextMatch } from "./text-match.js";
import type { EventFieldKey } from "@sift/schemas";
import type { EventMatch, TagKey } from "./event-fields.js";
import type { HasKey } from "./keys.js";
import { QUERYABLE_STATUS_VALUES } from "./keys.js";

export type AssigneeTarget =
  | { kind: "me" }
  | { kind: "my_teams" }
  | { kind: "none" }
  | { kind: "user_id"; id: number }
  | { kind: "team_id"; id: number }
  | { kind: "team_slug"; slug: string }
  /** A username or an email of an organization member. */
  | { kind: "user"; name: string };

/** Who `bookmarks:` / `subscribed:` name: the searching user, a user id, or a username or email. */
export type UserTarget = Extract<AssigneeTarget, { kind: "me" | "user_id" | "user" }>;

export interface DateBound {
  operator: ComparisonOperator;
  value: Date;
}

export type IssueColumn = "status" | "substatus" | "priority" | "type" | "level" | "id" | "times_seen";
export type ComparableColumn = "times_seen" | "id" | "last_seen";

/**
 * What a query means for the issue table, values converted and validated. Every leaf is a positive
 * predicate; `not` negates (NULL-safely when compiled).
 */
export type IssueCondition =
  | { type: "and" | "or"; children: IssueCondition[] }
  | { type: "not"; child: IssueCondition }
  | { type: "constant"; value: boolean }
  | { type: "in"; column: IssueColumn; values: number[] }
  | { type: "compare"; column: ComparableColumn; operator: ComparisonOperator; value: number | Date }
  /**
   * The issue's first_seen, or with environments selected its first_seen in one of those environments
   * (all bounds hold for the same environment).
   */
  | { type: "first_seen"; bounds: DateBound[] }
  /** `date:` / `event.timestamp:` — the issue had an event on that side of the instant. */
  | { type: "event_date"; operator: ComparisonOperator; value: Date }
  /** Case-insensitive substring/wildcard match on title or message; LIKE patterns, any may match. */
  | { type: "text"; patterns: string[] }
  | { type: "assignee"; targets: AssigneeTarget[] }
  /** Issues a user bookmarked, or is subscribed to. */
  | { type: "user_relation"; relation: "bookmarked" | "subscribed"; targets: UserTarget[] }
  | { type: "unassigned" }
  | { type: "for_review" }
  | { type: "release"; matches: ReleaseMatch[] }
  /** The issue's first release, or with environments selected the first release in those environments. */
  | { type: "first_release"; matches: ReleaseMatch[] }
  | { type: "regressed_in_release"; matches: ReleaseMatch[] }
  | { type: "environment"; matches: TextMatch[] }
  | { type: "project"; ids: number[]; slugs: string[] }
  /** `issue:WEB-1`: by project slug and short id; a plain number is an issue id. */
  | { type: "short_id"; ids: { projectSlug: string; shortId: number }[]; issueIds: number[] }
  /** An event of the issue (in the list's window and environments) on which every match holds. */
  | { type: "event"; matches: EventMatch[] }
  | { type: "has"; key: HasKey };

export interface ConvertOptions {
  /** Resolves relative dates (`age:-24h`). */
  now: Date;
  /** Type registry for `issue.type` / `issue.category`; defaults to the standard registry. */
  types?: GroupTypeRegistry;
}

const err = (message: string, node: SearchFilter): never => {
  throw new SearchError(message, node.column);
};

function textValues(node: SearchFilter): string[] {
  const { value } = node;
  if (value.kind === "text") return [value.value];
  if (value.kind === "textList") return value.values;
  return err(`Unexpected value for ${node.key}`, node);
}

const isNegative = (node: SearchFilter): boolean => node.operator === "!=" || node.operator === "NOT IN";
const maybeNot = (negated: boolean, condition: IssueCondition): IssueCondition =>
  negated ? { type: "not", child: condition } : condition;

function convertStatus(node: SearchFilter): number[] {
  return textValues(node).map((v) => {
    if (Object.hasOwn(STATUS_QUERY_STRINGS, v)) return STATUS_QUERY_STRINGS[v]!;
    if (/^\d+$/.test(v) && QUERYABLE_STATUS_VALUES.includes(Number(v))) return Number(v);
    return err(`invalid status value of '${v}'`, node);
  });
}

const SUBSTATUS_TO_STATUS = new Map(Object.values(SUBSTATUS_STRINGS).map((s) => [s.substatus, s.status]));

function convertSubstatus(node: SearchFilter): number[] {
  return textValues(node).map((v) => {
    if (Object.hasOwn(SUBSTATUS_STRINGS, v)) return SUBSTATUS_STRINGS[v]!.substatus;
    if (/^\d+$/.test(v) && SUBSTATUS_TO_STATUS.has(Number(v))) return Number(v);
    return err(`invalid substatus value of '${v}'`, node);
  });
}

function convertAssignee(value: string): AssigneeTarget {
  if (value === "me") return { kind: "me" };
  if (value === "my_teams") return { kind: "my_teams" };
  if (value === "none") return { kind: "none" };
  if (value.startsWith("#")) return { kind: "team_slug", slug: value.slice(1) };
  const idForm = /^(user|team):(.*)$/.exec(value);
  if (idForm) {
    // A malformed id is the reference's placeholder id 0: it matches nothing.
    const id = /^\d{1,15}$/.test(idForm[2]!) ? Number(idForm[2]) : 0;
    return idForm[1] === "user" ? { kind: "user_id", id } : { kind: "team_id", id };
  }
  return { kind: "user", name: value };
}

/** A user named by `bookmarks:` / `subscribed:`; a team names no one (the reference's placeholder id 0). */
function convertUserTarget(value: string): UserTarget {
  const target = convertAssignee(value);
  if (target.kind === "me" || target.kind === "user_id" || target.kind === "user") return target;
  return { kind: "user_id", id: 0 };
}

const convertReleases = (node: SearchFilter): ReleaseMatch[] => textValues(node).map(releaseMatch);
const convertVersions = (node: SearchFilter): ReleaseMatch[] =>
  textValues(node).map((v) => versionMatch(v, (message) => err(message, node)));

function dateValue(value: FilterValue, now: Date): Date {
  if (value.kind === "date") return value.value;
  if (value.kind === "relativeDate") return new Date(now.getTime() - value.amountMs);
  throw new Error(`not a point in time: ${value.kind}`);
}

/** Comparison or range on a date key, as the condition `make(bounds)` builds from its bounds. */
function convertDate(
  node: SearchFilter,
  now: Date,
  make: (bounds: DateBound[]) => IssueCondition,
): IssueCondition {
  const { value } = node;
  if (value.kind === "dateRange") {
    const range = make([
      { operator: ">=", value: value.from },
      { operator: "<", value: value.to },
    ]);
    return maybeNot(node.operator === "!=", range);
  }
  return make([{ operator: node.operator as ComparisonOperator, value: dateValue(value, now) }]);
}

/**
 * `column <op> value` for an integer column and any finite number, meaning exactly what the number
 * says (`times_seen:>1.5` is `>= 2`, `times_seen:1.5` matches nothing); bounds beyond ±2^53 are
 * clamped, where no count or id reaches.
 */
function integerComparison(
  column: ComparableColumn,
  operator: ComparisonOperator,
  value: number,
): IssueCondition {
  if (operator === "=" || operator === "!=") {
    if (!Number.isSafeInteger(value)) return { type: "constant", value: operator === "!=" };
    return { type: "compare", column, operator, value };
  }
  const rounded = operator === ">" || operator === "<=" ? Math.floor(value) : Math.ceil(value);
  const bound = Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, rounded));
  return { type: "compare", column, operator, value: bound };
}

function convertShortIds(node: SearchFilter): IssueCondition {
  const ids: { projectSlug: string; shortId: number }[] = [];
  const issueIds: number[] = [];
  for (const value of textValues(node)) {
    if (/^\d{1,15}$/.test(value)) {
      issueIds.push(Number(value));
      continue;
    }
    const parsed = parseQualifiedShortId(value);
    ids.push(
      parsed ??
        err(`issue: Invalid short id: ${value}. Expected a short id such as WEB-1, or an issue id.`, node),
    );
  }
  return maybeNot(isNegative(node), { type: "short_id", ids, issueIds });
}

/** A tag or event-field filter: an event of the issue with one of the values (negated: none). */
const eventCondition = (node: SearchFilter, key: EventFieldKey | TagKey): IssueCondition =>
  maybeNot(isNegative(node), { type: "event", matches: [eventMatch(key, textValues(node).map(textMatch))] });

const allOf = (children: IssueCondition[]): IssueCondition =>
  children.length === 1 ? children[0]! : { type: "and", children };

function convertFilter(node: SearchFilter, options: ConvertOptions): IssueCondition {
  const negated = isNegative(node);
  const types = options.types ?? groupTypes;
  const { key } = node;
  if (isTagKey(key)) return eventCondition(node, key);
  switch (key) {
    case "message":
      return maybeNot(negated, {
        type: "text",
        patterns: textValues(node).map((v) => `%${toLikePattern(v)}%`),
      });
    case "status":
      return maybeNot(negated, { type: "in", column: "status", values: convertStatus(node) });
    case "substatus":
      return maybeNot(negated, { type: "in", column: "substatus", values: convertSubstatus(node) });
    case "issue.priority": {
      const values = textValues(node).map(
        (v) => parsePriority(v) ?? err(`Invalid priority value of '${v}'`, node),
      );
      return maybeNot(negated, { type: "in", column: "priority", values });
    }
    case "issue.category": {
      const values = textValues(node).flatMap((v) => {
        const entry = Object.entries(CATEGORY_NAMES).find(([, name]) => name === v.toLowerCase());
        return entry ? types.idsInCategory(Number(entry[0])) : err(`Invalid category value of '${v}'`, node);
      });
      return maybeNot(negated, { type: "in", column: "type", values });
    }
    case "issue.type": {
      const values = textValues(node).map(
        (v) => types.findBySlug(v)?.id ?? err(`Invalid type value of '${v}'`, node),
      );
      return maybeNot(negated, { type: "in", column: "type", values });
    }
    case "level": {
      // A tag in the reference: an unknown level is accepted and matches nothing.
      const levels = LOG_LEVEL_VALUES as Readonly<Record<string, number>>;
      const values = textValues(node).map((v) => (Object.hasOwn(levels, v) ? levels[v]! : -1));
      return maybeNot(negated, { type: "in", column: "level", values });
    }
    case "assigned_to":
    case "assigned_or_suggested":
      // Sift has no ownership rules or suspect commits, so nothing is "suggested": both keys mean the assignee.
      return maybeNot(negated, { type: "assignee", targets: textValues(node).map(convertAssignee) });
    case "bookmarked_by":
    case "subscribed_by":
      return maybeNot(negated, {
        type: "user_relation",
        relation: key === "bookmarked_by" ? "bookmarked" : "subscribed",
        targets: textValues(node).map(convertUserTarget),
      });
    case "unassigned":
    case "for_review":
    case "linked": {
      if (node.value.kind !== "boolean") return err(`Unexpected value for ${node.key}`, node);
      const wanted = node.value.value !== negated;
      // Sift has no external issue links: no issue is linked.
      if (key === "linked") return { type: "constant", value: !wanted };
      return maybeNot(!wanted, { type: key });
    }
    case "release":
      return maybeNot(negated, { type: "release", matches: convertReleases(node) });
    case "release.version":
      return maybeNot(negated, { type: "release", matches: convertVersions(node) });
    case "first_release":
      return maybeNot(negated, { type: "first_release", matches: convertReleases(node) });
    case "regressed_in_release":
      return maybeNot(negated, { type: "regressed_in_release", matches: convertReleases(node) });
    case "environment":
      return maybeNot(negated, { type: "environment", matches: textValues(node).map(textMatch) });
    case "project": {
      const values = textValues(node);
      const ids = values.filter((v) => /^\d{1,15}$/.test(v)).map(Number);
      return maybeNot(negated, { type: "project", ids, slugs: values });
    }
    case "times_seen":
    case "issue.id": {
      const column = node.key === "times_seen" ? "times_seen" : "id";
      if (node.value.kind === "numberList") {
        const values = node.value.values.filter((v) => Number.isSafeInteger(v));
        return maybeNot(negated, { type: "in", column, values });
      }
      if (node.value.kind !== "number") return err(`Unexpected value for ${node.key}`, node);
      return integerComparison(column, node.operator as ComparisonOperator, node.value.value);
    }
    case "issue":
      return convertShortIds(node);
    case "title":
    case "user":
    case "user.id":
    case "user.email":
    case "user.username":
    case "user.ip":
    case "server_name":
    case "sdk.name":
    case "sdk.version":
    case "dist":
    case "transaction":
    case "platform.name":
    case "http.url":
    case "http.method":
    case "trace":
      return eventCondition(node, key);
    case "first_seen":
      return convertDate(node, options.now, (bounds) => ({ type: "first_seen", bounds }));
    case "last_seen":
      return convertDate(node, options.now, (bounds) =>
        allOf(
          bounds.map(({ operator, value }) => ({ type: "compare", column: "last_seen", operator, value })),
        ),
      );
    case "date":
      return convertDate(node, options.now, (bounds) =>
        allOf(bounds.map(({ operator, value }) => ({ type: "event_date", operator, value }))),
      );
  }
}

const isKey = (node: SearchNode, key: string): node is SearchFilter =>
  node.type === "filter" && node.key === key;

/**
 * The reference's "substatus implies status" rule, applied to one conjunction: when it filters on
 * substatus but not on status, a status filter derived from the first equality substatus filter (else
 * the first inequality one) is added. `!is:regressed !is:archived_until_escalating` → status NOT IN [0].
 */
function impliedStatus(conjunction: readonly SearchNode[], options: ConvertOptions): IssueCondition | null {
  if (conjunction.some((n) => isKey(n, "status"))) return null;
  const substatus = conjunction.filter((n): n is SearchFilter => isKey(n, "substatus"));
  const source = substatus.find((n) => !isNegative(n)) ?? substatus[0];
  if (!source) return null;
  const converted = convertFilter(source, options);
  const values = converted.type === "not" ? converted.child : converted;
  if (values.type !== "in") return null;
  const statuses = [...new Set(values.values.map((s) => SUBSTATUS_TO_STATUS.get(s)!))];
  return maybeNot(isNegative(source), { type: "in", column: "status", values: statuses });
}

/**
 * Children of one conjunction; the positive event conditions become one, so that (as in the
 * reference) `browser:Chrome os:Linux` asks for one event that is both.
 */
function convertConjunction(nodes: readonly SearchNode[], options: ConvertOptions): IssueCondition {
  const converted = nodes.map((n) => convertNode(n, options));
  const events = converted.flatMap((c): EventMatch[] => (c.type === "event" ? c.matches : []));
  const children: IssueCondition[] = converted.filter((c) => c.type !== "event");
  if (events.length > 0) {
    // Where the first one was: every child before it is kept, so the index carries over.
    const merged: IssueCondition = { type: "event", matches: events };
    children.splice(
      converted.findIndex((c) => c.type === "event"),
      0,
      merged,
    );
  }
  const implied = impliedStatus(nodes, options);
  if (implied) children.push(implied);
  return children.length === 1 ? children[0]! : { type: "and", children };
}

function convertNode(node: SearchNode, options: ConvertOptions): IssueCondition {
  switch (node.type) {
    case "filter":
      return convertFilter(node, options);
    case "has":
      return maybeNot(node.negated, { type: "has", key: node.key });
    case "and":
      return convertConjunction(node.children, options);
    case "or":
      return {
        type: "or",
        children: node.children.map((c) =>
          c.type === "filter" ? convertConjunction([c], options) : convertNode(c, options),
        ),
      };
  }
}

/**
 * Converts a parsed query into conditions on issues (each value converted as Sentry does),
 * throwing {@link SearchError} on values the reference rejects. Null when the query has no filters.
 */
export function convertSearchQuery(query: SearchQuery, options: ConvertOptions): IssueCondition | null {
  if (!query.root) return null;
  return query.root.type === "filter"
    ? convertConjunction([query.root], options)
    : convertNode(query.root, options);
}
