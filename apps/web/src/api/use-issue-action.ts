import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { QueryClient } from "@tanstack/react-query";
import { actionBody } from "../stream/actions.js";
import type { IssueAction } from "../stream/actions.js";
import { listQuery } from "../stream/filters.js";
import type { StreamFilters } from "../stream/filters.js";
import { apiSend } from "./client.js";
import type { Page } from "./client.js";
import type { Issue } from "./types.js";

export interface ActionTarget {
  org: string;
  ids: readonly string[];
  /** Everything the filters match, not only `ids`. */
  all?: boolean;
  filters?: StreamFilters;
}

/** What an issue looks like right after the action, before the API's answer (optimistic update). */
export function patchIssue(issue: Issue, action: IssueAction): Issue {
  const body = actionBody(action) ?? {};
  const next: Issue = { ...issue };
  if (typeof body.status === "string") {
    next.status = body.status;
    next.substatus =
      typeof body.substatus === "string" ? body.substatus : body.status === "unresolved" ? "ongoing" : null;
  }
  if (action.kind === "priority") next.priority = action.priority;
  if (action.kind === "bookmark") next.isBookmarked = action.on;
  if (action.kind === "subscribe") next.isSubscribed = action.on;
  if (action.kind === "markReviewed") next.inbox = null;
  if (action.kind === "assign" && action.actor === null) next.assignedTo = null;
  return next;
}

function patchCaches(client: QueryClient, target: ActionTarget, action: IssueAction): void {
  const ids = new Set(target.ids);
  const removes = action.kind === "delete" || action.kind === "merge";
  client.setQueriesData<Page<Issue>>({ queryKey: ["issues", target.org] }, (page) => {
    if (!page) return page;
    const items = removes
      ? page.items.filter((i) => !ids.has(i.id) || (action.kind === "merge" && i.id === target.ids[0]))
      : page.items.map((i) => (ids.has(i.id) || target.all ? patchIssue(i, action) : i));
    return { ...page, items };
  });
  for (const id of ids)
    client.setQueryData<Issue>(["issue", target.org, id], (issue) =>
      issue ? patchIssue(issue, action) : issue,
    );
}

/** Runs an action on issues: optimistic in every cached list and issue, then refetched from the API. */
export function useIssueAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ action, target }: { action: IssueAction; target: ActionTarget }) => {
      const path = `/organizations/${encodeURIComponent(target.org)}/issues/`;
      let query: Record<string, string | readonly string[] | null>;
      if (target.all && target.filters) {
        const list = listQuery(target.filters);
        query = { query: list.query, project: list.project, environment: list.environment };
        if (list.statsPeriod) query.statsPeriod = list.statsPeriod;
        if (list.start && list.end) Object.assign(query, { start: list.start, end: list.end });
      } else query = { id: target.ids };
      const body = actionBody(action);
      if (body === null) return apiSend("DELETE", path, { query });
      return apiSend("PUT", path, { query, body });
    },
    onMutate: async ({ action, target }) => {
      await client.cancelQueries({ queryKey: ["issues", target.org] });
      patchCaches(client, target, action);
    },
    onSettled: async (_data, _error, { target }) => {
      await Promise.all([
        client.invalidateQueries({ queryKey: ["issues", target.org] }),
        client.invalidateQueries({ queryKey: ["issue", target.org] }),
      ]);
    },
  });
}
