import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { SEARCH_KEYS, resolveDateWindow } from "@sift/search";
import {
  listEnvironments,
  listProjectEnvironments,
  listScopeTagKeys,
  listScopeTagValues,
} from "@sift/storage";
import type { TagScope } from "@sift/storage";
import { zodRoutes } from "../context.js";
import type { ApiContext } from "../context.js";
import { requireOrganization, requirePathProject } from "../http/auth.js";
import { badRequest, notFound } from "../http/errors.js";
import { parseLimit, repeatedParam, singleParam } from "../http/params.js";
import { resolveProjects } from "../issues/scope.js";
import { environmentListSchema, projectEnvironmentListSchema } from "../serializers/environment.js";
import type { OrganizationTagKeyJson } from "../serializers/tag.js";
import {
  organizationTagKeyListSchema,
  serializeTagValue,
  serializeUserTagValue,
  tagKeyLabel,
  tagValueListSchema,
} from "../serializers/tag.js";

/**
 * How many issues an organization-level tag read sums the counters of: the most recently seen in the
 * scope. It bounds the read on any organization; below it the answer is exact over those issues.
 */
export const TAG_SCOPE_ISSUES = 1_000;
const DEFAULT_VALUES = 10;
const MAX_VALUES = 100;

/**
 * Keys the search language knows besides the tags, as Sentry's search bar suggests them: the aliases
 * people type where the language has one (`assigned`, `bookmarks`), not its internal names.
 */
const HIDDEN_KEYS = new Set([
  "assigned_to",
  "bookmarked_by",
  "subscribed_by",
  "for_review",
  "linked",
  "unassigned",
  "status",
  "substatus",
]);
export const SEARCH_ONLY_KEYS: readonly string[] = [
  ...new Set([
    "is",
    "has",
    "assigned",
    "bookmarks",
    "subscribed",
    ...SEARCH_KEYS.filter((k) => !HIDDEN_KEYS.has(k)),
  ]),
].sort();

const org = z.string().min(1).max(100).describe("organization slug (or id)");
const orgParams = z.object({ org });
const projectParams = z.object({ org, project: z.string().min(1).max(100).describe("project slug (or id)") });
const keyParams = orgParams.extend({ key: z.string().min(1).max(200).describe("tag key") });
const scopeQuery = {
  project: repeatedParam.describe("project id or slug (repeatable; `-1` = all, the default)"),
  environment: repeatedParam.describe("environment name (repeatable): issues seen there; unknown: 404"),
  statsPeriod: singleParam.describe("window, e.g. `24h`, `14d` (default 90 days)"),
  start: singleParam.describe("window start (ISO 8601), with `end`"),
  end: singleParam.describe("window end (ISO 8601), with `start`"),
};
const tagsQuery = z.looseObject(scopeQuery);
const valuesQuery = z.looseObject({
  ...scopeQuery,
  query: singleParam.describe("only values starting with this text (case-insensitive)"),
  limit: singleParam.describe(`values, 1–${MAX_VALUES} (default ${DEFAULT_VALUES})`),
});
const VISIBILITY = ["active", "all", "hidden"] as const;
const environmentsQuery = z.looseObject({
  visibility: singleParam.describe("`active` (default), `hidden` or `all`: Sift hides no environment"),
});

/** Sentry's tag key format (`tagstore.is_valid_key`). */
const TAG_KEY = /^[a-zA-Z0-9_.:-]{1,200}$/;

/** The ids of the named environments (none named: none); 404 for a name the organization never saw. */
async function environmentIdsOf(
  ctx: ApiContext,
  organizationId: number,
  names: readonly string[],
): Promise<number[]> {
  const wanted = new Set(names.filter((n) => n !== ""));
  if (wanted.size === 0) return [];
  const known = (await listEnvironments(ctx.db, organizationId)).filter((e) => wanted.has(e.name));
  if (known.length !== wanted.size) throw notFound();
  return known.map((e) => e.id);
}

/** The issues a request covers: its projects, environments and window. */
async function tagScope(
  ctx: ApiContext,
  request: FastifyRequest,
  params: { org: string },
  query: z.output<typeof tagsQuery>,
): Promise<TagScope> {
  const organization = requireOrganization(request.auth!, params.org);
  const window = resolveDateWindow(
    { statsPeriod: query.statsPeriod, start: query.start, end: query.end },
    ctx.clock.now(),
  );
  const explicit = query.project.some((p) => p.split(",").some((v) => v.trim() !== "" && v.trim() !== "-1"));
  const projects = explicit
    ? await resolveProjects(ctx.db, { organization, project: null }, query.project)
    : null;
  const environmentIds = await environmentIdsOf(ctx, organization.id, query.environment);
  return {
    organizationId: organization.id,
    ...(projects ? { projectIds: projects.map((p) => p.id) } : {}),
    environmentIds,
    start: window.start,
    end: window.end,
    issueLimit: TAG_SCOPE_ISSUES,
  };
}

