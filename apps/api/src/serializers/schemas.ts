// The JSON the API answers with, as zod schemas: the routes declare them as their responses, so the
// OpenAPI document (`/api/0/openapi.json`) is generated from them, and with `checkResponses` (every
// integration test) each answer is checked against them, so the document cannot drift from the
// serializers in this folder.
import { z } from "zod";

// `.meta({ id })` (zod's global registry) makes a schema a named component of the OpenAPI document
// (`#/components/schemas/<id>`); `.describe()` texts become its descriptions.
const isoDate = z.string().describe("ISO 8601 date and time (UTC)");

/** Every error answer: `{"detail": "..."}` with the reference's messages. */
export const errorSchema = z
  .object({ detail: z.string() })
  .meta({ id: "Error", description: 'Every error answer: `{"detail": "…"}`' });

/** Sentry's ActorSerializer (an assignee). */
export const actorSchema = z
  .union([
    z.object({ type: z.literal("user"), id: z.string(), name: z.string(), email: z.string() }),
    z.object({ type: z.literal("team"), id: z.string(), name: z.string() }),
  ])
  .meta({ id: "Actor" });

/** A stats series: `[unix seconds of the bucket start, count]` pairs. */
const statsSeries = z.array(z.tuple([z.number(), z.number()]));

export const commitSchema = z
  .object({
    id: z.string(),
    message: z.string().nullable(),
    dateCreated: isoDate.nullable(),
    pullRequest: z.null(),
    repository: z.object({
      id: z.string(),
      name: z.string(),
      url: z.null(),
      provider: z.null(),
      status: z.string(),
    }),
    author: z.object({ email: z.string(), name: z.string() }).nullable(),
  })
  .meta({ id: "Commit" });

const statusDetailsSchema = z
  .object({
    inRelease: z.string().nullable().optional(),
    inNextRelease: z.boolean().optional(),
    inUpcomingRelease: z.boolean().optional(),
    inCommit: commitSchema.optional(),
    ignoreUntilEscalating: z.boolean().optional(),
    ignoreCount: z.number().nullable().optional(),
    ignoreUntil: isoDate.nullable().optional(),
    ignoreUserCount: z.number().nullable().optional(),
    ignoreUserWindow: z.number().nullable().optional(),
    ignoreWindow: z.number().nullable().optional(),
    actor: z.null().optional(),
  })
  .describe("how the issue is resolved or ignored; `{}` otherwise");

/** Sentry's issue JSON (the list, the details and the short-id lookup). */
export const issueSchema = z
  .object({
    id: z.string(),
    shareId: z.null(),
    shortId: z.string().describe("qualified short id, e.g. WEB-1F"),
    title: z.string(),
    culprit: z.string(),
    permalink: z.string(),
    logger: z.null(),
    level: z.string(),
    status: z.enum([
      "unresolved",
      "resolved",
      "ignored",
      "pending_deletion",
      "pending_merge",
      "reprocessing",
    ]),
    statusDetails: statusDetailsSchema,
    substatus: z.string().nullable(),
    isPublic: z.boolean(),
    platform: z.string().nullable(),
    project: z.object({
      id: z.string(),
      name: z.string(),
      slug: z.string(),
      platform: z.string().nullable(),
    }),
    type: z.string(),
    metadata: z.record(z.string(), z.unknown()),
    numComments: z.number(),
    assignedTo: actorSchema.nullable(),
    isBookmarked: z.boolean(),
    isSubscribed: z.boolean(),
    subscriptionDetails: z
      .object({ reason: z.string() })
      .nullable()
      .describe(
        "why the signed-in user is subscribed (`commented`, `bookmarked`, `unknown`…); null otherwise",
      ),
    hasSeen: z.boolean(),
    annotations: z.array(z.unknown()),
    issueType: z.string().describe("the group type's slug"),
    issueCategory: z.string(),
    priority: z.enum(["low", "medium", "high"]).nullable(),
    priorityLockedAt: isoDate.nullable(),
    isUnhandled: z.boolean(),
    count: z.string().describe("times seen (lifetime), as a string as in Sentry"),
    userCount: z.number(),
    firstSeen: isoDate.nullable(),
    lastSeen: isoDate.nullable(),
    stats: z
      .record(z.string(), statsSeries)
      .optional()
      .describe("`{<groupStatsPeriod>: [[bucket, count], …]}`; absent with `collapse=stats`"),
    lifetime: z
      .object({
        count: z.string(),
        userCount: z.number(),
        firstSeen: isoDate.nullable(),
        lastSeen: isoDate.nullable(),
        stats: z.null(),
      })
      .optional(),
    filtered: z.null().optional(),
    inbox: z
      .object({
        reason: z.number(),
        reason_details: z.record(z.string(), z.unknown()).nullable(),
        date_added: isoDate.nullable(),
      })
      .nullable()
      .optional()
      .describe("with `expand=inbox`"),
    matchingEventId: z.string().optional().describe("on an event-id direct hit"),
  })
  .meta({ id: "Issue" });

export const issueListSchema = z.array(issueSchema);

/** Sentry's ActivitySerializer. */
/** Sentry's UserSerializer, as far as Sift has users. */
export const userSchema = z
  .object({ id: z.string(), name: z.string(), username: z.string(), email: z.string(), avatarUrl: z.null() })
  .meta({ id: "User" });

export const activitySchema = z
  .object({
    id: z.string(),
    user: userSchema.nullable().describe("the signed-in user who acted; null for a token or ingest"),
    sentry_app: z.null(),
    type: z.string().describe('e.g. "set_resolved"'),
    data: z.record(z.string(), z.unknown()),
    dateCreated: isoDate.nullable(),
  })
  .meta({ id: "Activity" });

