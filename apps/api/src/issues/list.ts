import { buildLinkHeader, parseCursor, parseSort, searchIssues } from "@sift/search";
import type { DateWindow, IssueListOptions } from "@sift/search";
import { canonicalUuid, parseQualifiedShortId } from "@sift/schemas";
import type { Clock, GroupTypeRegistry } from "@sift/schemas";
import { findIssueByShortId, findIssueIdsByEventId, getIssuesByIds } from "@sift/storage";
import type { Db, Project } from "@sift/storage";
import { badRequest } from "../http/errors.js";
import { flagSet, parseIdList, parseLimit } from "../http/params.js";
import type { IssueIndexQuery } from "../http/params.js";
import type { CollapsedIssueJson, IssueJson } from "../serializers/schemas.js";
import { serializeIssues } from "./serialize.js";
import { parseGroupStatsPeriod } from "./stats.js";
import {
  dateWindow,
  filterOptions,
  hasExplicitWindow,
  loadOrganizationFeatures,
  parseQuery,
  queryText,
  resolveEnvironments,
  resolveProjects,
} from "./scope.js";
import type { IssueScope } from "./scope.js";

export interface ListDeps {
  db: Db;
  clock: Clock;
  types: GroupTypeRegistry;
  retentionDays: number;
}

export interface ListResponse {
  body: (IssueJson | CollapsedIssueJson)[];
  headers: Record<string, string>;
}

/** The list's options for @sift/search (also what the EXPLAIN tests run). */
export async function issueListOptions(
  deps: ListDeps,
  scope: IssueScope,
  params: IssueIndexQuery,
  now: Date,
  resolved?: {
    window: DateWindow;
    projects: readonly Project[];
    environments: readonly string[];
    features: ReadonlySet<string>;
  },
): Promise<IssueListOptions> {
  const window = resolved?.window ?? dateWindow(params, now);
  const projects = resolved?.projects ?? (await resolveProjects(deps.db, scope, params.project));
  const environments =
    resolved?.environments ?? (await resolveEnvironments(deps.db, scope.organization, params.environment));
  const query = parseQuery(queryText(params), now, deps.types);
  const base = await filterOptions(deps, scope, params, now, {
    window,
    projects,
    environments,
    query,
    features: resolved?.features,
  });
  const limit = parseLimit(params.limit);
  if (limit !== undefined && limit < 1) throw badRequest("invalid limit");
  return {
    ...base,
    sort: parseSort(params.sort),
    cursor: params.cursor === undefined || params.cursor === "" ? null : parseCursor(params.cursor),
    limit,
  };
}

/** Awaits promises that already run together, rejecting with the first failure in list order. */
async function inOrder<T extends readonly unknown[]>(promises: {
  readonly [K in keyof T]: Promise<T[K]>;
}): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((s) => s.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * GET issues: validation, event-id direct hit, short-id lookup, `group`
 * ids, then the search with its `Link` / `X-Hits` headers.
 */
export async function listIssues(
  deps: ListDeps,
  scope: IssueScope,
  params: IssueIndexQuery,
  urls: { requestUrl: string; baseUrl: string },
): Promise<ListResponse> {
  const now = deps.clock.now();
  const statsPeriod = parseGroupStatsPeriod(params.groupStatsPeriod);
  const window = dateWindow(params, now);
  // Independent lookups run together; their errors still surface in this order (project, environment).
  const [projects, environments, features] = await inOrder([
    resolveProjects(deps.db, scope, params.project),
    resolveEnvironments(deps.db, scope.organization, params.environment),
    loadOrganizationFeatures(deps.db, scope.organization),
  ] as const);
  const serializeOptions = {
    expand: flagSet(params.expand),
    collapse: flagSet(params.collapse),
    statsPeriod,
    window,
    baseUrl: urls.baseUrl,
    userId: scope.userId ?? null,
    // As Sentry, `filtered` counts under the list's filters: with environments or a window selected.
    filtered: environments.length > 0 || hasExplicitWindow(params) ? { environments, window } : null,
  };
  const serialize = (issues: Parameters<typeof serializeIssues>[2]): Promise<ListResponse["body"]> =>
    serializeIssues(deps, scope.organization, issues, serializeOptions);
  if (projects.length === 0) return { body: [], headers: {} };
  const text = (params.query ?? "").trim();
  const projectIds = projects.map((p) => p.id);

  // Event id: a direct hit when exactly one issue has that event.
  const eventId = text === "" ? null : canonicalUuid(text);
  if (eventId !== null) {
    const ids = await findIssueIdsByEventId(deps.db, scope.organization.id, projectIds, eventId);
    if (ids.length > 0) {
      const issues = await getIssuesByIds(deps.db, scope.organization.id, ids, { projectIds });
      const body = await serialize(issues);
      if (issues.length === 1) {
        body[0]!.matchingEventId = eventId;
        return { body, headers: { "X-Sentry-Direct-Hit": "1" } };
      }
      return { body, headers: {} };
    }
  }

  // Short id: looked up in the whole organization, ignoring the project selection.
  if (params.shortIdLookup === "1" && text !== "") {
    const parsed = parseQualifiedShortId(text);
    if (parsed) {
      const issue = await findIssueByShortId(
        deps.db,
        scope.organization.id,
        parsed.projectSlug,
        parsed.shortId,
      );
      if (issue && (!scope.project || scope.project.id === issue.projectId)) {
        return { body: await serialize([issue]), headers: { "X-Sentry-Direct-Hit": "1" } };
      }
    }
  }

  // Explicit issue ids bypass the search.
  if (params.group.length > 0) {
    const ids = parseIdList(params.group, "Group ids must be integers");
    const issues = await getIssuesByIds(deps.db, scope.organization.id, ids, { projectIds });
    return { body: await serialize(issues), headers: {} };
  }

  const options = await issueListOptions(deps, scope, params, now, {
    window,
    projects,
    environments,
    features,
  });
  const result = await searchIssues(deps.db, options);
  const headers: Record<string, string> = {
    Link: buildLinkHeader(urls.requestUrl, { previous: result.previous, next: result.next }),
    "X-Hits": String(result.hits),
  };
  if (result.maxHits !== null) headers["X-Max-Hits"] = String(result.maxHits);
  return { body: await serialize(result.issues), headers };
}
