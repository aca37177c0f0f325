import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { parseTimestamp } from "@sift/schemas";
import {
  MAX_RELEASE_VERSION_LENGTH,
  ReleaseStatus,
  getOrCreateRelease,
  getReleaseDetails,
  linkReleaseProjects,
  listProjects,
  listReleases,
  resolveIssuesOfShippedCommits,
  setReleaseCommits,
  updateRelease,
  withTransaction,
} from "@sift/storage";
import type { CommitInput, Organization } from "@sift/storage";
import type { Knex } from "knex";
import { requestUrlOf } from "../context.js";
import type { ApiContext, ZodApp } from "../context.js";
import { requireOrganization } from "../http/auth.js";
import { badRequest, notFound } from "../http/errors.js";
import { offsetLinkHeader, offsetPage } from "../http/offset-page.js";
import { repeatedParam, singleParam } from "../http/params.js";
import { serializeRelease } from "../serializers/release.js";
import { releaseListSchema, releaseSchema } from "../serializers/schemas.js";

/** Characters Sentry refuses in a release version. */
const BAD_VERSION_CHARS = /[\r\n\f\t/\\]/;

export function isValidReleaseVersion(version: string): boolean {
  const trimmed = version.trim();
  return trimmed !== "" && !BAD_VERSION_CHARS.test(version) && ![".", "..", "latest"].includes(trimmed);
}

const dateField = z
  .string()
  .max(64)
  .refine((v) => parseTimestamp(v) !== null, "expected an ISO 8601 date")
  .nullable();

const commitSchema = z.object({
  id: z.string().trim().min(1).max(64),
  repository: z.string().trim().min(1).max(200).optional(),
  message: z.string().max(65_536).nullable().optional(),
  author_email: z.string().max(254).nullable().optional(),
  author_name: z.string().max(254).nullable().optional(),
  timestamp: dateField.optional(),
});

const versionField = z
  .string()
  .max(MAX_RELEASE_VERSION_LENGTH)
  .refine(
    isValidReleaseVersion,
    "release version is empty or not allowed (no /, \\, tabs or newlines; not '.', '..' or 'latest')",
  );

const createBody = z.object({
  version: versionField,
  projects: z.array(z.string().min(1).max(100)).min(1).max(1_000),
  dateReleased: dateField.optional(),
  commits: z.array(commitSchema).max(10_000).optional(),
  ref: z.string().max(200).nullable().optional(),
  url: z.string().max(2_000).nullable().optional(),
});

const updateBody = z.object({
  dateReleased: dateField.optional(),
  commits: z.array(commitSchema).max(10_000).optional(),
  projects: z.array(z.string().min(1).max(100)).max(1_000).optional(),
  status: z.enum(["open", "archived"]).optional(),
  ref: z.string().max(200).nullable().optional(),
  url: z.string().max(2_000).nullable().optional(),
});

const listQuery = z.looseObject({
  project: repeatedParam,
  query: singleParam,
  per_page: singleParam,
  cursor: singleParam,
});

const org = z.string().min(1).max(100).describe("organization slug (or id)");
const orgParams = z.object({ org });
const versionParams = z.object({
  org,
  version: z.string().min(1).max(MAX_RELEASE_VERSION_LENGTH).describe("release version"),
});

type CommitBody = z.output<typeof commitSchema>;

function commitInputs(organization: Organization, commits: readonly CommitBody[]): CommitInput[] {
  return commits.map((c) => ({
    // Sentry's default repository for commits sent without one.
    repository: c.repository ?? `organization-${organization.id}`,
    key: c.id,
    message: c.message ?? null,
    authorEmail: c.author_email ?? null,
    dateAdded: c.timestamp ? parseTimestamp(c.timestamp) : null,
  }));
}

async function projectIdsBySlug(
  ctx: ApiContext,
  organization: Organization,
  slugs: readonly string[],
): Promise<number[]> {
  const projects = await listProjects(ctx.db, organization.id);
  const bySlug = new Map(projects.map((p) => [p.slug, p.id]));
  const ids = slugs.map((s) => bySlug.get(s));
  if (ids.some((id) => id === undefined)) throw badRequest("Invalid project slugs");
  return ids as number[];
}

async function applyCommits(
  trx: Knex.Transaction,
  ctx: ApiContext,
  organization: Organization,
  releaseId: number,
  commits: readonly CommitBody[],
): Promise<void> {
  const now = ctx.clock.now();
  const ids = await setReleaseCommits(
    trx,
    organization.id,
    releaseId,
    commitInputs(organization, commits),
    now,
  );
  await resolveIssuesOfShippedCommits(trx, releaseId, ids, now);
}

