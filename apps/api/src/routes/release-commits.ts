import { z } from "zod";
import { listReleaseCommits, listRepositories, previousReleaseWithCommits } from "@sift/storage";
import type { ApiContext, ZodApp } from "../context.js";
import { requireOrganization } from "../http/auth.js";
import { serializeCommit } from "../serializers/common.js";
import { serializeRelease, serializeRepository } from "../serializers/release.js";
import { releaseSchema, repositorySchema } from "../serializers/release-schemas.js";
import { commitSchema } from "../serializers/schemas.js";
import { VERSION_PARAMS, orgParams, releaseListRoutes, requestedRelease } from "./release-bodies.js";

/** A release's commits, the previous release with commits, and the organization's repositories. */
export function releaseCommitRoutes(app: ZodApp, ctx: ApiContext): void {
  releaseListRoutes(app, ctx, {
    path: "commits",
    name: "Commits",
    summary: "List a release's commits",
    description: "In the order they were set.",
    item: commitSchema,
    answer: "the commits",
    load: async (release) => (await listReleaseCommits(ctx.db, release.id)).map(serializeCommit),
  });

  app.get(
    "/organizations/:org/releases/:version/previous-with-commits/",
    {
      schema: {
        tags: ["Releases"],
        operationId: "getPreviousReleaseWithCommits",
        summary: "Get the previous release that has commits",
        description:
          "The organization's latest release created before this one that has commits; `{}` when none.",
        params: VERSION_PARAMS.Organization,
        response: {
          200: z
            .union([releaseSchema, z.object({}).strict()])
            .describe("the previous release with commits, or `{}`"),
        },
      },
    },
    async (req) => {
      const release = await requestedRelease(ctx, req, req.params);
      const previous = await previousReleaseWithCommits(ctx.db, release);
      return previous ? serializeRelease(previous) : {};
    },
  );

  app.get(
    "/organizations/:org/repos/",
    {
      schema: {
        tags: ["Releases"],
        operationId: "listRepositories",
        summary: "List the organization's repositories",
        description: "The repositories its commits and refs named, by name.",
        params: orgParams,
        response: { 200: z.array(repositorySchema).describe("the repositories") },
      },
    },
    async (req) => {
      const organization = requireOrganization(req.auth!, req.params.org);
      return (await listRepositories(ctx.db, organization.id)).map(serializeRepository);
    },
  );
}
