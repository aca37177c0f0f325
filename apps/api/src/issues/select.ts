import { buildIssueFilterQuery } from "@sift/search";
import type { Clock, GroupTypeRegistry } from "@sift/schemas";
import { selectIssueIds } from "@sift/storage";
import type { Db } from "@sift/storage";
import { badRequest } from "../http/errors.js";
import { parseIdList } from "../http/params.js";
import type { IssueIndexQuery } from "../http/params.js";
import {
  bulkWindow,
  filterOptions,
  parseQuery,
  queryText,
  resolveEnvironments,
  resolveProjects,
} from "./scope.js";
import type { IssueScope } from "./scope.js";

/** The reference's BULK_MUTATION_LIMIT: a query selects at most this many issues. */
export const BULK_MUTATION_LIMIT = 1000;

export interface SelectDeps {
  db: Db;
  clock: Clock;
  types: GroupTypeRegistry;
  retentionDays: number;
}

/**
 * The issues a bulk PUT / DELETE targets: the `id` parameters (other
 * organizations' and unknown ids are silently left out later, when the rows are locked), or else the
 * search for `query` — the default query when absent, `query=` meaning every issue — capped at 1,000.
 */
export async function selectIssues(
  deps: SelectDeps,
  scope: IssueScope,
  params: IssueIndexQuery,
): Promise<{ ids: number[]; projectIds: number[] }> {
  const now = deps.clock.now();
  const projects = await resolveProjects(deps.db, scope, params.project);
  const projectIds = projects.map((p) => p.id);
  // An unknown environment is a 404 as on the list, with `id`s too.
  const environments = await resolveEnvironments(deps.db, scope.organization, params.environment);
  if (params.id.length > 0) {
    const ids = [...new Set(parseIdList(params.id, "Group ids must be integers"))];
    if (ids.length > BULK_MUTATION_LIMIT)
      throw badRequest(`Too many issue ids: at most ${BULK_MUTATION_LIMIT} per request`);
    return { ids, projectIds };
  }
  if (projects.length === 0) return { ids: [], projectIds };
  const query = parseQuery(queryText(params), now, deps.types);
  const window = bulkWindow(params, now, deps.retentionDays);
  const options = await filterOptions(deps, scope, params, now, { window, projects, environments, query });
  const ids = await selectIssueIds(buildIssueFilterQuery(deps.db, options), BULK_MUTATION_LIMIT);
  return { ids, projectIds };
}