/** The organization's releases: list, create. */
function releaseIndexRoutes(app: ZodApp, ctx: ApiContext): void {
  app.get(
    "/organizations/:org/releases/",
    {
      schema: {
        tags: ["Releases"],
        operationId: "listReleases",
        summary: "List the organization's releases",
        description:
          "Newest first; `project` (ids, repeatable), `query` (version prefix), `per_page`, `cursor`.",
        params: orgParams,
        querystring: listQuery,
        response: { 200: releaseListSchema.describe("a page of releases, newest first") },
      },
      config: { responseHeaders: { 200: { Link: 'pagination (`cursor="0:<offset>:0"`), as in Sentry' } } },
    },
    async (req, reply) => {
      const organization = requireOrganization(req.auth!, req.params.org);
      const page = offsetPage(req.query.cursor, req.query.per_page);
      const projectIds = req.query.project
        .flatMap((p) => p.split(","))
        .filter((p) => p !== "" && p !== "-1")
        .map((p) => {
          if (!/^\d{1,15}$/.test(p)) throw badRequest("Invalid project parameter. Values must be numbers.");
          return Number(p);
        });
      const rows = await listReleases(ctx.db, organization.id, {
        projectIds,
        query: req.query.query?.trim() || undefined,
        limit: page.limit + 1,
        offset: page.offset,
      });
      const more = rows.length > page.limit;
      return reply
        .header("Link", offsetLinkHeader(requestUrlOf(ctx, req), page, more))
        .send(rows.slice(0, page.limit).map(serializeRelease));
    },
  );

  app.post(
    "/organizations/:org/releases/",
    {
      schema: {
        tags: ["Releases"],
        operationId: "createRelease",
        summary: "Create a release (or add to an existing one)",
        description:
          "Links the release to `projects` (slugs); `commits` resolve the issues whose pending commit fix " +
          "they ship. 201 for a new release, 208 for an existing one (as Sentry).",
        params: orgParams,
        body: createBody,
        response: {
          201: releaseSchema.describe("created"),
          208: releaseSchema.describe("the release already existed; it was updated"),
        },
      },
    },
    async (req, reply) => {
      const organization = requireOrganization(req.auth!, req.params.org);
      const body = req.body;
      const projectIds = await projectIdsBySlug(ctx, organization, body.projects);
      const created = await withTransaction(ctx.db, async (trx) => {
        const { release, created } = await getOrCreateRelease(
          trx,
          organization.id,
          body.version,
          ctx.clock.now(),
        );
        await linkReleaseProjects(trx, release.id, projectIds);
        if (body.dateReleased !== undefined) {
          await updateRelease(trx, release.id, {
            dateReleased: body.dateReleased ? parseTimestamp(body.dateReleased) : null,
          });
        }
        if (body.commits) await applyCommits(trx, ctx, organization, release.id, body.commits);
        return created;
      });
      const details = await getReleaseDetails(ctx.db, organization.id, body.version);
      // Sentry: 201 for a new release, 208 (already reported) for an existing one.
      return reply.code(created ? 201 : 208).send(serializeRelease(details!));
    },
  );
}

/** One release: details, update. */
function singleReleaseRoutes(app: ZodApp, ctx: ApiContext): void {
  app.get(
    "/organizations/:org/releases/:version/",
    {
      schema: {
        tags: ["Releases"],
        operationId: "getRelease",
        summary: "Get a release",
        params: versionParams,
        response: { 200: releaseSchema.describe("the release") },
      },
    },
    async (req) => {
      const organization = requireOrganization(req.auth!, req.params.org);
      const details = await getReleaseDetails(ctx.db, organization.id, req.params.version);
      if (!details) throw notFound();
      return serializeRelease(details);
    },
  );

  app.put(
    "/organizations/:org/releases/:version/",
    {
      schema: {
        tags: ["Releases"],
        operationId: "updateRelease",
        summary: "Update a release",
        description: "`dateReleased`, `commits`, more `projects`, `status` (open / archived).",
        params: versionParams,
        body: updateBody,
        response: { 200: releaseSchema.describe("the updated release") },
      },
    },
    async (req) => {
      const organization = requireOrganization(req.auth!, req.params.org);
      const existing = await getReleaseDetails(ctx.db, organization.id, req.params.version);
      if (!existing) throw notFound();
      const body = req.body;
      const projectIds = body.projects ? await projectIdsBySlug(ctx, organization, body.projects) : [];
      await withTransaction(ctx.db, async (trx) => {
        await linkReleaseProjects(trx, existing.id, projectIds);
        await updateRelease(trx, existing.id, {
          dateReleased:
            body.dateReleased === undefined
              ? undefined
              : body.dateReleased
                ? parseTimestamp(body.dateReleased)
                : null,
          status:
            body.status === undefined
              ? undefined
              : body.status === "open"
                ? ReleaseStatus.OPEN
                : ReleaseStatus.ARCHIVED,
        });
        if (body.commits) await applyCommits(trx, ctx, organization, existing.id, body.commits);
      });
      const details = await getReleaseDetails(ctx.db, organization.id, req.params.version);
      return serializeRelease(details!);
    },
  );
}

export function releaseRoutes(ctx: ApiContext) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    releaseIndexRoutes(app, ctx);
    singleReleaseRoutes(app, ctx);
  };
}
