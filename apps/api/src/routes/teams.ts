import { z } from "zod";
import { SLUG_PATTERN, createTeam, createTeamProject, getTeamBySlug, listTeams } from "@sift/storage";
import { zodRoutes } from "../context.js";
import type { ApiContext } from "../context.js";
import { requireOrganization, userIdOf } from "../http/auth.js";
import { ApiError, badRequest, isUniqueViolation, notFound } from "../http/errors.js";
import { grantedScopes } from "../serializers/organization.js";
import { projectDetailsSchema, slugSchema } from "../serializers/organization-schemas.js";
import { serializeTeam, teamSchema } from "../serializers/settings.js";
import { projectDetailsOf } from "./organizations.js";

const org = z.string().min(1).max(100).describe("organization slug (or id)");
const orgParams = z.object({ org });
const teamParams = z.object({ org, team: z.string().min(1).max(100).describe("team slug") });
const slug = slugSchema;
const teamBody = z.looseObject({
  slug: slug.optional(),
  name: z.string().trim().min(1).max(64).optional(),
});
const projectBody = z.looseObject({
  name: z.string().trim().min(1).max(50),
  slug: slug.optional().describe("from the name when absent"),
  platform: z.string().trim().max(64).nullable().optional(),
});

/** A slug from a name, as Sentry's `slugify`: lower case, runs of other characters become one `-`. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "")
    .slice(0, 50);
}

/** Sentry's teams list and team projects: how a project is made (it belongs to a team), with its first key. */
export function teamRoutes(ctx: ApiContext) {
  return zodRoutes((app) => {
    app.get(
      "/organizations/:org/teams/",
      {
        schema: {
          tags: ["Teams"],
          operationId: "listOrganizationTeams",
          summary: "An organization's teams, by slug",
          params: orgParams,
          response: { 200: z.array(teamSchema) },
        },
      },
      async (req) => {
        const organization = requireOrganization(req.auth!, req.params.org);
        const access = grantedScopes(req.auth!.scopes);
        return (await listTeams(ctx.db, organization.id, userIdOf(req.auth!))).map((t) =>
          serializeTeam(t, access),
        );
      },
    );
    app.post(
      "/organizations/:org/teams/",
      {
        schema: {
          tags: ["Teams"],
          operationId: "createOrganizationTeam",
          summary: "Create a team",
          description:
            "`slug` or `name` (the slug is made from the name when absent); a slug in use is a 409.",
          params: orgParams,
          body: teamBody,
          response: { 201: teamSchema },
        },
        config: { scope: "event:admin" },
      },
      async (req, reply) => {
        const organization = requireOrganization(req.auth!, req.params.org);
        const teamSlug = req.body.slug ?? slugify(req.body.name ?? "");
        if (teamSlug === "") throw badRequest("A team needs a slug or a name");
        if (!SLUG_PATTERN.test(teamSlug)) throw badRequest(`Invalid slug "${teamSlug}"`);
        try {
          const team = await createTeam(ctx.db, {
            organizationId: organization.id,
            slug: teamSlug,
            name: req.body.name ?? teamSlug,
          });
          const [summary] = (await listTeams(ctx.db, organization.id, null)).filter((t) => t.id === team.id);
          return reply.code(201).send(serializeTeam(summary!, grantedScopes(req.auth!.scopes)));
        } catch (error) {
          if (isUniqueViolation(error)) throw new ApiError(409, "A team with this slug already exists.");
          throw error;
        }
      },
    );
    app.post(
      "/teams/:org/:team/projects/",
      {
        schema: {
          tags: ["Teams"],
          operationId: "createTeamProject",
          summary: "Create a project for a team",
          description:
            "`name`, `slug` (from the name when absent), `platform`. The project gets a first client key " +
            'labelled "Default", as in Sentry. A slug the organization has is a 409.',
          params: teamParams,
          body: projectBody,
          response: { 201: projectDetailsSchema.describe("the new project") },
        },
        config: { scope: "event:admin" },
      },
      async (req, reply) => {
        const organization = requireOrganization(req.auth!, req.params.org);
        const team = await getTeamBySlug(ctx.db, organization.id, req.params.team);
        if (!team) throw notFound();
        const projectSlug = req.body.slug ?? slugify(req.body.name);
        if (!SLUG_PATTERN.test(projectSlug) || /^\d+$/.test(projectSlug))
          throw badRequest(`Invalid field "slug": cannot be made from the name "${req.body.name}"; give one`);
        try {
          const { project } = await createTeamProject(ctx.db, {
            organizationId: organization.id,
            slug: projectSlug,
            name: req.body.name,
            platform: req.body.platform ?? null,
            teamId: team.id,
          });
          return reply.code(201).send(await projectDetailsOf(ctx, req, project));
        } catch (error) {
          if (isUniqueViolation(error)) throw new ApiError(409, "A project with this slug already exists.");
          throw error;
        }
      },
    );
  });
}
