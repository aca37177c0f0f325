import { groupTypes } from "@sift/schemas";
import type { GroupTypeRegistry } from "@sift/schemas";
import type { Knex } from "knex";
import { INVISIBLE_STATUSES, ISSUE_RECORD_COLUMNS, toIssueRecord } from "@sift/storage";
import type { IssueDbRow, IssueRecord } from "@sift/storage";

import type { SearchQuery } from "./ast.js";
import { compileCondition } from "./compile.js";
import { formatCursor, isStartCursor } from "./cursor.js";
import type { Cursor } from "./cursor.js";
import { SearchError } from "./errors.js";
import { convertSearchQuery } from "./filters.js";
import type { IssueCondition } from "./filters.js";
import type { PageLink } from "./link-header.js";
import { INBOX_WINDOW_MS, cursorValueOf, keysetBound, sortExpression, sortValueSql } from "./sort.js";
import type { IssueSort } from "./sort.js";

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 100;
/** `X-Hits` counts at most this many issues by default (then `X-Max-Hits` says so). */
export const DEFAULT_MAX_HITS = 1000;
/** A window ending more than this long ago also needs hourly stats inside it. */
const RECENT_END_MS = 3_600_000;
const HOUR_MS = 3_600_000;

export interface IssueFilterOptions {
  query: SearchQuery;
  organizationId: number;
  /** Projects searched; an empty list matches nothing. */
  projectIds: readonly number[];
  /** The list's environment selection: only issues seen in one of these (by name). */
  environmentNames?: readonly string[];
  /** The date window: issues with events inside [start, end]. */
  start: Date;
  end: Date;
  /** The request's time: relative dates, the inbox window, whether `end` is recent. */
  now: Date;
  /** Registry for `issue.type` / `issue.category`; defaults to the standard one. */
  types?: GroupTypeRegistry;
  /** Issue types the organization may see (see `visibleTypeIds`); defaults to the released types. */
  visibleTypeIds?: readonly number[];
  /** Issues last seen before this (the organization's event retention) are excluded. */
  retentionCutoff?: Date | null;
  /** The searching user, for `assigned:me` / `my_teams`. */
  userId?: number | null;
}

export interface IssueListOptions extends IssueFilterOptions {
  sort?: IssueSort;
  /** From `parseCursor`; absent (or `0:0:0`) for the first page. */
  cursor?: Cursor | null;
  /** 1–100, default 100. */
  limit?: number;
  /** Cap of the hits count; null counts exactly. Default 1000. */
  maxHits?: number | null;
}

export interface IssueSearchResult {
  issues: IssueRecord[];
  /** Matching issues, counted up to `maxHits` (`X-Hits`). */
  hits: number;
  /** The cap `hits` was counted to (`X-Max-Hits`); null when counted exactly. */
  maxHits: number | null;
  previous: PageLink;
  next: PageLink;
}

type ListDbRow = IssueDbRow & { sort_value: string };

function hasTopLevelForReview(condition: IssueCondition | null): boolean {
  if (!condition) return false;
  if (condition.type === "for_review") return true;
  return condition.type === "and" && condition.children.some((c) => c.type === "for_review");
}

function releasedTypeIds(types: GroupTypeRegistry): number[] {
  return types
    .all()
    .filter((t) => t.released)
    .map((t) => t.id);
}

/**
 * Every issue the list would show, unsorted and unpaginated: `issues i` with the query, projects,
 * environments, date window, visibility and retention applied (no columns selected). The API can
 * select ids from it for bulk updates.
 */
export function buildIssueFilterQuery(db: Knex, options: IssueFilterOptions): Knex.QueryBuilder {
  const types = options.types ?? groupTypes;
  const condition = convertSearchQuery(options.query, { now: options.now, types });
  return filteredIssues(db, options, condition);
}

function filteredIssues(
  db: Knex,
  options: IssueFilterOptions,
  condition: IssueCondition | null,
): Knex.QueryBuilder {
  const { organizationId, start, end, now } = options;
  const environmentNames = options.environmentNames ?? [];
  const builder = db({ i: "issues" })
    .where("i.organization_id", organizationId)
    .whereIn("i.project_id", [...options.projectIds])
    // Statuses never listed.
    .whereNotIn("i.status", [...INVISIBLE_STATUSES])
    .whereIn("i.type", [...(options.visibleTypeIds ?? releasedTypeIds(options.types ?? groupTypes))])
    // An issue had events inside [start, end]…
    .where("i.last_seen", ">=", start)
    .where("i.first_seen", "<=", end);
  if (options.retentionCutoff) builder.where("i.last_seen", ">=", options.retentionCutoff);
  if (end.getTime() < now.getTime() - RECENT_END_MS) {
    // …and, for a window that ended a while ago, hourly counts inside it (last_seen may be later).
    const fromHour = new Date(Math.floor(start.getTime() / HOUR_MS) * HOUR_MS);
    builder.whereRaw(
      "EXISTS (SELECT 1 FROM issue_stats_hourly s WHERE s.issue_id = i.id AND s.hour >= ? AND s.hour <= ?)",
      [fromHour, end],
    );
  }
  if (environmentNames.length > 0) {
    // Seen in one of the environments inside the window: its first and last seen there (last seen is
    // unknown, NULL, for rows ingest has not written it for yet; then the issue's own last_seen decides).
    builder.whereExists(
      db
        .select(db.raw("1"))
        .from({ ie: "issue_environments" })
        .join({ e: "environments" }, "e.id", "ie.environment_id")
        .whereRaw("ie.issue_id = i.id")
        .where("e.organization_id", organizationId)
        .whereIn("e.name", [...environmentNames])
        .where("ie.first_seen", "<=", end)
        .whereRaw("(ie.last_seen IS NULL OR ie.last_seen >= ?)", [start]),
    );
  }
  if (condition) {
    const compiled = compileCondition(condition, {
      organizationId,
      userId: options.userId ?? null,
      environmentNames,
      window: { start, end },
    });
    // Parenthesised: knex does not wrap raw conditions, and a top-level OR must not escape the AND.
    builder.whereRaw(`(${compiled.sql})`, compiled.bindings);
  }
  return builder;
}