async function organizationTags(ctx: ApiContext, scope: TagScope): Promise<OrganizationTagKeyJson[]> {
  const counted = await listScopeTagKeys(ctx.db, scope);
  const seen = new Set(counted.map((k) => k.key));
  return [
    ...counted.map((k) => ({ key: k.key, name: tagKeyLabel(k.key), totalValues: k.totalValues })),
    ...SEARCH_ONLY_KEYS.filter((k) => !seen.has(k)).map((k) => ({
      key: k,
      name: tagKeyLabel(k),
      totalValues: null,
    })),
  ];
}

function valueLimit(text: string | undefined): number {
  const limit = parseLimit(text) ?? DEFAULT_VALUES;
  if (limit < 1) throw badRequest("invalid limit");
  return Math.min(limit, MAX_VALUES);
}

function visibilityOf(text: string | undefined): (typeof VISIBILITY)[number] {
  const visibility = text ?? "active";
  if (!(VISIBILITY as readonly string[]).includes(visibility))
    throw badRequest(
      `Invalid value for 'visibility', valid values are: [${VISIBILITY.map((v) => `'${v}'`).join(", ")}]`,
    );
  return visibility as (typeof VISIBILITY)[number];
}

const DOC = { tags: ["Events"] };

/**
 * The organization's tag keys and values (the search box's suggestions) from the per-issue tag value
 * counters of the issues in scope, and its environments, at Sentry's organization and project routes.
 */
export function organizationTagRoutes(ctx: ApiContext) {
  return zodRoutes((app) => {
    app.get(
      "/organizations/:org/tags/",
      {
        schema: {
          ...DOC,
          operationId: "listOrganizationTags",
          summary: "List an organization's tag keys",
          description:
            "The tag keys of the events of the organization's issues in scope (projects, environments, " +
            `window), most carried first, summed over the ${TAG_SCOPE_ISSUES} most recently seen of them; ` +
            "then the search language's other keys (`is`, `assigned`, `first_seen` …) with `totalValues` null.",
          params: orgParams,
          querystring: tagsQuery,
          response: { 200: organizationTagKeyListSchema.describe("tag keys") },
        },
      },
      async (req) => organizationTags(ctx, await tagScope(ctx, req, req.params, req.query)),
    );
    app.get(
      "/organizations/:org/tags/:key/values/",
      {
        schema: {
          ...DOC,
          operationId: "listOrganizationTagValues",
          summary: "List a tag key's values in an organization",
          description:
            "The most seen values of one tag key over the issues in scope (as for the tag keys), those " +
            "starting with `query` when given; an empty list for a key no issue has.",
          params: keyParams,
          querystring: valuesQuery,
          response: { 200: tagValueListSchema.describe("values, most seen first") },
        },
      },
      async (req) => {
        const key = req.params.key;
        if (!TAG_KEY.test(key)) throw badRequest(`Invalid tag key format for '${key}'`);
        const limit = valueLimit(req.query.limit);
        const scope = await tagScope(ctx, req, req.params, req.query);
        const query = req.query.query ?? "";
        const values = await listScopeTagValues(ctx.db, scope, key, {
          ...(query !== "" ? { prefix: query } : {}),
          limit,
        });
        return values.map((v) => (key === "user" ? serializeUserTagValue(v) : serializeTagValue(key, v)));
      },
    );
    app.get(
      "/organizations/:org/environments/",
      {
        schema: {
          tags: ["Organizations"],
          operationId: "listOrganizationEnvironments",
          summary: "List an organization's environments",
          description: "Every environment an event of the organization named, by name.",
          params: orgParams,
          querystring: environmentsQuery,
          response: { 200: environmentListSchema.describe("environments") },
        },
      },
      async (req) => {
        const organization = requireOrganization(req.auth!, req.params.org);
        if (visibilityOf(req.query.visibility) === "hidden") return [];
        return (await listEnvironments(ctx.db, organization.id)).map((e) => ({
          id: String(e.id),
          name: e.name,
        }));
      },
    );
    app.get(
      "/projects/:org/:project/environments/",
      {
        schema: {
          tags: ["Organizations"],
          operationId: "listProjectEnvironments",
          summary: "List a project's environments",
          description: "The environments the project's issues were seen in, by name.",
          params: projectParams,
          querystring: environmentsQuery,
          response: { 200: projectEnvironmentListSchema.describe("environments") },
        },
      },
      async (req) => {
        const { organization, project } = await requirePathProject(ctx.db, req.auth!, req.params);
        if (visibilityOf(req.query.visibility) === "hidden") return [];
        return (await listProjectEnvironments(ctx.db, organization.id, project.id)).map((e) => ({
          id: String(e.id),
          name: e.name,
          isHidden: false,
        }));
      },
    );
  });
}
