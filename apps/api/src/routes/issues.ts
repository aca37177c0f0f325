import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { listIssueActivities } from "@sift/storage";
import type { IssueRecord, Organization } from "@sift/storage";
import { baseUrlOf, requestUrlOf, zodRoutes } from "../context.js";
import type { ApiContext, ZodApp } from "../context.js";
import { requireOrganization, requireProject, userIdOf } from "../http/auth.js";
import type { AuthContext } from "../http/auth.js";
import { notFound } from "../http/errors.js";
import { issueIndexQuerySchema, repeatedParam } from "../http/params.js";
import type { IssueIndexQuery } from "../http/params.js";
import { activityUsers } from "../issues/activity-users.js";
import { deleteIssues } from "../issues/delete.js";
import { findIssueForPath, issueDetails } from "../issues/details.js";
import { listIssues } from "../issues/list.js";
import { resolveEnvironments } from "../issues/scope.js";
import type { IssueScope } from "../issues/scope.js";
import { selectIssues } from "../issues/select.js";
import { updateIssues } from "../issues/update.js";
import { issueUpdateBodySchema } from "../issues/update-schema.js";
import type { IssueUpdateBody } from "../issues/update-schema.js";
import { serializeActivity } from "../serializers/event.js";
import {
  activityListSchema,
  issueDetailsSchema,
  issueListSchema,
  noContent,
  shortIdLookupSchema,
} from "../serializers/schemas.js";
import {
  ACTIVITIES_DOC,
  BULK_DELETE_DOC,
  BULK_UPDATE_DOC,
  BULK_UPDATE_RESPONSES,
  DELETE_DOC,
  DETAILS_DOC,
  LIST_DOC,
  LIST_HEADERS,
  UPDATE_DOC,
} from "./issue-docs.js";

const org = z.string().min(1).max(100).describe("organization slug (or id)");
const issueId = z.string().min(1).max(200).describe("issue id, or a qualified short id (WEB-1F)");
const orgParams = z.object({ org });
const projectParams = z.object({ org, project: z.string().min(1).max(100).describe("project slug (or id)") });
const orgIssueParams = z.object({ org, issueId });
const issueParams = z.object({ issueId });
const shortIdParams = z.object({ org, shortId: z.string().min(1).max(200).describe("e.g. WEB-1F") });
const updateBody = issueUpdateBodySchema.optional();
const updateQuery = z.looseObject({ environment: repeatedParam.describe("environment name (repeatable)") });
const detailsQuery = z.looseObject({
  environment: repeatedParam.describe("environment name (repeatable): `filtered` counts in it; unknown: 404"),
});

/** The issue index of an organization, and of one of its projects: each index route is at both. */
const INDEX_PREFIXES = [
  { path: "/organizations/:org/issues/", scope: "Organization", params: orgParams },
  { path: "/projects/:org/:project/issues/", scope: "Project", params: projectParams },
] as const;
/** One issue under its organization, and at Sentry's organization-less `/issues/…`: each route is at both. */
const ISSUE_PREFIXES = [
  {
    path: "/organizations/:org/issues/:issueId",
    scope: "Organization",
    params: orgIssueParams,
  },
  { path: "/issues/:issueId", scope: "", params: issueParams },
] as const;

/** The path parameters of one issue's routes: the organization's slug when under `/organizations/`. */
interface IssuePath {
  org?: string;
  issueId: string;
}

function auth(request: FastifyRequest): AuthContext {
  // The API plugin's onRequest hook has authenticated every request by now.
  return request.auth!;
}

/** The issue a path names, in the token's organization (checked against the path's when it names one). */
async function issueOf(
  ctx: ApiContext,
  request: FastifyRequest,
  path: IssuePath,
): Promise<{ organization: Organization; issue: IssueRecord }> {
  const organization =
    path.org === undefined ? auth(request).organization : requireOrganization(auth(request), path.org);
  return { organization, issue: await findIssueForPath(ctx.db, organization, path.issueId) };
}

