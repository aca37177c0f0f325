import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, orFallback } from "./client.js";
import type { Page } from "./client.js";
import type { Issue, IssueDetails, Project, TagKey, TagValue } from "./types.js";

const org = (slug: string) => `/organizations/${encodeURIComponent(slug)}`;

export function orgPath(slug: string): string {
  return org(slug);
}

/** The organization's projects (an empty list where the endpoint is missing). */
export function useProjects(slug: string) {
  return useQuery({
    queryKey: ["projects", slug],
    queryFn: () => orFallback(apiGet<Project[]>(`${org(slug)}/projects/`), []),
    staleTime: 60_000,
  });
}

/** The organization's environments by name (an empty list where the endpoint is missing). */
export function useEnvironments(slug: string) {
  return useQuery({
    queryKey: ["environments", slug],
    queryFn: async () =>
      (await orFallback(apiGet<{ name: string }[]>(`${org(slug)}/environments/`), [])).map((e) => e.name),
    staleTime: 60_000,
  });
}

/** The part of the stream's filters the tags endpoints narrow their keys and values by. */
export interface TagScope {
  project?: readonly string[];
  environment?: readonly string[];
  statsPeriod?: string | null;
  start?: string | null;
  end?: string | null;
}

/** Tag keys for the search box's suggestions (the tags and the search language's other keys). */
export function useTagKeys(slug: string, scope: TagScope = {}) {
  return useQuery({
    queryKey: ["tag-keys", slug, scope],
    queryFn: async ({ signal }) =>
      (await orFallback(apiGet<TagKey[]>(`${org(slug)}/tags/`, { ...scope }, signal), [])).map((t) => t.key),
    staleTime: 60_000,
  });
}

/**
 * The most seen values of one tag key starting with `prefix`, for the search box (none until a key is
 * typed), with the key they are of. A request superseded by another prefix is aborted; until the
 * new one answers, the previous answer stays (the box narrows it as one types).
 */
export function useTagValues(slug: string, key: string | null, prefix = "", scope: TagScope = {}) {
  return useQuery({
    queryKey: ["tag-values", slug, key, prefix, scope],
    enabled: key !== null,
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }) => ({
      key: key!,
      values: (
        await orFallback(
          apiGet<TagValue[]>(
            `${org(slug)}/tags/${encodeURIComponent(key!)}/values/`,
            { ...scope, query: prefix || null },
            signal,
          ),
          [],
        )
      )
        .map((v) => v.value)
        .filter((v): v is string => typeof v === "string"),
    }),
    staleTime: 60_000,
  });
}

/** The signed-in user: `user:ID` for "Assign to me" and whether their role may delete. */
export interface Me {
  actor: string | null;
  canDelete: boolean;
}

/** The signed-in user (a token answers no user, and keeps every action: the API decides). */
/** Who the caller is while `useMe` has not answered: nobody, allowed nothing an admin may do. */
export const UNKNOWN_ME: Me = { actor: null, canDelete: false };

export function useMe() {
  return useQuery({
    queryKey: ["me"],
    queryFn: async (): Promise<Me> => {
      // A session answers the user with its `session`; a token answers no user.
      const me = await orFallback(
        apiGet<{ id?: string; session?: { scopes?: string[] } }>("/auth/"),
        null,
      ).catch(() => null);
      if (!me?.id || !me.session) return { actor: null, canDelete: true };
      return { actor: `user:${me.id}`, canDelete: me.session.scopes?.includes("event:admin") ?? true };
    },
    staleTime: 300_000,
  });
}

/** One issue's details (the issue page's header); the stream prefetches them on hover and focus. */
export function issueDetailsQuery(slug: string, issueId: string) {
  return {
    queryKey: ["issue", slug, issueId],
    queryFn: () => apiGet<IssueDetails>(`${org(slug)}/issues/${encodeURIComponent(issueId)}/`),
  };
}

/**
 * The issue page's details, shown at once from the stream's row of the issue (title, status, counts)
 * while the details load: a click on a row never waits for the network to show the header.
 */
export function useIssueDetails(slug: string, issueId: string) {
  const client = useQueryClient();
  return useQuery({
    ...issueDetailsQuery(slug, issueId),
    placeholderData: () => {
      for (const [, page] of client.getQueriesData<Page<Issue>>({ queryKey: ["issues", slug] })) {
        const row = page?.items?.find((i) => i.id === issueId || i.shortId === issueId);
        if (row)
          return { ...row, activity: [], firstRelease: null, lastRelease: null } as unknown as IssueDetails;
      }
      return undefined;
    },
  });
}

export function usePrefetchIssue(slug: string): (issueId: string) => void {
  const client = useQueryClient();
  return (issueId) => void client.prefetchQuery({ ...issueDetailsQuery(slug, issueId), staleTime: 10_000 });
}
