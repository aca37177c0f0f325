import {
  SearchError,
  convertSearchQuery,
  parseSearchQuery,
  resolveDateWindow,
  visibleTypeIds,
} from "@sift/search";
import type { DateWindow, IssueFilterOptions, SearchQuery } from "@sift/search";
import { DEFAULT_ISSUE_QUERY } from "@sift/schemas";
import type { GroupTypeRegistry } from "@sift/schemas";
import { findEnvironmentNames, getOrganizationFeatures, listProjects } from "@sift/storage";
import type { Db, Organization, Project } from "@sift/storage";
import { ApiError, PERMISSION_DENIED_DETAIL, badRequest, notFound } from "../http/errors.js";
import type { IssueIndexQuery } from "../http/params.js";

/** Whose issues a request is about: the token's organization, and one project on project routes. */
export interface IssueScope {
  organization: Organization;
  project: Project | null;
  /** The signed-in user (bookmarks, `assigned:me`, …); null or absent for a token. */
  userId?: number | null;
}

const DAY_MS = 86_400_000;

/**
 * The projects a request covers: the route's project, else the `project` parameters, by id or slug
 * (`-1` or none = every project of the organization: Sift has no per-user project membership). A
 * project that is not the organization's — another organization's or no one's — is a 403, as in the
 * reference.
 */
export async function resolveProjects(
  db: Db,
  scope: IssueScope,
  params: readonly string[],
): Promise<Project[]> {
  if (scope.project) return [scope.project];
  const all = await listProjects(db, scope.organization.id);
  const values = params
    .flatMap((p) => p.split(","))
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (values.length === 0 || values.includes("-1")) return all;
  const wanted = new Set<string>();
  for (const value of values) {
    if (/^-?\d+$/.test(value) && !/^\d{1,15}$/.test(value))
      throw badRequest("Invalid project parameter. Values must be numbers or slugs.");
    wanted.add(value);
  }
  const selected = all.filter((p) => wanted.has(String(p.id)) || wanted.has(p.slug));
  const matched = new Set(selected.flatMap((p) => [String(p.id), p.slug]));
  if ([...wanted].some((v) => !matched.has(v))) throw new ApiError(403, PERMISSION_DENIED_DETAIL);
  return selected;
}

/** The `environment` parameters, each of which must exist in the organization (else 404). */
export async function resolveEnvironments(
  db: Db,
  organization: Pick<Organization, "id">,
  params: readonly string[],
): Promise<string[]> {
  const names = [...new Set(params)];
  if (names.length === 0) return [];
  const found = await findEnvironmentNames(db, organization.id, names);
  if (found.size !== names.length) throw notFound();
  return names;
}

/** Sentry's legacy `status` parameter, as the search term it stands for. */
const LEGACY_STATUS: Record<string, string> = {
  unresolved: "is:unresolved",
  resolved: "is:resolved",
  ignored: "is:ignored",
  muted: "is:ignored",
};

/**
 * The query text: the default query when the parameter is absent, `query=` meaning no filter. The
 * legacy `status` parameter (sentry-cli's `-s`) narrows it: alone, it is the whole selection (the
 * default query does not apply); with a query, both must match.
 */
export function queryText(params: Pick<IssueIndexQuery, "query" | "status">): string {
  const status = params.status?.trim();
  if (status === undefined || status === "")
    return params.query === undefined ? DEFAULT_ISSUE_QUERY : params.query.trim();
  const term = LEGACY_STATUS[status];
  if (term === undefined)
    throw badRequest(`Invalid status "${status}": expected one of ${Object.keys(LEGACY_STATUS).join(", ")}`);
  const query = (params.query ?? "").trim();
  return query === "" ? term : `(${query}) ${term}`;
}

/**
 * Parses and converts the search query, so that query errors answer 400 "Error parsing search query:
 * …" (the reference's wording) before anything runs.
 */
export function parseQuery(text: string, now: Date, types: GroupTypeRegistry): SearchQuery {
  try {
    const query = parseSearchQuery(text, { now });
    convertSearchQuery(query, { now, types });
    return query;
  } catch (error) {
    if (error instanceof SearchError) throw badRequest(`Error parsing search query: ${error.message}`);
    throw error;
  }
}

export function dateWindow(params: IssueIndexQuery, now: Date): DateWindow {
  return resolveDateWindow(
    {
      statsPeriod: params.statsPeriod,
      statsPeriodStart: params.statsPeriodStart,
      statsPeriodEnd: params.statsPeriodEnd,
      timeframe: params.timeframe,
      timeframeStart: params.timeframeStart,
      timeframeEnd: params.timeframeEnd,
      start: params.start,
      end: params.end,
    },
    now,
  );
}

export function hasExplicitWindow(params: IssueIndexQuery): boolean {
  return [
    params.statsPeriod,
    params.statsPeriodStart,
    params.statsPeriodEnd,
    params.timeframe,
    params.timeframeStart,
    params.timeframeEnd,
    params.start,
    params.end,
  ].some((v) => v !== undefined);
}

/** The organization's feature flags (what decides which unreleased issue types it sees). */
export async function loadOrganizationFeatures(
  db: Db,
  organization: Organization,
): Promise<ReadonlySet<string>> {
  const features = await getOrganizationFeatures(db, [organization.id]);
  return features.get(organization.id) ?? new Set<string>();
}

export interface FilterDeps {
  db: Db;
  types: GroupTypeRegistry;
  retentionDays: number;
}

/** What @sift/search needs to filter the organization's issues for a request. */
export async function filterOptions(
  deps: FilterDeps,
  scope: IssueScope,
  params: IssueIndexQuery,
  now: Date,
  options: {
    window: DateWindow;
    projects: readonly Project[];
    environments: readonly string[];
    query: SearchQuery;
    /** The organization's feature flags when the caller already loaded them. */
    features?: ReadonlySet<string>;
  },
): Promise<IssueFilterOptions> {
  const features = options.features ?? (await loadOrganizationFeatures(deps.db, scope.organization));
  return {
    query: options.query,
    organizationId: scope.organization.id,
    projectIds: options.projects.map((p) => p.id),
    environmentNames: options.environments,
    start: options.window.start,
    end: options.window.end,
    now,
    types: deps.types,
    visibleTypeIds: visibleTypeIds(features, deps.types),
    retentionCutoff: new Date(now.getTime() - deps.retentionDays * DAY_MS),
    userId: scope.userId ?? null,
  };
}

/**
 * The window bulk updates and deletes select in: the request's when it sets one, else everything
 * inside retention (the reference's mutations are not limited to the list's 90 days).
 */
export function bulkWindow(params: IssueIndexQuery, now: Date, retentionDays: number): DateWindow {
  if (hasExplicitWindow(params)) return dateWindow(params, now);
  return { start: new Date(now.getTime() - retentionDays * DAY_MS), end: new Date(now.getTime() + DAY_MS) };
}
