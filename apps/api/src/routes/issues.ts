import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { listIssueActivities, listIssueOccurrences } from "@sift/storage";
import type { IssueRecord, Organization } from "@sift/storage";
import { baseUrlOf, requestUrlOf } from "../context.js";
import type { ApiContext } from "../context.js";
import { requireOrganization, requireProject } from "../http/auth.js";
import type { AuthContext } from "../http/auth.js";
import { notFound } from "../http/errors.js";
import { offsetLinkHeader, offsetPage } from "../http/offset-page.js";
import { issueIndexQuerySchema, repeatedParam, singleParam } from "../http/params.js";
import type { IssueIndexQuery } from "../http/params.js";
import { deleteIssues } from "../issues/delete.js";
import { findIssueForPath, issueDetails } from "../issues/details.js";
import { listIssues } from "../issues/list.js";
import type { IssueScope } from "../issues/scope.js";
import { selectIssues } from "../issues/select.js";
import { updateIssues } from "../issues/update.js";
import { issueUpdateBodySchema } from "../issues/update-schema.js";
import type { IssueUpdateBody } from "../issues/update-schema.js";
import { serializeActivity, serializeEvent } from "../serializers/event.js";
import {
  activityListSchema,
  issueDetailsSchema,
  issueEventListSchema,
  issueEventSchema,
  issueListSchema,
  issueUpdateResultSchema,
  noContent,
  shortIdLookupSchema,
} from "../serializers/schemas.js";
import { canonicalUuid } from "@sift/schemas";

const org = z.string().min(1).max(100).describe("organization slug (or id)");
const issueId = z.string().min(1).max(200).describe("issue id, or a qualified short id (WEB-1F)");
const orgParams = z.object({ org });
const projectParams = z.object({ org, project: z.string().min(1).max(100).describe("project slug (or id)") });
const orgIssueParams = z.object({ org, issueId });
const issueParams = z.object({ issueId });
const eventId = z.string().min(1).max(100).describe("`latest`, `oldest`, `recommended` or an event id");
const orgEventParams = z.object({ org, issueId, eventId });
const eventParams = z.object({ issueId, eventId });
const shortIdParams = z.object({ org, shortId: z.string().min(1).max(200).describe("e.g. WEB-1F") });
const updateBody = issueUpdateBodySchema.optional();
const eventsQuery = z.looseObject({
  cursor: singleParam,
  per_page: singleParam,
  limit: singleParam,
  full: singleParam,
  environment: repeatedParam,
});

// --- what the OpenAPI document says about each kind of route -----------------------------------------
const LIST_DOC = {
  tags: ["Issues"],
  summary: "List and search issues",
  description:
    "Sentry's issue index (reference §12). `query` defaults to `is:unresolved issue.priority:[high, medium]` " +
    "when absent (`query=` means no filter); Sift's search also accepts `AND`, `OR` and parentheses. " +
    "`sort`: `date` (default), `new`, `freq`, `user`, `trends`, `inbox`. `limit` ≤ 100. Windows: `statsPeriod`, " +
    "`start` + `end` (default 90 days). `groupStatsPeriod`: `24h` (default), `14d`, `auto`, `` (none). " +
    "An event id or a short id as the query answers that issue with `X-Sentry-Direct-Hit: 1`. " +
    "Repeatable parameters (`project`, `environment`, `group`, `expand`, `collapse`, `id`) may repeat.",
};
const LIST_HEADERS = {
  200: {
    Link: 'pagination: `<url>; rel="previous"; results="true|false"; cursor="…", <url>; rel="next"; …`',
    "X-Hits": "number of matching issues (capped at X-Max-Hits)",
    "X-Max-Hits": "the cap of X-Hits (1000)",
    "X-Sentry-Direct-Hit": "`1` when the query was an event id or a short id",
  },
};
const PAGE_HEADERS = {
  200: { Link: 'pagination (`cursor="0:<offset>:0"`), as in Sentry' },
};
const BULK_UPDATE_DOC = {
  tags: ["Issues"],
  summary: "Update issues in bulk",
  description:
    "Reference §14: the issues named by `id` (repeatable), or else those matching the search (`query`, " +
    "the default query when absent), at most 1,000. Resolve (also in a release, the next release or a " +
    "commit), ignore (with conditions), unresolve, priority, assignee, inbox, merge (`merge: 1`, two or " +
    "more issues of one project: answers `{merge: {parent, children}}`). Answers the validated body " +
    "with the computed fields; 204 when nothing matched.",
};
const BULK_UPDATE_RESPONSES = {
  200: issueUpdateResultSchema.describe("the validated body with the computed fields"),
  204: noContent("no issue matched"),
};
const BULK_DELETE_DOC = {
  tags: ["Issues"],
  summary: "Delete issues in bulk",
  description:
    "Reference §15, any issue type: the issues named by `id`, or else those matching the search (at most " +
    "1,000). Their fingerprints are released, so the next occurrence creates a fresh issue.",
};
const DETAILS_DOC = {
  tags: ["Issues"],
  summary: "Get an issue",
  description: "The issue JSON with `24h` and `30d` stats, its activity, first and last release.",
};
const UPDATE_DOC = {
  tags: ["Issues"],
  summary: "Update an issue",
  description: "As the bulk update, for one issue; answers with the whole updated issue (as Sentry).",
};
const DELETE_DOC = {
  tags: ["Issues"],
  summary: "Delete an issue",
  description: "Any issue type; answers 202 (Sentry: the deletion is scheduled).",
};
const EVENTS_DOC = {
  tags: ["Events"],
  summary: "List an issue's events",
  description: "Its occurrences with their events, newest first; `per_page` ≤ 100, `cursor`, `environment`.",
};
const EVENT_DOC = {
  tags: ["Events"],
  summary: "Get one event of an issue",
};
const ACTIVITIES_DOC = {
  tags: ["Events"],
  summary: "An issue's activity log",
};

