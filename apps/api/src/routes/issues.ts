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
import { canonicalUuid } from "@sift/schemas";

const orgParams = z.object({ org: z.string().min(1).max(100) });
const projectParams = z.object({ org: z.string().min(1).max(100), project: z.string().min(1).max(100) });
const orgIssueParams = z.object({ org: z.string().min(1).max(100), issueId: z.string().min(1).max(200) });
const issueParams = z.object({ issueId: z.string().min(1).max(200) });
const eventParams = z.object({
  org: z.string().min(1).max(100).optional(),
  issueId: z.string().min(1).max(200),
  eventId: z.string().min(1).max(100),
});
const shortIdParams = z.object({ org: z.string().min(1).max(100), shortId: z.string().min(1).max(200) });
const updateBody = issueUpdateBodySchema.optional();
const eventsQuery = z.looseObject({
  cursor: singleParam,
  per_page: singleParam,
  limit: singleParam,
  full: singleParam,
  environment: repeatedParam,
});

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
      { schema: { params: orgParams, querystring: issueIndexQuerySchema } },
      (req, reply) => list(req, reply, orgScope(req, req.params.org), req.query),
    );
    app.put(
      "/organizations/:org/issues/",
      { schema: { params: orgParams, querystring: issueIndexQuerySchema, body: updateBody } },
      (req, reply) => bulkUpdate(reply, orgScope(req, req.params.org), req.query, req.body ?? {}),
    );
    app.delete(
      "/organizations/:org/issues/",
      { schema: { params: orgParams, querystring: issueIndexQuerySchema } },
      (req, reply) => bulkDelete(reply, orgScope(req, req.params.org), req.query),
    );
    app.get(
      "/projects/:org/:project/issues/",
      { schema: { params: projectParams, querystring: issueIndexQuerySchema } },
      async (req, reply) =>
        list(req, reply, await projectScope(req, req.params.org, req.params.project), req.query),
    );
    app.put(
      "/projects/:org/:project/issues/",
      { schema: { params: projectParams, querystring: issueIndexQuerySchema, body: updateBody } },
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
      { schema: { params: projectParams, querystring: issueIndexQuerySchema } },
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

    app.get("/organizations/:org/issues/:issueId/", { schema: { params: orgIssueParams } }, (req) =>
      details(req, req.params.org, req.params.issueId),
    );
    app.get("/issues/:issueId/", { schema: { params: issueParams } }, (req) =>
      details(req, undefined, req.params.issueId),
    );
    app.put(
      "/organizations/:org/issues/:issueId/",
      { schema: { params: orgIssueParams, body: updateBody } },
      (req) => update(req, req.params.org, req.params.issueId, req.body ?? {}),
    );
    app.put("/issues/:issueId/", { schema: { params: issueParams, body: updateBody } }, (req) =>
      update(req, undefined, req.params.issueId, req.body ?? {}),
    );
    app.delete("/organizations/:org/issues/:issueId/", { schema: { params: orgIssueParams } }, (req, reply) =>
      remove(req, reply, req.params.org, req.params.issueId),
    );
    app.delete("/issues/:issueId/", { schema: { params: issueParams } }, (req, reply) =>
      remove(req, reply, undefined, req.params.issueId),
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
      { schema: { params: orgIssueParams, querystring: eventsQuery } },
      (req, reply) => events(req, reply, req.params.org, req.params.issueId, req.query),
    );
    app.get(
      "/issues/:issueId/events/",
      { schema: { params: issueParams, querystring: eventsQuery } },
      (req, reply) => events(req, reply, undefined, req.params.issueId, req.query),
    );
    app.get(
      "/organizations/:org/issues/:issueId/events/:eventId/",
      { schema: { params: eventParams } },
      (req) => oneEvent(req, req.params.org, req.params.issueId, req.params.eventId),
    );
    app.get("/issues/:issueId/events/:eventId/", { schema: { params: eventParams } }, (req) =>
      oneEvent(req, undefined, req.params.issueId, req.params.eventId),
    );
    app.get(
      "/organizations/:org/issues/:issueId/activities/",
      { schema: { params: orgIssueParams } },
      (req) => activities(req, req.params.org, req.params.issueId),
    );
    app.get("/issues/:issueId/activities/", { schema: { params: issueParams } }, (req) =>
      activities(req, undefined, req.params.issueId),
    );

    // --- short ids ----------------------------------------------------------------------------------
    app.get("/organizations/:org/shortids/:shortId/", { schema: { params: shortIdParams } }, async (req) => {
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