/** The issue index at both of its prefixes: list, bulk update, bulk delete. */
function indexRoutes(app: ZodApp, ctx: ApiContext): void {
  /** The organization of the path, and its project on the project index. */
  const indexScope = async (
    request: FastifyRequest,
    params: { org: string; project?: string },
  ): Promise<IssueScope> => {
    const organization = requireOrganization(auth(request), params.org);
    const project =
      params.project === undefined ? null : await requireProject(ctx.db, organization, params.project);
    return { organization, project, userId: userIdOf(auth(request)) };
  };
  const list = async (
    request: FastifyRequest,
    reply: FastifyReply,
    query: IssueIndexQuery,
    scope: IssueScope,
  ) => {
    const result = await listIssues(ctx, scope, query, {
      requestUrl: requestUrlOf(ctx, request),
      baseUrl: baseUrlOf(ctx, request),
    });
    return reply.headers(result.headers).send(result.body);
  };
  const bulkUpdate = async (
    reply: FastifyReply,
    query: IssueIndexQuery,
    body: IssueUpdateBody,
    scope: IssueScope,
  ) => {
    const selection = await selectIssues(ctx, scope, query);
    const result = await updateIssues(
      ctx,
      { organization: scope.organization, userId: scope.userId, ...selection },
      body,
    );
    return result === null ? reply.code(204).send() : reply.send(result);
  };
  const bulkDelete = async (reply: FastifyReply, query: IssueIndexQuery, scope: IssueScope) => {
    const selection = await selectIssues(ctx, scope, query);
    await deleteIssues(ctx, { organization: scope.organization, ...selection });
    return reply.code(204).send();
  };

  for (const at of INDEX_PREFIXES) {
    app.get(
      at.path,
      {
        schema: {
          ...LIST_DOC,
          operationId: `list${at.scope}Issues`,
          params: at.params,
          querystring: issueIndexQuerySchema,
          response: { 200: issueListSchema.describe("a page of issues") },
        },
        config: { responseHeaders: LIST_HEADERS },
      },
      async (req, reply) => list(req, reply, req.query, await indexScope(req, req.params)),
    );
    app.put(
      at.path,
      {
        schema: {
          ...BULK_UPDATE_DOC,
          operationId: `update${at.scope}Issues`,
          params: at.params,
          querystring: issueIndexQuerySchema,
          body: updateBody,
          response: BULK_UPDATE_RESPONSES,
        },
      },
      async (req, reply) => bulkUpdate(reply, req.query, req.body ?? {}, await indexScope(req, req.params)),
    );
    app.delete(
      at.path,
      {
        schema: {
          ...BULK_DELETE_DOC,
          operationId: `delete${at.scope}Issues`,
          params: at.params,
          querystring: issueIndexQuerySchema,
          response: { 204: noContent("deleted (or nothing matched)") },
        },
      },
      async (req, reply) => bulkDelete(reply, req.query, await indexScope(req, req.params)),
    );
  }
}

