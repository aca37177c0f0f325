// The stream's state lives in the URL (a link is shareable): the search, projects, environments,
// time range, sort, cursor and the stats period of the sparklines.

export const DEFAULT_QUERY = "is:unresolved";

export interface StreamFilters {
  query: string;
  project: string[];
  environment: string[];
  statsPeriod: string | null;
  start: string | null;
  end: string | null;
  sort: string;
  cursor: string | null;
  groupStatsPeriod: "24h" | "14d";
}

export const SORTS = [
  { value: "date", label: "Last seen" },
  { value: "new", label: "First seen" },
  { value: "freq", label: "Events" },
  { value: "user", label: "Users" },
  { value: "trends", label: "Trends" },
  { value: "inbox", label: "Date added to review" },
] as const;

export const PERIODS = [
  { value: "1h", label: "Last hour" },
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "14d", label: "Last 14 days" },
  { value: "30d", label: "Last 30 days" },
  { value: "90d", label: "Last 90 days" },
] as const;

/** The tabs: each a query of the language (Sentry's issue views). */
export const TABS = [
  { label: "Unresolved", query: "is:unresolved" },
  { label: "For review", query: "is:unresolved is:for_review" },
  { label: "Regressed", query: "is:regressed" },
  { label: "Escalating", query: "is:escalating" },
  { label: "Archived", query: "is:archived" },
  { label: "All", query: "" },
] as const;

export function readFilters(params: URLSearchParams): StreamFilters {
  return {
    query: params.get("query") ?? DEFAULT_QUERY,
    project: params.getAll("project"),
    environment: params.getAll("environment"),
    statsPeriod: params.get("statsPeriod"),
    start: params.get("start"),
    end: params.get("end"),
    sort: params.get("sort") ?? "date",
    cursor: params.get("cursor"),
    groupStatsPeriod: params.get("groupStatsPeriod") === "14d" ? "14d" : "24h",
  };
}

/** The URL parameters for `filters` (defaults left out); a change of anything but the cursor resets it. */
export function writeFilters(filters: StreamFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.query !== DEFAULT_QUERY) params.set("query", filters.query);
  for (const p of filters.project) params.append("project", p);
  for (const e of filters.environment) params.append("environment", e);
  if (filters.start && filters.end) {
    params.set("start", filters.start);
    params.set("end", filters.end);
  } else if (filters.statsPeriod) params.set("statsPeriod", filters.statsPeriod);
  if (filters.sort !== "date") params.set("sort", filters.sort);
  if (filters.groupStatsPeriod !== "24h") params.set("groupStatsPeriod", filters.groupStatsPeriod);
  if (filters.cursor) params.set("cursor", filters.cursor);
  return params;
}

export function changeFilters(filters: StreamFilters, change: Partial<StreamFilters>): StreamFilters {
  return { ...filters, cursor: null, ...change };
}

/** The issue list's API parameters for the filters. */
export function listQuery(filters: StreamFilters) {
  return {
    query: filters.query,
    project: filters.project,
    environment: filters.environment,
    statsPeriod: filters.start && filters.end ? null : filters.statsPeriod,
    start: filters.start && filters.end ? filters.start : null,
    end: filters.start && filters.end ? filters.end : null,
    sort: filters.sort,
    cursor: filters.cursor,
    // The rows come without their stats (the sparklines' query is separate, so rows never wait for it).
    collapse: ["stats"],
    expand: ["inbox"],
    limit: 25,
  };
}

/** The scope the search box's keys and values come from: the stream's projects, environments, window. */
export function tagScope(filters: StreamFilters) {
  const absolute = Boolean(filters.start && filters.end);
  return {
    project: filters.project,
    environment: filters.environment,
    statsPeriod: absolute ? null : filters.statsPeriod,
    start: absolute ? filters.start : null,
    end: absolute ? filters.end : null,
  };
}

/** The sparklines' query: the page's issues by id (no search), with their stats. */
export function statsQuery(filters: StreamFilters, ids: readonly string[]) {
  return { group: ids, groupStatsPeriod: filters.groupStatsPeriod, environment: filters.environment };
}

/** The tab whose query the search is, if any. */
export function activeTab(query: string): string | null {
  return TABS.find((t) => t.query === query.trim())?.label ?? null;
}
