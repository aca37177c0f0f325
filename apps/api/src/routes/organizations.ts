import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { loadProjectSummaries, searchProjects, updateProject } from "@sift/storage";
import type { Organization, Project } from "@sift/storage";
import { baseUrlOf, requestUrlOf, zodRoutes } from "../context.js";
import type { ApiContext } from "../context.js";
import { requireOrganization, requirePathProject } from "../http/auth.js";
import type { AuthContext } from "../http/auth.js";
import { badRequest, isUniqueViolation, notFound } from "../http/errors.js";
import { offsetLinkHeader, offsetPage, pageWindow, sendOffsetPage } from "../http/offset-page.js";
import { singleParam } from "../http/params.js";
import { loadOrganizationFeatures } from "../issues/scope.js";
import {
  apiIndexSchema,
  organizationListSchema,
  organizationSchema,
  projectDetailsSchema,
  projectListSchema,
  projectUpdateBodySchema,
  tokenUserSchema,
} from "../serializers/organization-schemas.js";
import {
  grantedScopes,
  serializeOrganization,
  serializeProjectDetails,
  serializeProjectSummary,
  serializeTokenUser,
} from "../serializers/organization.js";
import type { OrganizationContext } from "../serializers/organization.js";
import { serializeSessionUser } from "../serializers/user.js";

const org = z.string().min(1).max(100).describe("organization slug (or id)");
const orgParams = z.object({ org });
const projectParams = z.object({ org, project: z.string().min(1).max(100).describe("project slug (or id)") });
const pageQuery = {
  cursor: singleParam.describe("from the `Link` header"),
  per_page: singleParam.describe("page size, 1–100 (default 100)"),
};
const organizationsQuery = z.looseObject({
  ...pageQuery,
  query: singleParam.describe("text the slug or name contains"),
  owner: singleParam,
  sortBy: singleParam,
});
/** The most projects `all_projects=1` answers. */
const ALL_PROJECTS = 10_000;
const projectsQuery = z.looseObject({
  ...pageQuery,
  query: singleParam.describe(
    "`slug:web`, `id:1`, or text the slug or name contains (space-separated, ANDed)",
  ),
  all_projects: singleParam.describe(
    `\`1\`: every project on one page (at most ${ALL_PROJECTS}), as Sentry's UI asks`,
  ),
});
const PAGE_HEADERS = { 200: { Link: '`rel="previous"` and `rel="next"` cursors (Sentry\'s format)' } };

/** The user JSON of the caller: the signed-in user of a session, or the token itself. */
function callerUser(auth: AuthContext) {
  return auth.session ? serializeSessionUser(auth.session, auth.scopes) : serializeTokenUser(auth.token!);
}

/** `slug:…`, `id:…` and free text of a project search (Sentry's `query` of the project list). */
function parseProjectQuery(text: string | undefined): { text: string[]; slugs?: string[]; ids?: number[] } {
  const terms = (text ?? "")
    .trim()
    .split(/\s+/)
    .filter((t) => t !== "");
  const result: { text: string[]; slugs?: string[]; ids?: number[] } = { text: [] };
  for (const term of terms) {
    const match = /^(slug|id|query):(.+)$/.exec(term);
    if (!match) {
      if (/^[a-z_.]+:/i.test(term)) throw badRequest(`Invalid project search key in "${term}"`);
      result.text.push(term);
    } else if (match[1] === "query") {
      result.text.push(match[2]!);
    } else if (match[1] === "slug") {
      result.slugs = [...(result.slugs ?? []), ...match[2]!.split(",")];
    } else {
      const ids = match[2]!.split(",");
      if (!ids.every((id) => /^\d{1,15}$/.test(id))) throw badRequest(`Invalid project id in "${term}"`);
      result.ids = [...(result.ids ?? []), ...ids.map(Number)];
    }
  }
  return result;
}

async function organizationContext(
  ctx: ApiContext,
  request: FastifyRequest,
  organization: Organization,
): Promise<OrganizationContext> {
  return {
    organization,
    features: await loadOrganizationFeatures(ctx.db, organization),
    access: grantedScopes(request.auth!.scopes),
    baseUrl: baseUrlOf(ctx, request),
  };
}

/** Sentry's project details JSON of one of the caller's projects. */
export async function projectDetailsOf(ctx: ApiContext, request: FastifyRequest, project: Project) {
  const orgCtx = await organizationContext(ctx, request, request.auth!.organization);
  const summaries = await loadProjectSummaries(ctx.db, orgCtx.organization.id, [project.id]);
  return serializeProjectDetails(project, summaries.get(project.id)!, orgCtx);
}