function auth(request: FastifyRequest): AuthContext {
  // The API plugin's onRequest hook has authenticated every request by now.
  return request.auth!;
}

export function issueRoutes(ctx: ApiContext) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    // --- the issue index: list, bulk update, bulk delete -------------------------------------------
    const list = async (
      request: FastifyRequest,
      reply: FastifyReply,
      scope: IssueScope,
      query: IssueIndexQuery,
    ) => {
      const result = await listIssues(ctx, scope, query, {
        requestUrl: requestUrlOf(ctx, request),
        baseUrl: baseUrlOf(ctx, request),
      });
      return reply.headers(result.headers).send(result.body);
    };
    const bulkUpdate = async (
      reply: FastifyReply,
      scope: IssueScope,
      query: IssueIndexQuery,
      body: IssueUpdateBody,
    ) => {
      const selection = await selectIssues(ctx, scope, query);
      const result = await updateIssues(ctx, { organization: scope.organization, ...selection }, body);
      return result === null ? reply.code(204).send() : reply.send(result);
    };
    const bulkDelete = async (reply: FastifyReply, scope: IssueScope, query: IssueIndexQuery) => {
      const selection = await selectIssues(ctx, scope, query);
      await deleteIssues(ctx, { organization: scope.organization, ...selection });
      return reply.code(204).send();
    };
    const orgScope = (request: FastifyRequest, org: string): IssueScope => ({
      organization: requireOrganization(auth(request), org),
      project: null,
    });
    const projectScope = async (
      request: FastifyRequest,
      org: string,
      project: string,
    ): Promise<IssueScope> => {
      const organization = requireOrganization(auth(request), org);
      return { organization, project: await requireProject(ctx.db, organization, project) };
    };

    app.get(
      "/organizations/:org/issues/",
      {
        schema: {
          ...LIST_DOC,
          operationId: "listOrganizationIssues",
          params: orgParams,
          querystring: issueIndexQuerySchema,
          response: { 200: issueListSchema.describe("a page of issues") },
        },
        config: { responseHeaders: LIST_HEADERS },
      },
      (req, reply) => list(req, reply, orgScope(req, req.params.org), req.query),
    );
    app.put(
      "/organizations/:org/issues/",
      {
        schema: {
          ...BULK_UPDATE_DOC,
          operationId: "updateOrganizationIssues",
          params: orgParams,
          querystring: issueIndexQuerySchema,
          body: updateBody,
          response: BULK_UPDATE_RESPONSES,
        },
      },
      (req, reply) => bulkUpdate(reply, orgScope(req, req.params.org), req.query, req.body ?? {}),
    );
    app.delete(
      "/organizations/:org/issues/",
      {
        schema: {
          ...BULK_DELETE_DOC,
          operationId: "deleteOrganizationIssues",
          params: orgParams,
          querystring: issueIndexQuerySchema,
          response: { 204: noContent("deleted (or nothing matched)") },
        },
      },
      (req, reply) => bulkDelete(reply, orgScope(req, req.params.org), req.query),
    );
    app.get(
      "/projects/:org/:project/issues/",
      {
        schema: {
          ...LIST_DOC,
          operationId: "listProjectIssues",
          params: projectParams,
          querystring: issueIndexQuerySchema,
          response: { 200: issueListSchema.describe("a page of issues") },
        },
        config: { responseHeaders: LIST_HEADERS },
      },
      async (req, reply) =>
        list(req, reply, await projectScope(req, req.params.org, req.params.project), req.query),
    );
    app.put(
      "/projects/:org/:project/issues/",
      {
        schema: {
          ...BULK_UPDATE_DOC,
          operationId: "updateProjectIssues",
          params: projectParams,
          querystring: issueIndexQuerySchema,
          body: updateBody,
          response: BULK_UPDATE_RESPONSES,
        },
      },
      async (req, reply) =>
        bulkUpdate(
          reply,
          await projectScope(req, req.params.org, req.params.project),
          req.query,
          req.body ?? {},
        ),
    );
    app.delete(
      "/projects/:org/:project/issues/",
      {
        schema: {
          ...BULK_DELETE_DOC,
          operationId: "deleteProjectIssues",
          params: projectParams,
          querystring: issueIndexQuerySchema,
          response: { 204: noContent("deleted (or nothing matched)") },
        },
      },
      async (req, reply) =>
        bulkDelete(reply, await projectScope(req, req.params.org, req.params.project), req.query),
    );

    // --- one issue: details, update, delete ---------------------------------------------------------
    const orgOf = (request: FastifyRequest, org: string | undefined): Organization =>
      org === undefined ? auth(request).organization : requireOrganization(auth(request), org);

    const details = async (request: FastifyRequest, org: string | undefined, issueId: string) => {
      const organization = orgOf(request, org);
      const issue = await findIssueForPath(ctx.db, organization, issueId);
      return issueDetails(ctx, organization, issue, baseUrlOf(ctx, request));
    };
    const update = async (
      request: FastifyRequest,
      org: string | undefined,
      issueId: string,
      body: IssueUpdateBody,
    ) => {
      const organization = orgOf(request, org);
      const issue = await findIssueForPath(ctx.db, organization, issueId);
      const result = await updateIssues(ctx, { organization, ids: [issue.id] }, body);
      if (result === null) throw notFound(); // deleted meanwhile
      // As Sentry, a single update answers with the whole updated issue.
      const updated = await findIssueForPath(ctx.db, organization, String(issue.id));
      return issueDetails(ctx, organization, updated, baseUrlOf(ctx, request));
    };
    const remove = async (
      request: FastifyRequest,
      reply: FastifyReply,
      org: string | undefined,
      issueId: string,
    ) => {
      const organization = orgOf(request, org);
      const issue = await findIssueForPath(ctx.db, organization, issueId);
      await deleteIssues(ctx, { organization, ids: [issue.id] });
      // Sentry's issue-details DELETE answers 202: the deletion is scheduled.
      return reply.code(202).send();
    };

    app.get(
      "/organizations/:org/issues/:issueId/",
      {
        schema: {
          ...DETAILS_DOC,
          operationId: "getOrganizationIssue",
          params: orgIssueParams,
          response: { 200: issueDetailsSchema.describe("the issue") },
        },
      },
      (req) => details(req, req.params.org, req.params.issueId),
    );
    app.get(
      "/issues/:issueId/",
      {
        schema: {
          ...DETAILS_DOC,
          operationId: "getIssue",
          params: issueParams,
          response: { 200: issueDetailsSchema.describe("the issue") },
        },
      },
      (req) => details(req, undefined, req.params.issueId),
    );
    app.put(
      "/organizations/:org/issues/:issueId/",
      {
        schema: {
          ...UPDATE_DOC,
          operationId: "updateOrganizationIssue",
          params: orgIssueParams,
          body: updateBody,
          response: { 200: issueDetailsSchema.describe("the whole updated issue") },
        },
      },
      (req) => update(req, req.params.org, req.params.issueId, req.body ?? {}),
    );
    app.put(
      "/issues/:issueId/",
      {
        schema: {
          ...UPDATE_DOC,
          operationId: "updateIssue",
          params: issueParams,
          body: updateBody,
          response: { 200: issueDetailsSchema.describe("the whole updated issue") },
        },
      },
      (req) => update(req, undefined, req.params.issueId, req.body ?? {}),
    );
    app.delete(
      "/organizations/:org/issues/:issueId/",
      {
        schema: {
          ...DELETE_DOC,
          operationId: "deleteOrganizationIssue",
          params: orgIssueParams,
          response: { 202: noContent("deletion scheduled (the issue is gone from every read at once)") },
        },
      },
      (req, reply) => remove(req, reply, req.params.org, req.params.issueId),
    );
    app.delete(
      "/issues/:issueId/",
      {
        schema: {
          ...DELETE_DOC,
          operationId: "deleteIssue",
          params: issueParams,
          response: { 202: noContent("deletion scheduled (the issue is gone from every read at once)") },
        },
      },
      (req, reply) => remove(req, reply, undefined, req.params.issueId),
    );

    // --- events and activities of an issue ----------------------------------------------------------
    const events = async (
      request: FastifyRequest,
      reply: FastifyReply,
      org: string | undefined,
      issueId: string,
      query: z.output<typeof eventsQuery>,
    ) => {
      const organization = orgOf(request, org);
      const issue = await findIssueForPath(ctx.db, organization, issueId);
      const page = offsetPage(query.cursor, query.per_page ?? query.limit);
      const rows = await listIssueOccurrences(ctx.db, issue.id, {
        limit: page.limit + 1,
        offset: page.offset,
        environments: query.environment,
      });
      const more = rows.length > page.limit;
      return reply
        .header("Link", offsetLinkHeader(requestUrlOf(ctx, request), page, more))
        .send(rows.slice(0, page.limit).map((o) => serializeEvent(o, issue)));
    };
    const oneEvent = async (
      request: FastifyRequest,
      org: string | undefined,
      issueId: string,
      eventId: string,
    ) => {
      const organization = orgOf(request, org);
      const issue = await findIssueForPath(ctx.db, organization, issueId);
      const event = await findEvent(issue, eventId);
      if (!event) throw notFound();
      return event;
    };
    const findEvent = async (issue: IssueRecord, which: string) => {
      if (which === "latest" || which === "recommended") {
        const [latest] = await listIssueOccurrences(ctx.db, issue.id, { limit: 1 });
        return latest ? serializeEvent(latest, issue) : null;
      }
      if (which === "oldest") {
        const all = await listIssueOccurrences(ctx.db, issue.id, { limit: 1, oldestFirst: true });
        return all[0] ? serializeEvent(all[0], issue) : null;
      }
      const eventId = canonicalUuid(which);
      if (!eventId) return null;
      const [match] = await listIssueOccurrences(ctx.db, issue.id, { limit: 1, eventId });
      return match ? serializeEvent(match, issue) : null;
    };
    const activities = async (request: FastifyRequest, org: string | undefined, issueId: string) => {
      const organization = orgOf(request, org);
      const issue = await findIssueForPath(ctx.db, organization, issueId);
      const rows = await listIssueActivities(ctx.db, issue.id, 100);
      return { activity: rows.map(serializeActivity) };
    };

    app.get(
      "/organizations/:org/issues/:issueId/events/",
      {
        schema: {
          ...EVENTS_DOC,
          operationId: "listOrganizationIssueEvents",
          params: orgIssueParams,
          querystring: eventsQuery,
          response: { 200: issueEventListSchema.describe("a page of events, newest first") },
        },
        config: { responseHeaders: PAGE_HEADERS },
      },
      (req, reply) => events(req, reply, req.params.org, req.params.issueId, req.query),
    );
    app.get(
      "/issues/:issueId/events/",
      {
        schema: {
          ...EVENTS_DOC,
          operationId: "listIssueEvents",
          params: issueParams,
          querystring: eventsQuery,
          response: { 200: issueEventListSchema.describe("a page of events, newest first") },
        },
        config: { responseHeaders: PAGE_HEADERS },
      },
      (req, reply) => events(req, reply, undefined, req.params.issueId, req.query),
    );
    app.get(
      "/organizations/:org/issues/:issueId/events/:eventId/",
      {
        schema: {
          ...EVENT_DOC,
          operationId: "getOrganizationIssueEvent",
          params: orgEventParams,
          response: { 200: issueEventSchema.describe("the event") },
        },
      },
      (req) => oneEvent(req, req.params.org, req.params.issueId, req.params.eventId),
    );
    app.get(
      "/issues/:issueId/events/:eventId/",
      {
        schema: {
          ...EVENT_DOC,
          operationId: "getIssueEvent",
          params: eventParams,
          response: { 200: issueEventSchema.describe("the event") },
        },
      },
      (req) => oneEvent(req, undefined, req.params.issueId, req.params.eventId),
    );
    app.get(
      "/organizations/:org/issues/:issueId/activities/",
      {
        schema: {
          ...ACTIVITIES_DOC,
          operationId: "listOrganizationIssueActivities",
          params: orgIssueParams,
          response: { 200: activityListSchema.describe("the activity log, newest first") },
        },
      },
      (req) => activities(req, req.params.org, req.params.issueId),
    );
    app.get(
      "/issues/:issueId/activities/",
      {
        schema: {
          ...ACTIVITIES_DOC,
          operationId: "listIssueActivities",
          params: issueParams,
          response: { 200: activityListSchema.describe("the activity log, newest first") },
        },
      },
      (req) => activities(req, undefined, req.params.issueId),
    );

    // --- short ids ----------------------------------------------------------------------------------
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
      const group = await issueDetails(ctx, organization, issue, baseUrlOf(ctx, req));
      const project = group.project as { slug: string };
      return {
        organizationSlug: organization.slug,
        projectSlug: project.slug,
        groupId: String(issue.id),
        group,
        shortId: group.shortId,
      };
    });
  };
}
