import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { planCommitShipped, applyTransitions } from "@sift/lifecycle";
import { parseTimestamp } from "@sift/schemas";
import {
  MAX_RELEASE_VERSION_LENGTH,
  ReleaseStatus,
  getReleaseDetails,
  linkReleaseProjects,
  listProjects,
  lockIssuesResolvedByCommits,
  setReleaseCommits,
  setReleaseHeadCommits,
  updateRelease,
} from "@sift/storage";
import type { CommitInput, HeadCommit, Organization, Project, ReleaseDetails } from "@sift/storage";
import type { Knex } from "knex";
import type { ApiContext, ZodApp } from "../context.js";
import { requireOrganization, requireProject } from "../http/auth.js";
import { badRequest, notFound } from "../http/errors.js";

/** Characters Sentry refuses in a release version. */
const BAD_VERSION_CHARS = /[\r\n\f\t/\\]/;

export function isValidReleaseVersion(version: string): boolean {
  const trimmed = version.trim();
  return trimmed !== "" && !BAD_VERSION_CHARS.test(version) && ![".", "..", "latest"].includes(trimmed);
}

export const dateField = z
  .string()
  .max(64)
  .refine((v) => parseTimestamp(v) !== null, "expected an ISO 8601 date")
  .nullable();

/** A date field's value: undefined (not sent), null, or the date. */
export const dateOf = (v: string | null | undefined): Date | null | undefined =>
  v === undefined ? undefined : v === null ? null : parseTimestamp(v);

const commitSchema = z.object({
  id: z.string().trim().min(1).max(64),
  repository: z.string().trim().min(1).max(200).optional(),
  message: z.string().max(65_536).nullable().optional(),
  author_email: z.string().max(254).nullable().optional(),
  author_name: z.string().max(254).nullable().optional(),
  timestamp: dateField.optional(),
});

const sha = z.string().trim().min(1).max(64);
const repository = z.string().trim().min(1).max(200);
const refSchema = z.object({ repository, commit: sha, previousCommit: sha.nullable().optional() });
const headCommitSchema = z.object({ repository, currentId: sha, previousId: sha.nullable().optional() });

const versionField = z
  .string()
  .max(MAX_RELEASE_VERSION_LENGTH)
  .refine(
    isValidReleaseVersion,
    "release version is empty or not allowed (no /, \\, tabs or newlines; not '.', '..' or 'latest')",
  );

/** What both a create and an update may send. */
const changes = {
  dateReleased: dateField.optional(),
  commits: z.array(commitSchema).max(10_000).optional(),
  refs: z.array(refSchema).max(1_000).optional(),
  headCommits: z.array(headCommitSchema).max(1_000).optional(),
  ref: z.string().max(200).nullable().optional(),
  url: z.string().max(2_000).nullable().optional(),
};

export const createBody = z.object({
  version: versionField,
  projects: z.array(z.string().min(1).max(100)).max(1_000).optional(),
  status: z.enum(["open", "archived"]).optional(),
  ...changes,
});

export const updateBody = z.object({
  projects: z.array(z.string().min(1).max(100)).max(1_000).optional(),
  status: z.enum(["open", "archived"]).optional(),
  ...changes,
});

export type ReleaseChanges = z.output<typeof updateBody>;
type CommitBody = z.output<typeof commitSchema>;

const org = z.string().min(1).max(100).describe("organization slug (or id)");
const project = z.string().min(1).max(100).describe("project slug (or id)");
const version = z.string().min(1).max(MAX_RELEASE_VERSION_LENGTH).describe("release version");

/** The two prefixes of release routes: the organization's and one project's. */
export const RELEASE_PREFIXES = [
  { path: "/organizations/:org/releases", params: z.object({ org }), id: "Organization" },
  { path: "/projects/:org/:project/releases", params: z.object({ org, project }), id: "Project" },
] as const;

export const VERSION_PARAMS = {
  Organization: z.object({ org, version }),
  Project: z.object({ org, project, version }),
} as const;

export const orgParams = z.object({ org });

export interface ReleaseScope {
  organization: Organization;
  /** The project the path names, if any. */
  project: Project | null;
}

