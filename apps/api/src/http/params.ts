import { z } from "zod";
import { badRequest } from "./errors.js";

/** Query parameter text: NUL characters can never be stored or searched for. */
const paramText = z
  .string()
  .max(10_000)
  .refine((v) => !v.includes("\u0000"), "must not contain NUL characters");

/** A query parameter that may repeat (`?project=1&project=2`): always a list after parsing. */
export const repeatedParam = z
  .union([paramText, z.array(paramText).max(1_000)])
  .optional()
  .transform((v): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

/** A single-valued query parameter. */
export const singleParam = paramText.optional();

/** Integer ids from repeated parameters (each may also be a comma list); `message` on a non-integer. */
export function parseIdList(values: readonly string[], message: string): number[] {
  const ids: number[] = [];
  for (const value of values) {
    for (const part of value.split(",")) {
      const text = part.trim();
      if (text === "") continue;
      if (!/^\d{1,15}$/.test(text)) throw badRequest(message);
      ids.push(Number(text));
    }
  }
  return ids;
}

/** Python-`int()`-style parse of `limit`: "invalid limit" on anything else. */
export function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\s*[+-]?\d{1,9}\s*$/.test(value)) throw badRequest("invalid limit");
  return Number(value.trim());
}

/** `expand` / `collapse` values as a set (repeatable, each may be a comma list). */
export function flagSet(values: readonly string[]): Set<string> {
  return new Set(
    values
      .flatMap((v) => v.split(","))
      .map((v) => v.trim())
      .filter((v) => v !== ""),
  );
}

/** The parameters of the issue list / bulk update / bulk delete. */
export const issueIndexQuerySchema = z.looseObject({
  query: singleParam.describe(
    "search query; `is:unresolved issue.priority:[high, medium]` when absent, no filter when empty",
  ),
  sort: singleParam.describe("`date` (default), `new`, `freq`, `user`, `trends`, `inbox`, `recommended`"),
  limit: singleParam.describe("page size, 1–100 (default 100)"),
  cursor: singleParam.describe("from the `Link` header"),
  statsPeriod: singleParam.describe("window, e.g. `24h`, `14d` (default 90 days)"),
  statsPeriodStart: singleParam,
  statsPeriodEnd: singleParam,
  timeframe: singleParam,
  timeframeStart: singleParam,
  timeframeEnd: singleParam,
  start: singleParam.describe("window start (ISO 8601), with `end`"),
  end: singleParam.describe("window end (ISO 8601), with `start`"),
  groupStatsPeriod: singleParam.describe("`24h` (default), `14d`, `auto`, or empty for no stats"),
  shortIdLookup: singleParam.describe("`1`: a short id as the query answers that issue"),
  environment: repeatedParam.describe("environment name (repeatable)"),
  project: repeatedParam.describe("project id or slug (repeatable; `-1` = all, the default)"),
  status: singleParam.describe(
    "legacy status filter (sentry-cli `-s`): `unresolved`, `resolved`, `ignored`, `muted` (= ignored); " +
      "alone it replaces the default query, with `query` both apply",
  ),
  expand: repeatedParam.describe("`inbox`"),
  collapse: repeatedParam.describe("`stats`, `lifetime`, `filtered`, `base`, `unhandled` (as in Sentry)"),
  group: repeatedParam.describe("issue id (repeatable): only these issues"),
  id: repeatedParam.describe("issue id (repeatable): the issues a bulk update or delete targets"),
});

export type IssueIndexQuery = z.output<typeof issueIndexQuerySchema>;
