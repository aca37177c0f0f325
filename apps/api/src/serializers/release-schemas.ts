import { z } from "zod";
import { commitSchema, isoDate } from "./schemas.js";

/** Sentry's deploy JSON: a release deployed to an environment. */
export const deploySchema = z
  .object({
    id: z.string(),
    environment: z.string(),
    dateStarted: isoDate.nullable(),
    dateFinished: isoDate,
    name: z.string().nullable(),
    url: z.string().nullable(),
  })
  .meta({ id: "Deploy" });

/** Sentry's repository JSON (Sift knows repositories by name only: no provider, no integration). */
export const repositorySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    url: z.null(),
    provider: z.object({ id: z.string(), name: z.string() }),
    status: z.literal("active"),
    dateCreated: isoDate,
    integrationId: z.null(),
    externalSlug: z.null(),
    externalId: z.null(),
  })
  .meta({ id: "Repository" });

/** Sentry's release JSON, as far as Sift keeps release data, with the head commits it was sent. */
export const releaseSchema = z
  .object({
    id: z.number(),
    version: z.string(),
    shortVersion: z.string(),
    status: z.enum(["open", "archived"]),
    versionInfo: z.object({
      package: z.string().nullable(),
      version: z.object({ raw: z.string() }),
      description: z.string(),
      buildHash: z.null(),
    }),
    ref: z.string().nullable(),
    url: z.string().nullable(),
    dateReleased: isoDate.nullable(),
    dateCreated: isoDate.nullable(),
    data: z.record(z.string(), z.unknown()),
    newGroups: z.number().describe("issues first seen in this release"),
    owner: z.null(),
    commitCount: z.number(),
    lastCommit: commitSchema.nullable(),
    deployCount: z.number(),
    lastDeploy: deploySchema.nullable(),
    authors: z.array(z.unknown()),
    projects: z.array(
      z.object({
        id: z.number(),
        slug: z.string(),
        name: z.string(),
        platform: z.string().nullable(),
        platforms: z.array(z.string()),
        newGroups: z.number(),
        hasHealthData: z.boolean(),
      }),
    ),
    firstEvent: isoDate.nullable(),
    lastEvent: isoDate.nullable(),
    currentProjectMeta: z.record(z.string(), z.unknown()),
    userAgent: z.null(),
    refs: z
      .array(z.object({ repository: z.string(), commit: z.string(), previousCommit: z.string().nullable() }))
      .describe("the head commit of each repository, as `refs` are sent"),
    headCommits: z
      .array(z.object({ repository: z.string(), currentId: z.string(), previousId: z.string().nullable() }))
      .describe("the same head commits, as the older `headCommits` are sent"),
  })
  .meta({ id: "Release" });

export const releaseListSchema = z.array(releaseSchema);

export type DeployJson = z.output<typeof deploySchema>;
export type RepositoryJson = z.output<typeof repositorySchema>;
export type ReleaseJson = z.output<typeof releaseSchema>;
