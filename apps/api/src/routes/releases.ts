import { z } from "zod";
import {
  deleteRelease,
  getOrCreateRelease,
  getReleaseDetails,
  listReleases,
  withTransaction,
} from "@sift/storage";
import { zodRoutes } from "../context.js";
import type { ApiContext, ZodApp } from "../context.js";
import { ApiError, badRequest } from "../http/errors.js";
import { OFFSET_PAGE_HEADERS, answerOffsetPage, offsetPageParams } from "../http/offset-page.js";
import { parseIdList, repeatedParam, singleParam } from "../http/params.js";
import { serializeRelease } from "../serializers/release.js";
import { releaseListSchema, releaseSchema } from "../serializers/release-schemas.js";
import { noContent } from "../serializers/schemas.js";
import {
  RELEASE_PREFIXES,
  VERSION_PARAMS,
  applyReleaseChanges,
  createBody,
  projectIdsBySlug,
  releaseScope,
  requestedRelease,
  requireRelease,
  updateBody,
} from "./release-bodies.js";
import { releaseCommitRoutes } from "./release-commits.js";
import { releaseDeployRoutes } from "./release-deploys.js";

const listQuery = z.looseObject({ project: repeatedParam, query: singleParam, ...offsetPageParams });

/** Sentry's answer to deleting a release that some issue was first seen in. */
const RELEASE_REFERENCED = "This release is referenced by active issues and cannot be removed.";

/** The organization's (or a project's) releases: list, create. */
function releaseIndexRoutes(app: ZodApp, ctx: ApiContext): void {
  for (const prefix of RELEASE_PREFIXES) {
    app.get(
      `${prefix.path}/`,
      {
        schema: {
          tags: ["Releases"],
          operationId: `list${prefix.id}Releases`,
          summary: `List the ${prefix.id.toLowerCase()}'s releases`,
          description:
            "Newest first; `query` (version substring), `per_page`, `cursor`" +
            (prefix.id === "Organization" ? ", `project` (ids, repeatable)." : "."),
          params: prefix.params,
          querystring: listQuery,
          response: { 200: releaseListSchema.describe("a page of releases, newest first") },
        },
        config: { responseHeaders: OFFSET_PAGE_HEADERS },
      },
      async (req, reply) => {
        const scope = await releaseScope(ctx, req, req.params);
        return answerOffsetPage(ctx, req, reply, {
          load: (window) => {
            const projectIds = scope.project
              ? [scope.project.id]
              : parseIdList(
                  req.query.project.flatMap((p) => p.split(",")).filter((p) => p !== "-1"),
                  "Invalid project parameter. Values must be numbers.",
                );
            const query = req.query.query?.trim() || undefined;
            return listReleases(ctx.db, scope.organization.id, { projectIds, query, ...window });
          },
          body: (shown) => shown.map(serializeRelease),
        });
      },
    );

    app.post(
      `${prefix.path}/`,
      {
        schema: {
          tags: ["Releases"],
          operationId: `create${prefix.id}Release`,
          summary: "Create a release (or add to an existing one)",
          description:
            "Links the release to `projects` (slugs, required but possibly empty; on a project's path, " +
            "that project); sets `status` (open / archived); stores `ref`, " +
            "`url`, `refs` / `headCommits`; `commits` resolve the issues whose pending commit fix they " +
            "ship. 201 for a new release, 208 for an existing one (as Sentry).",
          params: prefix.params,
          body: createBody,
          response: {
            201: releaseSchema.describe("created"),
            208: releaseSchema.describe("the release already existed; it was updated"),
          },
        },
      },
      async (req, reply) => {
        const scope = await releaseScope(ctx, req, req.params);
        const { version, projects, ...changes } = req.body;
        // Sentry requires the list on the organization's path, but it may be empty: sentry-cli archives
        // and restores with `{"version", "projects": [], "status"}`.
        if (!scope.project && projects === undefined) throw badRequest('Invalid field "projects": Required');
        const projectIds = await projectIdsBySlug(ctx, scope.organization, projects ?? []);
        if (scope.project) projectIds.push(scope.project.id);
        const created = await withTransaction(ctx.db, async (trx) => {
          const found = await getOrCreateRelease(trx, scope.organization.id, version, ctx.clock.now());
          await applyReleaseChanges(trx, ctx, scope.organization, found.release.id, {
            ...changes,
            projectIds,
          });
          return found.created;
        });
        const details = await getReleaseDetails(ctx.db, scope.organization.id, version);
        // Sentry: 201 for a new release, 208 (already reported) for an existing one.
        return reply.code(created ? 201 : 208).send(serializeRelease(details!));
      },
    );
  }
}

/** One release: details, update, delete. */
function singleReleaseRoutes(app: ZodApp, ctx: ApiContext): void {
  for (const prefix of RELEASE_PREFIXES) {
    const params = VERSION_PARAMS[prefix.id];
    app.get(
      `${prefix.path}/:version/`,
      {
        schema: {
          tags: ["Releases"],
          operationId: `get${prefix.id}Release`,
          summary: "Get a release",
          params,
          response: { 200: releaseSchema.describe("the release") },
        },
      },
      async (req) => serializeRelease(await requestedRelease(ctx, req, req.params)),
    );

    app.put(
      `${prefix.path}/:version/`,
      {
        schema: {
          tags: ["Releases"],
          operationId: `update${prefix.id}Release`,
          summary: "Update a release",
          description:
            "`dateReleased`, `commits`, `refs` / `headCommits`, `ref`, `url`, more `projects` (an empty " +
            "list adds none, as sentry-cli sends it), `status` (open / archived).",
          params,
          body: updateBody,
          response: { 200: releaseSchema.describe("the updated release") },
        },
      },
      async (req) => {
        const scope = await releaseScope(ctx, req, req.params);
        const existing = await requireRelease(ctx, scope, req.params.version);
        const { projects, ...changes } = req.body;
        const projectIds = await projectIdsBySlug(ctx, scope.organization, projects ?? []);
        await withTransaction(ctx.db, (trx) =>
          applyReleaseChanges(trx, ctx, scope.organization, existing.id, { ...changes, projectIds }),
        );
        return serializeRelease((await getReleaseDetails(ctx.db, scope.organization.id, existing.version))!);
      },
    );

    app.delete(
      `${prefix.path}/:version/`,
      {
        schema: {
          tags: ["Releases"],
          operationId: `delete${prefix.id}Release`,
          summary: "Delete a release",
          description:
            "With its commits, head commits and deploys. A release some issue was first seen in stays: 400.",
          params,
          response: { 204: noContent("deleted") },
        },
      },
      async (req, reply) => {
        const scope = await releaseScope(ctx, req, req.params);
        const existing = await requireRelease(ctx, scope, req.params.version);
        const outcome = await withTransaction(ctx.db, (trx) => deleteRelease(trx, existing.id));
        if (outcome === "referenced") throw new ApiError(400, RELEASE_REFERENCED);
        return reply.code(204).send();
      },
    );
  }
}

export function releaseRoutes(ctx: ApiContext) {
  return zodRoutes((app) => {
    releaseIndexRoutes(app, ctx);
    singleReleaseRoutes(app, ctx);
    releaseDeployRoutes(app, ctx);
    releaseCommitRoutes(app, ctx);
  });
}