/** One issue at both of its prefixes: details, update, delete. */
function singleIssueRoutes(app: ZodApp, ctx: ApiContext): void {
  const details = async (request: FastifyRequest, path: IssuePath, query: { environment: string[] }) => {
    const { organization, issue } = await issueOf(ctx, request, path);
    const environments = await resolveEnvironments(ctx.db, organization, query.environment);
    return issueDetails(
      ctx,
      organization,
      issue,
      baseUrlOf(ctx, request),
      userIdOf(auth(request)),
      environments,
    );
  };
  const update = async (
    request: FastifyRequest,
    path: IssuePath,
    body: IssueUpdateBody,
    environments: readonly string[],
  ) => {
    const { organization, issue } = await issueOf(ctx, request, path);
    // An unknown environment is a 404, as on every read.
    await resolveEnvironments(ctx.db, organization, environments);
    const userId = userIdOf(auth(request));
    const result = await updateIssues(ctx, { organization, ids: [issue.id], userId }, body);
    if (result === null) throw notFound(); // deleted meanwhile
    // As Sentry, a single update answers with the whole updated issue.
    const updated = await findIssueForPath(ctx.db, organization, String(issue.id));
    return issueDetails(ctx, organization, updated, baseUrlOf(ctx, request), userId);
  };
  const remove = async (request: FastifyRequest, reply: FastifyReply, path: IssuePath) => {
    const { organization, issue } = await issueOf(ctx, request, path);
    await deleteIssues(ctx, { organization, ids: [issue.id] });
    // Sentry's issue-details DELETE answers 202: the deletion is scheduled.
    return reply.code(202).send();
  };

  for (const at of ISSUE_PREFIXES)
    app.get(
      `${at.path}/`,
      {
        schema: {
          ...DETAILS_DOC,
          operationId: `get${at.scope}Issue`,
          params: at.params,
          querystring: detailsQuery,
          response: { 200: issueDetailsSchema.describe("the issue") },
        },
      },
      (req) => details(req, req.params, req.query),
    );
  for (const at of ISSUE_PREFIXES)
    app.put(
      `${at.path}/`,
      {
        schema: {
          ...UPDATE_DOC,
          operationId: `update${at.scope}Issue`,
          params: at.params,
          querystring: updateQuery,
          body: updateBody,
          response: { 200: issueDetailsSchema.describe("the whole updated issue") },
        },
      },
      (req) => update(req, req.params, req.body ?? {}, req.query.environment),
    );
  for (const at of ISSUE_PREFIXES)
    app.delete(
      `${at.path}/`,
      {
        schema: {
          ...DELETE_DOC,
          operationId: `delete${at.scope}Issue`,
          params: at.params,
          response: { 202: noContent("deletion scheduled (the issue is gone from every read at once)") },
        },
      },
      (req, reply) => remove(req, reply, req.params),
    );
}

/** An issue's activities at both of its prefixes. */
function eventRoutes(app: ZodApp, ctx: ApiContext): void {
  const activities = async (request: FastifyRequest, path: IssuePath) => {
    const { issue } = await issueOf(ctx, request, path);
    const rows = await listIssueActivities(ctx.db, issue.id, 100);
    const users = await activityUsers(ctx.db, rows);
    return { activity: rows.map((a) => serializeActivity(a, users)) };
  };

  for (const at of ISSUE_PREFIXES)
    app.get(
      `${at.path}/activities/`,
      {
        schema: {
          ...ACTIVITIES_DOC,
          operationId: `list${at.scope}IssueActivities`,
          params: at.params,
          response: { 200: activityListSchema.describe("the activity log, newest first") },
        },
      },
      (req) => activities(req, req.params),
    );
}

/** Sentry's short-id lookup. */
function shortIdRoute(app: ZodApp, ctx: ApiContext): void {
  const shortIdDoc = {
    tags: ["Issues"],
    operationId: "resolveShortId",
    summary: "Look up an issue by its short id",
    description:
      "Sentry's short-id parsing: an `issue:` prefix, space / `_` / `-` separators, O→0, I/L→1. " +
      "Plain numbers are not short ids (404).",
    params: shortIdParams,
    response: { 200: shortIdLookupSchema.describe("the issue and its project") },
  };
  app.get("/organizations/:org/shortids/:shortId/", { schema: shortIdDoc }, async (req) => {
    const organization = requireOrganization(auth(req), req.params.org);
    if (/^\d+$/.test(req.params.shortId)) throw notFound();
    const issue = await findIssueForPath(ctx.db, organization, req.params.shortId);
    const group = await issueDetails(ctx, organization, issue, baseUrlOf(ctx, req), userIdOf(auth(req)));
    const project = group.project as { slug: string };
    return {
      organizationSlug: organization.slug,
      projectSlug: project.slug,
      groupId: String(issue.id),
      group,
      shortId: group.shortId,
    };
  });
}

export function issueRoutes(ctx: ApiContext) {
  return zodRoutes((app) => {
    indexRoutes(app, ctx);
    singleIssueRoutes(app, ctx);
    eventRoutes(app, ctx);
    shortIdRoute(app, ctx);
  });
}
