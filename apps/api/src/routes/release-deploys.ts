import { z } from "zod";
import { createDeploy, listDeploys, withTransaction } from "@sift/storage";
import type { ApiContext, ZodApp } from "../context.js";
import { badRequest } from "../http/errors.js";
import { serializeDeploy } from "../serializers/release.js";
import { deploySchema } from "../serializers/release-schemas.js";
import {
  RELEASE_PREFIXES,
  VERSION_PARAMS,
  dateField,
  dateOf,
  projectIdsBySlug,
  releaseListRoutes,
  releaseScope,
  requireRelease,
} from "./release-bodies.js";

/** Environment names as Sentry accepts them: no slashes or line breaks, at most 64 characters. */
const environmentName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((v) => !/[\r\n\f/]/.test(v), "Invalid environment name");

const deployBody = z.object({
  environment: environmentName,
  name: z.string().max(64).nullable().optional(),
  url: z.string().max(2_000).nullable().optional(),
  dateStarted: dateField.optional(),
  dateFinished: dateField.optional(),
  projects: z.array(z.string().min(1).max(100)).max(1_000).optional(),
});

/** A release's deploys: list, create (Sentry's `/releases/{version}/deploys/`). */
export function releaseDeployRoutes(app: ZodApp, ctx: ApiContext): void {
  releaseListRoutes(app, ctx, {
    path: "deploys",
    name: "Deploys",
    summary: "List a release's deploys",
    description: "The latest finished first.",
    item: deploySchema,
    answer: "the deploys",
    load: async (release) => (await listDeploys(ctx.db, release.id)).map(serializeDeploy),
  });
  for (const prefix of RELEASE_PREFIXES) {
    app.post(
      `${prefix.path}/:version/deploys/`,
      {
        schema: {
          tags: ["Releases"],
          operationId: `create${prefix.id}ReleaseDeploy`,
          summary: "Create a deploy of a release",
          description:
            "`environment` (created when new), `name`, `url`, `dateStarted`, `dateFinished` (now when " +
            "not sent; not before `dateStarted`), `projects` (slugs of the release's projects).",
          params: VERSION_PARAMS[prefix.id],
          body: deployBody,
          response: { 201: deploySchema.describe("the deploy") },
        },
      },
      async (req, reply) => {
        const scope = await releaseScope(ctx, req, req.params);
        const release = await requireRelease(ctx, scope, req.params.version);
        const body = req.body;
        const projectIds = await projectIdsBySlug(ctx, scope.organization, body.projects ?? []);
        if (projectIds.some((id) => !release.projects.some((p) => p.id === id)))
          throw badRequest("Invalid projects: the release does not belong to them");
        const dateStarted = dateOf(body.dateStarted) ?? null;
        const dateFinished = dateOf(body.dateFinished) ?? ctx.clock.now();
        if (dateStarted && dateStarted > dateFinished)
          throw badRequest("dateFinished: Finish date must be after start date");
        const deploy = await withTransaction(ctx.db, (trx) =>
          createDeploy(trx, {
            organizationId: scope.organization.id,
            releaseId: release.id,
            environment: body.environment,
            name: body.name ?? null,
            url: body.url ?? null,
            dateStarted,
            dateFinished,
          }),
        );
        return reply.code(201).send(serializeDeploy(deploy));
      },
    );
  }
}
