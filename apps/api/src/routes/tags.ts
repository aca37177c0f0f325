import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { listIssueTagKeys, listIssueTagValues } from "@sift/storage";
import type { IssueRecord, IssueTagValueSort } from "@sift/storage";
import { requestUrlOf, zodRoutes } from "../context.js";
import { ISSUE_PREFIXES, issueOfPath } from "./issue-paths.js";
import type { ApiContext } from "../context.js";
import { badRequest, notFound } from "../http/errors.js";
import { OFFSET_PAGE_HEADERS, offsetLinkHeader, offsetPage, pageWindow } from "../http/offset-page.js";
import { parseLimit, repeatedParam, singleParam } from "../http/params.js";
import type { TagKeyJson, TagValueJson, UserTagValueJson } from "../serializers/tag.js";
import {
  serializeTagKey,
  serializeTagValue,
  serializeUserTagValue,
  tagKeyListSchema,
  tagKeySchema,
  tagValueListSchema,
} from "../serializers/tag.js";

const key = z.string().min(1).max(200).describe("tag key (`environment`, `release`, `level`, `user`, …)");

const environmentParam = repeatedParam.describe("not supported: tags are counted over all environments");
const tagsQuery = z.looseObject({
  key: repeatedParam.describe("only these keys (repeatable)"),
  limit: singleParam.describe("top values per key, 1–100 (default 10, or 9 with `key`, as Sentry)"),
  environment: environmentParam,
});
const tagQuery = z.looseObject({ environment: environmentParam });
const valuesQuery = z.looseObject({
  sort: singleParam.describe("`id` / `age` (default: first seen, newest first), `date` (last seen), `count`"),
  cursor: singleParam.describe("from the `Link` header"),
  per_page: singleParam.describe("page size, 1–100 (default 100)"),
  environment: environmentParam,
});

const DOC = { tags: ["Events"] };
/** Sentry's values sorts (a leading `-` allowed); its `id` is the first seen time, as on Snuba. */
const SORTS: Record<string, IssueTagValueSort> = { id: "age", age: "age", date: "date", count: "count" };
const MAX_TOP_VALUES = 100;

/** The counters cover every environment: a filter by one would be silently wrong, so it is refused. */
function refuseEnvironment(environment: readonly string[]): void {
  if (environment.some((e) => e !== ""))
    throw badRequest("Filtering issue tags by environment is not supported");
}

function topValueLimit(limit: string | undefined, byKey: boolean): number {
  const parsed = parseLimit(limit);
  if (parsed === undefined) return byKey ? 9 : 10;
  if (parsed < 1) throw badRequest("invalid limit");
  return Math.min(parsed, MAX_TOP_VALUES);
}

type TagsQuery = z.output<typeof tagsQuery>;
type ValuesQuery = z.output<typeof valuesQuery>;

/** The issue's tag keys with their top values. */
async function issueTags(ctx: ApiContext, issue: IssueRecord, query: TagsQuery): Promise<TagKeyJson[]> {
  refuseEnvironment(query.environment);
  const keys = query.key.filter((k) => k !== "");
  const found = await listIssueTagKeys(ctx.db, issue.id, {
    ...(keys.length > 0 ? { keys } : {}),
    valueLimit: topValueLimit(query.limit, keys.length > 0),
  });
  return found.map(serializeTagKey);
}

/** One tag key of the issue with its 9 top values (Sentry's `get_top_group_tag_values` default). */
async function issueTag(ctx: ApiContext, issue: IssueRecord, key: string): Promise<TagKeyJson> {
  const [found] = await listIssueTagKeys(ctx.db, issue.id, { keys: [key], valueLimit: 9 });
  if (!found) throw notFound();
  return serializeTagKey(found);
}

/** A page of one key's values and its `Link` header; 404 when the issue never had the key. */
async function issueTagValues(
  ctx: ApiContext,
  issue: IssueRecord,
  key: string,
  query: ValuesQuery,
  url: string,
): Promise<{ link: string; body: (TagValueJson | UserTagValueJson)[] }> {
  refuseEnvironment(query.environment);
  const sort = SORTS[(query.sort ?? "id").replace(/^-/, "")];
  if (!sort) throw badRequest("Invalid sort: expected id, age, date or count");
  const page = offsetPage(query.cursor, query.per_page);
  const rows = await listIssueTagValues(ctx.db, issue.id, key, {
    sort,
    ...pageWindow(page),
  });
  if (rows.length === 0) {
    const first =
      page.offset === 0 ? [] : await listIssueTagValues(ctx.db, issue.id, key, { sort, limit: 1, offset: 0 });
    if (first.length === 0) throw notFound();
  }
  return {
    link: offsetLinkHeader(url, page, rows.length > page.limit),
    body: rows
      .slice(0, page.limit)
      .map((v) => (key === "user" ? serializeUserTagValue(v) : serializeTagValue(key, v))),
  };
}

/**
 * Issue tags (Sentry's group tag endpoints) under both issue prefixes, read from the per-issue tag value
 * counters the grouping engine writes: never a scan of the issue's events.
 */
export function tagRoutes(ctx: ApiContext) {
  return zodRoutes((app) => {
    const issueOf = (request: FastifyRequest, params: { org?: string; issueId: string }) =>
      issueOfPath(ctx, request, params);

    for (const at of ISSUE_PREFIXES) {
      const prefix = at.path;
      const name = (operation: string) => operation.replace(/^(list|get)/, `$1${at.id}`);
      const params = at.params;
      const keyParams = at.params.extend({ key });

      app.get(
        `${prefix}/tags/`,
        {
          schema: {
            ...DOC,
            operationId: name("listIssueTags"),
            summary: "List an issue's tags",
            description:
              "Each tag key of the issue's events (their tags, `level`, `environment`, `release`, `user`), " +
              "most carried first, with its distinct values, its events and its top values.",
            params,
            querystring: tagsQuery,
            response: { 200: tagKeyListSchema.describe("the issue's tag keys") },
          },
        },
        async (req) => issueTags(ctx, await issueOf(req, req.params), req.query),
      );
      app.get(
        `${prefix}/tags/:key/`,
        {
          schema: {
            ...DOC,
            operationId: name("getIssueTag"),
            summary: "Retrieve tag details",
            description: "One tag key of the issue with its 9 most seen values; 404 for a key it never had.",
            params: keyParams,
            querystring: tagQuery,
            response: { 200: tagKeySchema.describe("the tag key") },
          },
        },
        async (req) => {
          refuseEnvironment(req.query.environment);
          return issueTag(ctx, await issueOf(req, req.params), req.params.key);
        },
      );
      app.get(
        `${prefix}/tags/:key/values/`,
        {
          schema: {
            ...DOC,
            operationId: name("listIssueTagValues"),
            summary: "List a tag's values for an issue",
            description:
              "Every value of one tag key of the issue, a page at a time; `user` values carry the user's fields. " +
              "404 for a key the issue never had.",
            params: keyParams,
            querystring: valuesQuery,
            response: { 200: tagValueListSchema.describe("a page of values") },
          },
          config: { responseHeaders: OFFSET_PAGE_HEADERS },
        },
        async (req, reply) => {
          const issue = await issueOf(req, req.params);
          const page = await issueTagValues(ctx, issue, req.params.key, req.query, requestUrlOf(ctx, req));
          return reply.header("Link", page.link).send(page.body);
        },
      );
    }
  });
}