export const activityListSchema = z.object({ activity: z.array(activitySchema) });

const releaseSummarySchema = z
  .object({
    version: z.string(),
    shortVersion: z.string(),
    dateCreated: isoDate.nullable(),
    dateReleased: isoDate.nullable(),
    firstEvent: isoDate.nullable(),
    lastEvent: isoDate.nullable(),
  })
  .nullable();

/** Issue details: the issue JSON with `24h` and `30d` stats, the activity and the releases. */
export const issueDetailsSchema = issueSchema
  .extend({
    stats: z.object({ "24h": statsSeries, "30d": statsSeries }),
    activity: z.array(activitySchema),
    firstRelease: releaseSummarySchema,
    lastRelease: releaseSummarySchema,
    seenBy: z.array(z.unknown()),
    participants: z.array(z.unknown()),
    pluginActions: z.array(z.unknown()),
    pluginIssues: z.array(z.unknown()),
    pluginContexts: z.array(z.unknown()),
    userReportCount: z.number(),
    tags: z.array(z.unknown()),
  })
  .meta({ id: "IssueDetails" });

/** A bulk update's answer: the validated body with the computed fields. */
export const issueUpdateResultSchema = z
  .object({
    status: z.string().optional(),
    substatus: z.string().nullable().optional(),
    statusDetails: z.record(z.string(), z.unknown()).optional(),
    ignoreDuration: z.number().optional(),
    ignoreCount: z.number().optional(),
    ignoreWindow: z.number().optional(),
    ignoreUserCount: z.number().optional(),
    ignoreUserWindow: z.number().optional(),
    snoozeDuration: z.number().nullable().optional(),
    assignedTo: actorSchema.nullable().optional(),
    assignedBy: z.string().optional(),
    integration: z.string().optional(),
    priority: z.enum(["low", "medium", "high"]).optional(),
    inbox: z.union([z.boolean(), z.null()]).optional(),
    hasSeen: z.boolean().optional(),
    isBookmarked: z.boolean().optional(),
    isPublic: z.boolean().optional(),
    isSubscribed: z.boolean().optional(),
    subscriptionDetails: z.object({ reason: z.string() }).optional(),
    merge: z
      .object({ parent: z.string(), children: z.array(z.string()) })
      .optional()
      .describe("a merge: the issue the others were merged into, and those (deleted)"),
    discard: z.boolean().optional(),
    activity: z.array(activitySchema).optional(),
  })
  .meta({ id: "IssueUpdateResult" });

/** An issue event: an occurrence with its stored event, in Sentry's event JSON shape. */
export const issueEventSchema = z
  .object({
    id: z.string(),
    eventID: z.string(),
    groupID: z.string(),
    projectID: z.string(),
    title: z.string(),
    message: z.string(),
    culprit: z.string().nullable(),
    platform: z.string().nullable(),
    type: z.string(),
    "event.type": z.string(),
    location: z.null(),
    dateCreated: isoDate.nullable(),
    dateReceived: isoDate.nullable(),
    tags: z.array(z.object({ key: z.string(), value: z.string() })),
    user: z.unknown().nullable(),
    release: z.object({ version: z.string(), shortVersion: z.string() }).nullable(),
    environment: z.string().nullable(),
    dist: z.string().nullable(),
    contexts: z.unknown(),
    sdk: z.unknown().nullable(),
    entries: z.array(z.unknown()),
    occurrence: z.object({
      id: z.string(),
      projectId: z.number(),
      eventId: z.string(),
      fingerprint: z.array(z.string()),
      issueTitle: z.unknown().nullable(),
      subtitle: z.unknown().nullable(),
      resourceId: z.unknown().nullable(),
      evidenceData: z.unknown(),
      evidenceDisplay: z.unknown(),
      type: z.number(),
      detectionTime: z.number().describe("unix seconds"),
      level: z.unknown().nullable(),
      culprit: z.unknown().nullable(),
      priority: z.unknown().nullable(),
      assignee: z.unknown().nullable(),
    }),
  })
  .meta({ id: "Event" });

export const issueEventListSchema = z.array(issueEventSchema);

export const shortIdLookupSchema = z.object({
  organizationSlug: z.string(),
  projectSlug: z.string(),
  groupId: z.string(),
  group: issueDetailsSchema,
  shortId: z.string(),
});

/** Sentry's release JSON, as far as Sift keeps release data. */
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
    ref: z.null(),
    url: z.null(),
    dateReleased: isoDate.nullable(),
    dateCreated: isoDate.nullable(),
    data: z.record(z.string(), z.unknown()),
    newGroups: z.number(),
    owner: z.null(),
    commitCount: z.number(),
    lastCommit: commitSchema.nullable(),
    deployCount: z.number(),
    lastDeploy: z.null(),
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
  })
  .meta({ id: "Release" });

export const releaseListSchema = z.array(releaseSchema);

/** An empty answer (204, 202). */
export const noContent = (description: string) => z.undefined().describe(description);

export type ActorJson = z.output<typeof actorSchema>;
export type UserJson = z.output<typeof userSchema>;
export type CommitJson = z.output<typeof commitSchema>;
export type StatusDetailsJson = z.output<typeof statusDetailsSchema>;
export type IssueJson = z.output<typeof issueSchema>;
export type IssueDetailsJson = z.output<typeof issueDetailsSchema>;
export type ReleaseSummaryJson = z.output<typeof releaseSummarySchema>;
export type ActivityJson = z.output<typeof activitySchema>;
export type IssueEventJson = z.output<typeof issueEventSchema>;
export type ReleaseJson = z.output<typeof releaseSchema>;
