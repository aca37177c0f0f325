export { parseSearchQuery, SPECIFIC_TIME_WINDOW } from "./parser.js";
export type { ParseOptions } from "./parser.js";
export type {
  SearchQuery,
  SearchNode,
  SearchFilter,
  SearchHas,
  SearchBoolean,
  FilterValue,
  ComparisonOperator,
  ListOperator,
} from "./ast.js";
export { SEARCH_KEYS, KEY_ALIASES, HAS_KEYS } from "./keys.js";
export type { SearchKey, HasKey } from "./keys.js";
export { SearchError } from "./errors.js";
export { convertSearchQuery } from "./filters.js";
export type { IssueCondition, ConvertOptions, AssigneeTarget, DateBound } from "./filters.js";
export type { ReleaseMatch } from "./release-match.js";
export type { TextMatch } from "./text-match.js";
export { compileCondition } from "./compile.js";
export type { CompileContext } from "./compile.js";
export { ISSUE_SORTS, DEFAULT_ISSUE_SORT, parseSort } from "./sort.js";
export type { IssueSort } from "./sort.js";
export { parseCursor, formatCursor } from "./cursor.js";
export type { Cursor } from "./cursor.js";
export { buildLinkHeader } from "./link-header.js";
export type { PageLink } from "./link-header.js";
export { parseStatsPeriod, resolveDateWindow, DEFAULT_STATS_PERIOD_MS } from "./date-window.js";
export type { DateWindow, DateWindowParams } from "./date-window.js";
export { visibleTypeIds } from "./visibility.js";
export {
  searchIssues,
  buildIssueListQuery,
  buildIssueFilterQuery,
  DEFAULT_LIMIT,
  MAX_LIMIT,
  DEFAULT_MAX_HITS,
} from "./issue-list.js";
export type {
  IssueFilterOptions,
  IssueListOptions,
  IssueListQuery,
  IssueSearchResult,
} from "./issue-list.js";
export { compileIssueEventFilter, parseEventSort, EVENT_SORTS } from "./event-query.js";
export type { EventSort, IssueEventFilterOptions } from "./event-query.js";