function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw new SearchError("invalid limit");
  return Math.min(limit, MAX_LIMIT);
}

export interface IssueListQuery {
  /** limit + 1 rows: DESC by the sort for a next-page (or first) cursor, ASC for a previous-page cursor. */
  rows: Knex.QueryBuilder;
  /** One row `{ hits }`: matching issues counted up to `maxHits`. */
  count: Knex.QueryBuilder;
  sort: IssueSort;
  limit: number;
  /** The cursor in effect (null on the first page). */
  cursor: Cursor | null;
  maxHits: number | null;
}

/** The list's SQL for one page: keyset pagination on (sort value DESC, id DESC), never OFFSET. */
export function buildIssueListQuery(db: Knex, options: IssueListOptions): IssueListQuery {
  const sort = options.sort ?? "date";
  const limit = checkLimit(options.limit);
  const cursor = options.cursor && !isStartCursor(options.cursor) ? options.cursor : null;
  const maxHits = options.maxHits === undefined ? DEFAULT_MAX_HITS : options.maxHits;
  const types = options.types ?? groupTypes;
  const condition = convertSearchQuery(options.query, { now: options.now, types });
  if (sort === "inbox" && !hasTopLevelForReview(condition)) {
    throw new SearchError("Sort key 'inbox' requires the query to include is:for_review.");
  }

  const base = filteredIssues(db, options, condition);
  if (sort === "inbox") {
    base
      .join({ ib: "issue_inbox" }, "ib.issue_id", "i.id")
      .where("ib.date_added", ">=", new Date(options.now.getTime() - INBOX_WINDOW_MS));
  }

  const rows = base.clone().select([...ISSUE_RECORD_COLUMNS, db.raw(`${sortValueSql(sort)} AS sort_value`)]);
  if (cursor) {
    const bound = keysetBound(sort, cursor, cursor.isPrev ? "before" : "after");
    rows.whereRaw(bound.sql, bound.bindings);
  }
  // A previous-page cursor walks backwards (ascending); searchIssues re-reverses the page.
  const direction = cursor?.isPrev ? "ASC" : "DESC";
  rows.orderByRaw(`${sortExpression(sort)} ${direction}, i.id ${direction}`);
  rows.limit(limit + 1);

  const counted = base.clone().select(db.raw("1"));
  if (maxHits !== null) counted.limit(maxHits);
  const count = db.count({ hits: "*" }).from(counted.as("matching"));

  return { rows, count, sort, limit, cursor, maxHits };
}

async function run<T>(builder: Knex.QueryBuilder): Promise<T> {
  return (await builder) as T;
}

/**
 * Runs the list: one page of issues, the cursors before and after it, and the hit count. The API
 * turns the result into the JSON body, `Link` (`buildLinkHeader`), `X-Hits` and `X-Max-Hits`.
 */
export async function searchIssues(db: Knex, options: IssueListOptions): Promise<IssueSearchResult> {
  const query = buildIssueListQuery(db, options);
  const { sort, limit, cursor } = query;
  const [fetched, counted] = await Promise.all([
    run<ListDbRow[]>(query.rows),
    run<{ hits: number | string }[]>(query.count),
  ]);

  const more = fetched.length > limit;
  const page = fetched.slice(0, limit);
  if (cursor?.isPrev) page.reverse();

  const at = (row: ListDbRow, isPrev: boolean): string =>
    formatCursor({ value: cursorValueOf(sort, row.sort_value), offset: Number(row.id), isPrev });
  const first = page[0];
  const last = page[page.length - 1];

  let previous: PageLink;
  let next: PageLink;
  if (!cursor) {
    previous = { cursor: first ? at(first, true) : "0:0:1", results: false };
    next = { cursor: last ? at(last, false) : "0:0:0", results: more };
  } else if (cursor.isPrev) {
    // Walking back from a later page: there is a next page (the one we came from).
    previous = { cursor: first ? at(first, true) : formatCursor(cursor), results: more };
    next = {
      // Empty: the cursor row is the very first; `id + 1` makes the next page start at it, inclusive.
      cursor: last ? at(last, false) : formatCursor({ ...cursor, offset: cursor.offset + 1, isPrev: false }),
      results: true,
    };
  } else {
    // Sentry's assumption: a page reached with a cursor has one before it.
    previous = {
      cursor: first ? at(first, true) : formatCursor({ ...cursor, offset: cursor.offset - 1, isPrev: true }),
      results: true,
    };
    next = { cursor: last ? at(last, false) : formatCursor(cursor), results: more };
  }

  return {
    issues: page.map(toIssueRecord),
    hits: Number(counted[0]?.hits ?? 0),
    maxHits: query.maxHits,
    previous,
    next,
  };
}