/** The organization (and project) a release path names; 404 outside the token's organization. */
export async function releaseScope(
  ctx: ApiContext,
  request: FastifyRequest,
  params: { org: string; project?: string },
): Promise<ReleaseScope> {
  const organization = requireOrganization(request.auth!, params.org);
  const project =
    params.project === undefined ? null : await requireProject(ctx.db, organization, params.project);
  return { organization, project };
}

/** A release by version in the scope (a project path: only the project's releases); 404 otherwise. */
export async function requireRelease(
  ctx: ApiContext,
  scope: ReleaseScope,
  version: string,
): Promise<ReleaseDetails> {
  const details = await getReleaseDetails(ctx.db, scope.organization.id, version);
  if (!details) throw notFound();
  if (scope.project && !details.projects.some((p) => p.id === scope.project!.id)) throw notFound();
  return details;
}

/** The release a `…/releases/{version}/…` path names, in the path's organization or project. */
export async function requestedRelease(
  ctx: ApiContext,
  request: FastifyRequest,
  params: { org: string; project?: string; version: string },
): Promise<ReleaseDetails> {
  return requireRelease(ctx, await releaseScope(ctx, request, params), params.version);
}

/** A list a release has (its commits, its deploys): `GET …/:version/<path>/` under both release prefixes. */
export function releaseListRoutes<Item extends z.ZodType>(
  app: ZodApp,
  ctx: ApiContext,
  list: {
    path: string;
    /** What the operation ids end with: `list{Organization,Project}Release<name>`. */
    name: string;
    summary: string;
    description: string;
    item: Item;
    /** The answer's description. */
    answer: string;
    load: (release: ReleaseDetails) => Promise<z.output<Item>[]>;
  },
): void {
  for (const prefix of RELEASE_PREFIXES)
    app.get(
      `${prefix.path}/:version/${list.path}/`,
      {
        schema: {
          tags: ["Releases"],
          operationId: `list${prefix.id}Release${list.name}`,
          summary: list.summary,
          description: list.description,
          params: VERSION_PARAMS[prefix.id],
          response: { 200: z.array(list.item).describe(list.answer) },
        },
      },
      async (req) => list.load(await requestedRelease(ctx, req, req.params)),
    );
}

export async function projectIdsBySlug(
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

/** `refs` win over the older `headCommits` when both are sent (as in Sentry). */
function headCommitsOf(body: ReleaseChanges): HeadCommit[] | undefined {
  if (body.refs)
    return body.refs.map((r) => ({
      repository: r.repository,
      commit: r.commit,
      previousCommit: r.previousCommit ?? null,
    }));
  return body.headCommits?.map((h) => ({
    repository: h.repository,
    commit: h.currentId,
    previousCommit: h.previousId ?? null,
  }));
}

/**
 * Writes what a create or update sent, in the caller's transaction: projects, dates, status, `ref`,
 * `url`, head commits and commits. The commits' shipped fixes are resolved in this release, planned
 * through @sift/lifecycle.
 */
export async function applyReleaseChanges(
  trx: Knex.Transaction,
  ctx: ApiContext,
  organization: Organization,
  releaseId: number,
  body: ReleaseChanges & { projectIds: readonly number[] },
): Promise<void> {
  const now = ctx.clock.now();
  await linkReleaseProjects(trx, releaseId, body.projectIds);
  await updateRelease(trx, releaseId, {
    dateReleased: dateOf(body.dateReleased),
    status:
      body.status === undefined
        ? undefined
        : body.status === "open"
          ? ReleaseStatus.OPEN
          : ReleaseStatus.ARCHIVED,
    ref: body.ref,
    url: body.url,
  });
  const heads = headCommitsOf(body);
  if (heads) await setReleaseHeadCommits(trx, organization.id, releaseId, heads, now);
  if (!body.commits) return;
  const ids = await setReleaseCommits(
    trx,
    organization.id,
    releaseId,
    commitInputs(organization, body.commits),
    now,
  );
  const issues = await lockIssuesResolvedByCommits(trx, ids);
  await applyTransitions(trx, planCommitShipped(issues, { id: releaseId }, now));
}