export function organizationRoutes(ctx: ApiContext) {
  const orgContext = (request: FastifyRequest, organization: Organization) =>
    organizationContext(ctx, request, organization);
  const projectDetails = (request: FastifyRequest, project: Project) =>
    projectDetailsOf(ctx, request, project);
  const listOrganizations = async (
    request: FastifyRequest,
    reply: FastifyReply,
    query: z.output<typeof organizationsQuery>,
  ) => {
    const page = offsetPage(query.cursor, query.per_page);
    const text = (query.query ?? "").trim().toLowerCase();
    const organization = request.auth!.organization;
    const matches =
      text === "" || organization.slug.includes(text) || organization.name.toLowerCase().includes(text);
    const all = matches ? [await orgContext(request, organization)] : [];
    const shown = all.slice(page.offset, page.offset + page.limit);
    return reply
      .header(
        "Link",
        offsetLinkHeader(requestUrlOf(ctx, request), page, all.length > page.offset + page.limit),
      )
      .send(shown.map(serializeOrganization));
  };
  const listProjects = async (
    request: FastifyRequest,
    reply: FastifyReply,
    params: { org: string },
    query: z.output<typeof projectsQuery>,
  ) => {
    const organization = requireOrganization(request.auth!, params.org);
    const page =
      query.all_projects === "1"
        ? { offset: 0, limit: ALL_PROJECTS }
        : offsetPage(query.cursor, query.per_page);
    const found = await searchProjects(ctx.db, organization.id, {
      ...parseProjectQuery(query.query),
      ...pageWindow(page),
    });
    return sendOffsetPage(reply, requestUrlOf(ctx, request), page, found, async (shown) => {
      const summaries = await loadProjectSummaries(
        ctx.db,
        organization.id,
        shown.map((p) => p.id),
      );
      const access = grantedScopes(request.auth!.scopes);
      return shown.map((p) => serializeProjectSummary(p, summaries.get(p.id)!, access));
    });
  };

  return zodRoutes((app) => {
    app.get(
      "/",
      {
        schema: {
          tags: ["Account"],
          operationId: "getApiIndex",
          summary: "The API's version and the caller",
          description: "Answers without a token too (`auth` and `user` are then null), as Sentry's does.",
          response: { 200: apiIndexSchema.describe("the version, the token's scopes and its user") },
        },
        config: { auth: "optional" },
      },
      async (req) => ({
        version: "0" as const,
        auth: req.auth ? { scopes: grantedScopes(req.auth.scopes) } : null,
        user: req.auth ? callerUser(req.auth) : null,
      }),
    );
    app.get(
      "/auth/",
      {
        schema: {
          tags: ["Account"],
          operationId: "getCurrentUser",
          summary: "The caller as a user",
          description:
            "For a session, the signed-in user with `session` (the organization, role and expiry); for a " +
            "token, the token itself: Sift's tokens belong to an organization, not a person.",
          response: { 200: tokenUserSchema.describe("the caller") },
        },
      },
      async (req) => callerUser(req.auth!),
    );
    app.get(
      "/organizations/",
      {
        schema: {
          tags: ["Organizations"],
          operationId: "listOrganizations",
          summary: "The organizations of the caller",
          description: "The token's organization (a token belongs to one).",
          querystring: organizationsQuery,
          response: { 200: organizationListSchema.describe("a page of organizations") },
        },
        config: { responseHeaders: PAGE_HEADERS },
      },
      (req, reply) => listOrganizations(req, reply, req.query),
    );
    app.get(
      "/organizations/:org/",
      {
        schema: {
          tags: ["Organizations"],
          operationId: "getOrganization",
          summary: "An organization",
          params: orgParams,
          querystring: z.looseObject({ detailed: singleParam }),
          response: { 200: organizationSchema.describe("the organization") },
        },
      },
      async (req) =>
        serializeOrganization(await orgContext(req, requireOrganization(req.auth!, req.params.org))),
    );
    app.get(
      "/organizations/:org/projects/",
      {
        schema: {
          tags: ["Organizations"],
          operationId: "listOrganizationProjects",
          summary: "An organization's projects, by slug",
          params: orgParams,
          querystring: projectsQuery,
          response: { 200: projectListSchema.describe("a page of projects") },
        },
        config: { responseHeaders: PAGE_HEADERS },
      },
      (req, reply) => listProjects(req, reply, req.params, req.query),
    );
    app.get(
      "/projects/:org/:project/",
      {
        schema: {
          tags: ["Organizations"],
          operationId: "getProject",
          summary: "A project",
          params: projectParams,
          response: { 200: projectDetailsSchema.describe("the project") },
        },
      },
      async (req) => {
        return projectDetails(req, (await requirePathProject(ctx.db, req.auth!, req.params)).project);
      },
    );
    app.put(
      "/projects/:org/:project/",
      {
        schema: {
          tags: ["Organizations"],
          operationId: "updateProject",
          summary: "Rename a project, change its slug, platform or allowed origins",
          description:
            "Sift keeps a project's name, slug, platform and allowed origins (`allowedDomains`); other Sentry " +
            "project settings answer 400. A slug another project of the organization has is a 400.",
          params: projectParams,
          body: projectUpdateBodySchema,
          response: { 200: projectDetailsSchema.describe("the updated project") },
        },
        config: { scope: "event:admin" },
      },
      async (req) => {
        const { organization, project } = await requirePathProject(ctx.db, req.auth!, req.params);
        const updated = await updateProject(ctx.db, organization.id, project.id, req.body).catch(
          (error: unknown) => {
            if (!isUniqueViolation(error)) throw error;
            throw badRequest(`Another project (${req.body.slug}) is already using that slug`);
          },
        );
        if (!updated) throw notFound();
        return projectDetails(req, updated);
      },
    );
  });
}
