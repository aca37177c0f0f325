import type { IssueListOptions, IssueSearchResult } from "../issue-list.js";
import { parseSearchQuery } from "../parser.js";

/** The time the search tests run at, and the spans they place issues by. */
export const NOW = new Date("2026-01-15T12:00:00.000Z");
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
export const ago = (ms: number): Date => new Date(NOW.getTime() - ms);

/** A search of `query` in the organization's projects over the 90 days before NOW. */
export const listOptions = (
  scope: { organizationId: number; projectIds: number[] },
  query: string,
  extra: Partial<IssueListOptions> = {},
): IssueListOptions => ({
  query: parseSearchQuery(query),
  ...scope,
  start: ago(90 * DAY),
  end: NOW,
  now: NOW,
  ...extra,
});

/** The names (keys of `ids`) of the issues a search found, sorted. */
export const issueNames = (result: IssueSearchResult, ids: Record<string, number>): string[] =>
  result.issues.map((i) => Object.keys(ids).find((k) => ids[k] === i.id) ?? `?${i.id}`).sort();
